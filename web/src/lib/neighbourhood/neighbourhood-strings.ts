// The area panel's RT/RW section (#20 items 2 and 5: the RT/RW table, the musyawarah kelurahan list), Bahasa
// Indonesia and English: spread into the app's catalogues (i18n.svelte.ts).
export const NEIGHBOURHOOD_ID = {
  rtrwTitle: 'Rincian RT/RW',
  rtrwIntro:
    'Angka per RW dan RT untuk petugas (tidak dipublikasikan: sel kecil dapat menunjuk keluarga). Setiap pembukaan tercatat di log audit.',
  rtrwShow: 'Tampilkan rincian RT/RW',
  rtrwCaption: 'Indikator per RW di {name}, periode {period}',
  rtrwRw: 'RW',
  rtrwRt: 'RT {rt}',
  rtrwNoRw: 'RW tidak tercatat',
  rtrwNoRt: 'RT tidak tercatat',
  rtrwHouseholds: 'Keluarga',
  rtrwPoor: 'Miskin (desil 1–4)',
  rtrwPoorShare: 'Miskin (%)',
  rtrwDisability: 'Disabilitas per 1.000 jiwa',
  rtrwUnverified: 'Belum diverifikasi (%)',
  rtrwExpand: 'Tampilkan RT di RW {rw}',
  rtrwTotal: 'Seluruh kelurahan',
  rtrwDownload: 'Unduh semua indikator per RT/RW:',
  rtrwNone: 'Tidak ada keluarga aktif di kelurahan ini pada periode ini.',
  muskelTitle: 'Daftar musyawarah kelurahan',
  muskelIntro:
    'PDF untuk rapat: nama kepala keluarga, RT/RW dan kategori; NIK dan No. KK disamarkan, tanpa alamat; kolom keputusan untuk diisi. Setiap cetakan tercatat.',
  muskelRw: 'RW yang dicetak',
  muskelAllRw: 'Semua RW',
  muskelRwOption: 'RW {rw}',
  muskelDownload: 'Unduh daftar (PDF)',
} as const;

export const NEIGHBOURHOOD_EN: Record<keyof typeof NEIGHBOURHOOD_ID, string> = {
  rtrwTitle: 'RT/RW detail',
  rtrwIntro:
    'Figures per RW and RT for staff (never published: small cells can point at a household). Every opening is logged.',
  rtrwShow: 'Show the RT/RW detail',
  rtrwCaption: 'Indicators per RW in {name}, period {period}',
  rtrwRw: 'RW',
  rtrwRt: 'RT {rt}',
  rtrwNoRw: 'RW not recorded',
  rtrwNoRt: 'RT not recorded',
  rtrwHouseholds: 'Households',
  rtrwPoor: 'Poor (desil 1–4)',
  rtrwPoorShare: 'Poor (%)',
  rtrwDisability: 'Disability per 1,000',
  rtrwUnverified: 'Not verified (%)',
  rtrwExpand: 'Show the RTs of RW {rw}',
  rtrwTotal: 'Whole kelurahan',
  rtrwDownload: 'Download every indicator per RT/RW:',
  rtrwNone: 'No active households in this kelurahan in this period.',
  muskelTitle: 'Kelurahan meeting list (muskel)',
  muskelIntro:
    'A PDF for the meeting: heads of family, RT/RW and category; NIK and family card numbers masked, no address; a decision column to fill in. Every print is logged.',
  muskelRw: 'RW to print',
  muskelAllRw: 'All RW',
  muskelRwOption: 'RW {rw}',
  muskelDownload: 'Download the list (PDF)',
};
