// The kelurahan's part of the semester cycle and the penetapan (#20 items 2 and 4) in both languages: the
// refusals of closing, attaching a berita acara, recording the meeting's decisions and adopting the period,
// and the adoption report's texts (PDF and XLSX), spread into the two server catalogues.

export const CYCLE_MESSAGES_EN = {
  'adoption.stillOpen':
    '{count} kelurahan are still open in period {period} ({names}). Close them first, or adopt with an override that names them and says why.',
  'adoption.notOpen':
    'These kelurahan are not open, so they cannot be left open: {codes}. Reload the list and try again.',
  'adoption.reasonNeeded':
    'Adopting with kelurahan left open needs a reason (for the audit log and the report).',
  'adoption.pendingProposals':
    '{count} proposals in closed kelurahan are still waiting for a decision ({names}). Approve or reject them first: adopting would freeze them undecided.',
  'beritaAcara.type':
    '“{name}” is not a PDF, PNG or JPEG file (judged from its contents). Scan the signed minutes as PDF or as a photo and upload that.',
  'beritaAcara.tooLarge':
    'The file is larger than {mb} MB. Scan at a lower resolution or as PDF and try again.',
  'beritaAcara.notFound': 'No berita acara {id} for this kelurahan and period.',
  'beritaAcara.noFile': 'No file: add the scan as the multipart field "file".',
  'muskel.decision.closed':
    'Kelurahan {kelurahan} is closed for this period: ask an admin to reopen it before recording decisions.',
  'muskel.decision.addNeedsHead': 'Row {row}: a household the meeting adds needs the head of family’s name.',
  'muskel.decision.needsHousehold': 'Row {row}: say which household (householdId) the decision is about.',
  'muskel.decision.notOnList':
    'Row {row}: household {id} is not on this kelurahan’s list in this period. Print the list again and check.',
  'muskel.decision.removeNeedsReason':
    'Row {row}: a removal needs its reason (moved out, died or no longer eligible).',
  'adoption.title': 'Adoption report (penetapan) · period {period} · {region}',
  'adoption.adopted': 'Adopted on {at} by {user}.',
  'adoption.draft': 'DRAFT: the period is still open; these are the figures adopting it now would freeze.',
  'adoption.leftOpen': 'Adopted with {count} kelurahan still open ({names}). Reason: {reason}',
  'adoption.allClosed': 'Every kelurahan was closed when the period was adopted.',
  'adoption.printed':
    'Exported by {user} on {at}. Staff figures, small counts not suppressed: CONFIDENTIAL, not for publication.',
  'adoption.section.registry': 'Registry and indicators by kecamatan and kelurahan',
  'adoption.section.cycle': 'Entries, exits, verification, proposals and the musyawarah kelurahan',
  'adoption.section.beritaAcara': 'Berita acara received ({count})',
  'adoption.noBeritaAcara': 'No berita acara received.',
  'adoption.col.area': 'Area',
  'adoption.col.code': 'Code',
  'adoption.col.level': 'Level',
  'adoption.col.status': 'Status',
  'adoption.col.muskelOn': 'Muskel on',
  'adoption.col.households': 'Households',
  'adoption.col.persons': 'Persons',
  'adoption.col.entered': 'Entered',
  'adoption.col.moved_out': 'Left: moved',
  'adoption.col.died': 'Left: died',
  'adoption.col.not_eligible': 'Left: not eligible',
  'adoption.col.merged': 'Merged (duplicate)',
  'adoption.col.active': 'Active households',
  'adoption.col.verified': 'Verified',
  'adoption.col.verifiedShare': 'Verified %',
  'adoption.col.approved': 'Proposals approved',
  'adoption.col.rejected': 'Proposals rejected',
  'adoption.col.pending': 'Proposals pending',
  'adoption.col.kept': 'Muskel: keep',
  'adoption.col.removed': 'Muskel: remove',
  'adoption.col.added': 'Muskel: add',
  'adoption.col.berita_acara': 'Berita acara',
  'adoption.col.file': 'File',
  'adoption.col.uploadedAt': 'Received',
  'adoption.closedOf': '{closed} of {count} closed',
  'adoption.level.city': 'City',
  'adoption.level.kecamatan': 'Kecamatan',
  'adoption.level.kelurahan': 'Kelurahan',
  'adoption.status.open': 'open',
  'adoption.status.closed': 'closed',
} as const satisfies Record<string, string>;

export const CYCLE_MESSAGES_ID = {
  'adoption.stillOpen':
    '{count} kelurahan masih terbuka dalam periode {period} ({names}). Tutup dulu, atau tetapkan dengan pengecualian yang menyebut kelurahan itu dan alasannya.',
  'adoption.notOpen':
    'Kelurahan ini tidak terbuka, jadi tidak bisa dikecualikan: {codes}. Muat ulang daftar lalu coba lagi.',
  'adoption.reasonNeeded':
    'Penetapan dengan kelurahan yang masih terbuka memerlukan alasan (untuk log audit dan laporan).',
  'adoption.pendingProposals':
    '{count} usulan di kelurahan yang sudah ditutup masih menunggu keputusan ({names}). Setujui atau tolak dulu: penetapan akan membekukannya tanpa keputusan.',
  'beritaAcara.type':
    '“{name}” bukan berkas PDF, PNG atau JPEG (dinilai dari isinya). Pindai berita acara yang sudah ditandatangani sebagai PDF atau foto, lalu unggah.',
  'beritaAcara.tooLarge':
    'Berkas lebih besar dari {mb} MB. Pindai dengan resolusi lebih rendah atau sebagai PDF, lalu coba lagi.',
  'beritaAcara.notFound': 'Tidak ada berita acara {id} untuk kelurahan dan periode ini.',
  'beritaAcara.noFile': 'Tidak ada berkas: tambahkan pindaian sebagai isian multipart "file".',
  'muskel.decision.closed':
    'Kelurahan {kelurahan} sudah ditutup untuk periode ini: minta admin membukanya kembali sebelum mencatat keputusan.',
  'muskel.decision.addNeedsHead':
    'Baris {row}: keluarga yang ditambahkan rapat memerlukan nama kepala keluarga.',
  'muskel.decision.needsHousehold': 'Baris {row}: sebutkan keluarga (householdId) yang diputuskan.',
  'muskel.decision.notOnList':
    'Baris {row}: keluarga {id} tidak ada dalam daftar kelurahan ini pada periode ini. Cetak ulang daftar dan periksa.',
  'muskel.decision.removeNeedsReason':
    'Baris {row}: pengeluaran dari daftar memerlukan alasan (pindah, meninggal atau tidak memenuhi syarat lagi).',
  'adoption.title': 'Laporan penetapan · periode {period} · {region}',
  'adoption.adopted': 'Ditetapkan pada {at} oleh {user}.',
  'adoption.draft': 'DRAF: periode masih terbuka; ini angka yang akan dibekukan bila ditetapkan sekarang.',
  'adoption.leftOpen': 'Ditetapkan dengan {count} kelurahan masih terbuka ({names}). Alasan: {reason}',
  'adoption.allClosed': 'Semua kelurahan sudah ditutup saat periode ditetapkan.',
  'adoption.printed':
    'Diekspor oleh {user} pada {at}. Angka staf, sel kecil tidak disamarkan: RAHASIA, bukan untuk publikasi.',
  'adoption.section.registry': 'Registri dan indikator per kecamatan dan kelurahan',
  'adoption.section.cycle': 'Masuk, keluar, verifikasi, usulan dan musyawarah kelurahan',
  'adoption.section.beritaAcara': 'Berita acara yang diterima ({count})',
  'adoption.noBeritaAcara': 'Belum ada berita acara yang diterima.',
  'adoption.col.area': 'Wilayah',
  'adoption.col.code': 'Kode',
  'adoption.col.level': 'Tingkat',
  'adoption.col.status': 'Status',
  'adoption.col.muskelOn': 'Tanggal muskel',
  'adoption.col.households': 'Keluarga',
  'adoption.col.persons': 'Jiwa',
  'adoption.col.entered': 'Masuk',
  'adoption.col.moved_out': 'Keluar: pindah',
  'adoption.col.died': 'Keluar: meninggal',
  'adoption.col.not_eligible': 'Keluar: tidak layak',
  'adoption.col.merged': 'Digabung (ganda)',
  'adoption.col.active': 'Keluarga aktif',
  'adoption.col.verified': 'Terverifikasi',
  'adoption.col.verifiedShare': '% terverifikasi',
  'adoption.col.approved': 'Usulan disetujui',
  'adoption.col.rejected': 'Usulan ditolak',
  'adoption.col.pending': 'Usulan menunggu',
  'adoption.col.kept': 'Muskel: tetap',
  'adoption.col.removed': 'Muskel: keluar',
  'adoption.col.added': 'Muskel: tambah',
  'adoption.col.berita_acara': 'Berita acara',
  'adoption.col.file': 'Berkas',
  'adoption.col.uploadedAt': 'Diterima',
  'adoption.closedOf': '{closed} dari {count} ditutup',
  'adoption.level.city': 'Kota',
  'adoption.level.kecamatan': 'Kecamatan',
  'adoption.level.kelurahan': 'Kelurahan',
  'adoption.status.open': 'terbuka',
  'adoption.status.closed': 'ditutup',
} as const satisfies Record<string, string>;
