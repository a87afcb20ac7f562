// Field names as users know them: the web form's labels (web/src/lib/i18n.svelte.ts) for API fields, and the
// import template's column names, which users see in their own files. Validation messages name a field by
// these; a field not listed here is named by its own (last) path segment, never by a schema path.
import type { Lang } from './translate.ts';

type Label = Readonly<Record<Lang, string>>;
const l = (id: string, en: string): Label => ({ id, en });

export const FIELD_LABELS: Readonly<Record<string, Label>> = {
  username: l('Nama pengguna', 'Username'),
  password: l('Kata sandi', 'Password'),
  displayName: l('Nama tampilan', 'Display name'),
  role: l('Peran', 'Role'),
  kelurahan: l('Kelurahan', 'Kelurahan'),
  kecamatan: l('Kecamatan', 'Kecamatan'),
  programs: l('Program', 'Programs'),
  program: l('Program', 'Program'),
  period: l('Periode', 'Period'),
  compare: l('Periode pembanding', 'Comparison period'),
  from: l('Periode awal', 'From period'),
  to: l('Periode akhir', 'To period'),
  level: l('Tingkat wilayah', 'Area level'),
  area: l('Wilayah', 'Area'),
  format: l('Format berkas', 'File format'),
  lang: l('Bahasa', 'Language'),
  version: l('Versi data', 'Record version'),
  changes: l('Perubahan', 'Changes'),
  kk: l('No. KK', 'Family card no.'),
  nik: l('NIK', 'NIK'),
  name: l('Nama', 'Name'),
  sex: l('Jenis kelamin', 'Sex'),
  birthDate: l('Tanggal lahir', 'Birth date'),
  relation: l('Hubungan dengan kepala keluarga', 'Relation to the head of family'),
  disabilities: l('Disabilitas', 'Disabilities'),
  severity: l('Tingkat disabilitas', 'Disability severity'),
  members: l('Anggota keluarga', 'Family members'),
  address: l('Alamat', 'Address'),
  rt: l('RT', 'RT'),
  rw: l('RW', 'RW'),
  desil: l('Desil', 'Desil'),
  desilSource: l('Sumber desil', 'Desil source'),
  floorAreaM2: l('Luas lantai (m²)', 'Floor area (m²)'),
  lighting: l('Penerangan', 'Lighting'),
  unfitHouse: l('Rumah tidak layak huni', 'House unfit to live in'),
  location: l('Lokasi', 'Location'),
  lon: l('Bujur', 'Longitude'),
  lat: l('Lintang', 'Latitude'),
  kelurahanCode: l('Kode kelurahan', 'Kelurahan code'),
  k: l('Jumlah lokasi (k)', 'Number of sites (k)'),
  radius: l('Jangkauan (meter)', 'Reach (metres)'),
  points: l('Lokasi calon', 'Candidate sites'),
  candidates: l('Lokasi calon', 'Candidate sites'),
  rule: l('Aturan kelayakan', 'Eligibility rule'),
  q: l('Kata pencarian', 'Search text'),
  dueOn: l('Tenggat', 'Due'),
  doneOn: l('Tanggal selesai', 'Done on'),
  status: l('Status', 'Status'),
  note: l('Catatan', 'Note'),
  reason: l('Alasan', 'Reason'),
  opd: l('OPD', 'OPD'),
  code: l('Kode', 'Code'),
  into: l('Gabung ke rumah tangga', 'Merge into household'),
  simplify: l('Penyederhanaan batas', 'Boundary simplification'),
  // Import template columns, as they appear in users' files.
  no_kk: l('no_kk', 'no_kk'),
  kode_kelurahan: l('kode_kelurahan', 'kode_kelurahan'),
};

/** The label of the field at an Ajv instance path (its last named segment), or that segment quoted. */
export function fieldLabel(lang: Lang, segments: readonly string[]): string | undefined {
  const named = [...segments].reverse().find((s) => !/^\d+$/.test(s));
  if (named === undefined) return undefined;
  const label = FIELD_LABELS[named];
  return label ? label[lang] : `"${named}"`;
}
