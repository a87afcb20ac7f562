// The semester atlas's words (its pages and its errors) in both languages, spread into the two server
// catalogues. The map's own wording (source line, no data, suppressed, units) comes from the web map's
// catalogue instead (domain/atlas/atlas-pages.ts), so the PDF says what the PNG export says.

export const ATLAS_MESSAGES_EN = {
  'atlas.cityPage': '{region} — whole city (kelurahan)',
  'atlas.kecamatanPage': 'Kecamatan {name} (its kelurahan)',
  'atlas.period': 'Period {period}',
  'atlas.legend': 'Legend',
  'atlas.classesCity':
    'Classes: five quantile classes over every kelurahan of the city, the same on every page, as the web map shows them.',
  'atlas.context': 'Light grey: kelurahan of other kecamatan, for context.',
  'atlas.patterns': 'Hatched: suppressed (small cell). Dotted: no data.',
  'atlas.pageOf': 'Page {page} of {pages}',
  'atlas.documentTitle': 'Sidaksos semester atlas: {indicator}, {period}',
  'atlas.unknownIndicator':
    'No indicator "{id}" for the atlas. Use one of: {known} (GET /api/v1/indicators lists them).',
  'atlas.badSize': 'Paper size "{size}" is not offered. Use A4 or A3 (landscape).',
  'atlas.badDate': 'Date "{date}" is not a date. Write it as YYYY-MM-DD, e.g. 2026-01-15.',
} as const;

export const ATLAS_MESSAGES_ID: Record<keyof typeof ATLAS_MESSAGES_EN, string> = {
  'atlas.cityPage': '{region} — seluruh kota (kelurahan)',
  'atlas.kecamatanPage': 'Kecamatan {name} (kelurahannya)',
  'atlas.period': 'Periode {period}',
  'atlas.legend': 'Legenda',
  'atlas.classesCity':
    'Kelas: lima kelas kuantil atas seluruh kelurahan kota, sama di setiap halaman, seperti di peta web.',
  'atlas.context': 'Abu-abu muda: kelurahan kecamatan lain, sebagai konteks.',
  'atlas.patterns': 'Arsir: disembunyikan (sel kecil). Titik-titik: tidak ada data.',
  'atlas.pageOf': 'Halaman {page} dari {pages}',
  'atlas.documentTitle': 'Atlas semester Sidaksos: {indicator}, {period}',
  'atlas.unknownIndicator':
    'Indikator "{id}" tidak ada untuk atlas. Gunakan salah satu: {known} (daftarnya ada di GET /api/v1/indicators).',
  'atlas.badSize': 'Ukuran kertas "{size}" tidak tersedia. Gunakan A4 atau A3 (lanskap).',
  'atlas.badDate': 'Tanggal "{date}" bukan tanggal. Tulis sebagai TTTT-BB-HH, misalnya 2026-01-15.',
};
