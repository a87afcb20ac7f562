// UI strings: Bahasa Indonesia by default, English switchable. Every key exists in both catalogues
// (the type makes a missing translation a compile error).
const id = {
  appTitle: 'Sidaksos — Peta Kesejahteraan Sosial',
  appSubtitle: 'Kota Semarang',
  language: 'Bahasa',
  loading: 'Memuat peta…',
  loadError: 'Data wilayah gagal dimuat',
  retry: 'Coba lagi',
  syntheticBanner:
    'Data demo sintetis: kode dan nama kelurahan asli, batas wilayah dan warga buatan (bukan orang sungguhan). Impor batas resmi dengan “npm run cli -- import boundaries berkas.geojson”.',
  kelurahanCount: '{n} kelurahan',
  kecamatanCount: '{n} kecamatan',
  mapLabel: 'Peta kelurahan dan kecamatan',
  apiDocs: 'Dokumentasi API',
  login: 'Masuk',
  logout: 'Keluar',
  loginTitle: 'Masuk ke Sidaksos',
  username: 'Nama pengguna',
  password: 'Kata sandi',
  cancel: 'Batal',
  map: 'Peta',
  auditTitle: 'Log audit',
  auditAction: 'Aksi',
  auditWhen: 'Waktu (UTC)',
  auditWhat: 'Objek',
  auditReason: 'Alasan',
  all: 'Semua',
  exportCsv: 'Ekspor CSV',
  loadingShort: 'Memuat…',
  mapSettings: 'Pengaturan peta',
  indicator: 'Indikator',
  period: 'Periode',
  open: 'terbuka',
  method: 'Klasifikasi',
  classes: 'Jumlah kelas',
  palette: 'Palet warna',
  method_quantile: 'Kuantil',
  method_equal: 'Interval sama',
  method_jenks: 'Natural breaks (Jenks)',
  method_stddev: 'Simpangan baku',
  method_pretty: 'Pembulatan (pretty)',
  legend: 'Legenda',
  noData: 'Tidak ada data',
  suppressed: 'Disembunyikan (sel kecil)',
  allValues: 'Semua nilai',
  value: 'Nilai',
  level: 'Tingkat wilayah',
  program: 'Program',
  exportPng: 'Ekspor PNG',
  presentation: 'Mode presentasi',
  exitPresentation: 'Keluar dari presentasi (Esc)',
  source: 'Sumber: Sidaksos, Dinas Sosial Kota Semarang — data demo sintetis. Dibuat {date}.',
  north: 'U',
  compareWithPrevious: 'Perubahan sejak periode sebelumnya',
  changeSince: 'Perubahan sejak {period}',
  ranking: 'Peringkat wilayah',
  area: 'Wilayah',
  downloadCsv: 'Unduh CSV',
  close: 'Tutup',
  keyFigures: 'Angka utama',
  trend: 'Tren persentase keluarga miskin',
  unmetNeeds: 'Kebutuhan belum terpenuhi (keluarga)',
  programCoverage: 'Cakupan program: layak belum menerima / penerima tidak layak',
} as const;

type Catalogue = { [K in keyof typeof id]: string };

const en: Catalogue = {
  appTitle: 'Sidaksos — Social Welfare Map',
  appSubtitle: 'Semarang City',
  language: 'Language',
  loading: 'Loading map…',
  loadError: 'Could not load the areas',
  retry: 'Retry',
  syntheticBanner:
    'Synthetic demo data: real kelurahan codes and names, made-up boundaries and residents (not real people). Import official boundaries with “npm run cli -- import boundaries file.geojson”.',
  kelurahanCount: '{n} kelurahan',
  kecamatanCount: '{n} kecamatan',
  mapLabel: 'Map of kelurahan and kecamatan',
  apiDocs: 'API documentation',
  login: 'Log in',
  logout: 'Log out',
  loginTitle: 'Log in to Sidaksos',
  username: 'Username',
  password: 'Password',
  cancel: 'Cancel',
  map: 'Map',
  auditTitle: 'Audit log',
  auditAction: 'Action',
  auditWhen: 'When (UTC)',
  auditWhat: 'Object',
  auditReason: 'Reason',
  all: 'All',
  exportCsv: 'Export CSV',
  loadingShort: 'Loading…',
  mapSettings: 'Map settings',
  indicator: 'Indicator',
  period: 'Period',
  open: 'open',
  method: 'Classification',
  classes: 'Classes',
  palette: 'Palette',
  method_quantile: 'Quantile',
  method_equal: 'Equal interval',
  method_jenks: 'Natural breaks (Jenks)',
  method_stddev: 'Standard deviation',
  method_pretty: 'Pretty breaks',
  legend: 'Legend',
  noData: 'No data',
  suppressed: 'Suppressed (small cell)',
  allValues: 'All values',
  value: 'Value',
  level: 'Area level',
  program: 'Program',
  exportPng: 'Export PNG',
  presentation: 'Presentation mode',
  exitPresentation: 'Leave presentation (Esc)',
  source: 'Source: Sidaksos, Semarang Social Affairs Office — synthetic demo data. Made {date}.',
  north: 'N',
  compareWithPrevious: 'Change since the previous period',
  changeSince: 'Change since {period}',
  ranking: 'Area ranking',
  area: 'Area',
  downloadCsv: 'Download CSV',
  close: 'Close',
  keyFigures: 'Key figures',
  trend: 'Trend of the poor share',
  unmetNeeds: 'Unmet needs (households)',
  programCoverage: 'Program coverage: eligible not enrolled / enrolled not eligible',
};

export type Lang = 'id' | 'en';
export type MessageKey = keyof typeof id;
export const CATALOGUES: Record<Lang, Catalogue> = { id, en };

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  return fromUrl === 'en' ? 'en' : 'id';
}

class I18n {
  lang = $state<Lang>(initialLang());

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return CATALOGUES[this.lang][key].replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? `{${p}}`));
  }

  set(lang: Lang): void {
    this.lang = lang;
    const url = new URL(location.href);
    if (lang === 'id') url.searchParams.delete('lang');
    else url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    document.documentElement.lang = lang;
  }
}

export const i18n = new I18n();
