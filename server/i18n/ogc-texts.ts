// Words of the GIS outputs in both languages: collection titles of the OGC API – Features service, and the
// field names of GeoPackage downloads (what a GIS user sees in the attribute table). The OGC features keep
// the API's own property names (stable keys for scripts); files carry the caller's language.
import { DEFAULT_LANG, type Lang } from './translate.ts';

type Words = Readonly<Record<Lang, string>>;
const w = (id: string, en: string): Words => ({ id, en });

export const OGC_TEXTS = {
  serviceTitle: w('Sidaksos — OGC API Features', 'Sidaksos — OGC API Features'),
  serviceDescription: w(
    'Batas kelurahan dan kecamatan serta indikator kesejahteraan sosial per wilayah (agregat; sel kecil disembunyikan untuk publik).',
    'Kelurahan and kecamatan boundaries and social-welfare indicators by area (aggregates; small cells suppressed for the public).',
  ),
  boundaries: w('Batas {level}', '{level} boundaries'),
  indicator: w('{indicator} — {level}', '{indicator} — {level}'),
  program: w('program {program}', 'program {program}'),
  staff: w('staf: tanpa penyembunyian, perlu token', 'staff: not suppressed, token needed'),
  indicatorDescription: w(
    'Nilai per {level} untuk periode terbaru yang boleh Anda lihat (parameter period untuk periode lain).',
    'Values by {level} for the latest period you may see (parameter period for another).',
  ),
} as const satisfies Record<string, Words>;

export function ogcText(
  lang: Lang,
  key: keyof typeof OGC_TEXTS,
  params: Record<string, string> = {},
): string {
  const text: string = OGC_TEXTS[key][lang] ?? OGC_TEXTS[key][DEFAULT_LANG];
  return text.replace(/\{(\w+)\}/g, (_, p: string) => params[p] ?? `{${p}}`);
}

/** GeoPackage column names by the API's property names (letters, digits and underscores only). */
const GPKG_FIELDS: Readonly<Record<string, Words>> = {
  code: w('kode', 'code'),
  name: w('nama', 'name'),
  level: w('tingkat', 'level'),
  kecamatan_code: w('kode_kecamatan', 'kecamatan_code'),
  kecamatan: w('kecamatan', 'kecamatan'),
  indicator: w('indikator', 'indicator'),
  indicator_label: w('nama_indikator', 'indicator_name'),
  unit: w('satuan', 'unit'),
  program: w('program', 'program'),
  period: w('periode', 'period'),
  numerator: w('pembilang', 'numerator'),
  denominator: w('penyebut', 'denominator'),
  value: w('nilai', 'value'),
  suppressed: w('disembunyikan', 'suppressed'),
  uncertain: w('tidak_pasti', 'uncertain'),
  coarsened_level: w('digabung_ke_tingkat', 'coarsened_level'),
  coarsened_code: w('digabung_ke_kode', 'coarsened_code'),
  coarsened_value: w('nilai_gabungan', 'coarsened_value'),
  previous: w('nilai_sebelumnya', 'previous'),
  change: w('perubahan', 'change'),
  synthetic_people: w('data_sintetis', 'synthetic_people'),
  area_km2: w('luas_km2', 'area_km2'),
  boundary_source: w('sumber_batas', 'boundary_source'),
};

export function gpkgFieldName(lang: Lang, field: string): string {
  return GPKG_FIELDS[field]?.[lang] ?? field;
}
