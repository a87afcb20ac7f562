// Matching boundary features to Kemendagri kelurahan: by code first, else by normalised name within the
// kecamatan. Pure functions: the import feeds in feature attributes and the reference list.

/** Lower case, no diacritics or punctuation, no "Kel."/"Kelurahan"/"Desa" prefixes, old spelling modernised. */
export function normaliseAreaName(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[''`´.,()/-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/^(kelurahan|kel|desa|ds|kecamatan|kec)\s+/, '');
  // Pre-1972 spelling still turns up in old GIS files (Tjandi → Candi, Djomblang → Jomblang, Goenoeng → Gunung).
  // Only unambiguous rules: "nj" (old "ny") also occurs in modern names such as Tanjung, so it stays.
  s = s.replace(/tj/g, 'c').replace(/dj/g, 'j').replace(/oe/g, 'u');
  // Word breaks vary ("Tanjung Mas" / "Tanjungmas", "Kali Banteng" / "Kalibanteng").
  return s.replace(/\s/g, '');
}

/** A Kemendagri kelurahan code in any common spelling (dots or not) → dotted form, else undefined. */
export function normaliseKelurahanCode(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const digits = String(value).replace(/[^0-9]/g, '');
  if (digits.length !== 10) return undefined;
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}.${digits.slice(6)}`;
}

export interface ReferenceArea {
  code: string;
  name: string;
  kecamatanCode: string;
  kecamatanName: string;
}

export interface FeatureAttributes {
  /** Index of the feature in the file (0-based). */
  index: number;
  code?: unknown;
  name?: unknown;
  kecamatan?: unknown;
}

export type MatchMethod = 'code' | 'name';

export interface MatchReport {
  matched: Array<{ index: number; code: string; method: MatchMethod }>;
  unmatched: Array<{ index: number; name: string | null; reason: string }>;
  ambiguous: Array<{ index: number; name: string | null; candidates: string[] }>;
  /** Reference kelurahan that no feature matched. */
  missing: Array<{ code: string; name: string }>;
  /** Reference kelurahan matched by more than one feature (their parts are merged). */
  duplicates: Array<{ code: string; indexes: number[] }>;
}

function matchesKecamatan(ref: ReferenceArea, kecamatan: unknown): boolean {
  // Only a string or number can name a kecamatan; anything else (absent, null, an object) does not constrain.
  if ((typeof kecamatan !== 'string' && typeof kecamatan !== 'number') || kecamatan === '') return true;
  const text = String(kecamatan);
  const code = text.replace(/[^0-9]/g, '');
  if (code.length === 6) return ref.kecamatanCode.replace(/\./g, '') === code;
  return normaliseAreaName(ref.kecamatanName) === normaliseAreaName(text);
}

export function matchAreas(
  features: readonly FeatureAttributes[],
  reference: readonly ReferenceArea[],
): MatchReport {
  const byCode = new Map(reference.map((r) => [r.code, r]));
  const byName = new Map<string, ReferenceArea[]>();
  for (const r of reference) {
    const key = normaliseAreaName(r.name);
    byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  const report: MatchReport = { matched: [], unmatched: [], ambiguous: [], missing: [], duplicates: [] };
  for (const f of features) {
    const name = typeof f.name === 'string' || typeof f.name === 'number' ? String(f.name) : null;
    const code = normaliseKelurahanCode(f.code);
    if (code && byCode.has(code)) {
      report.matched.push({ index: f.index, code, method: 'code' });
      continue;
    }
    if (!name) {
      report.unmatched.push({
        index: f.index,
        name: null,
        reason: code
          ? `code ${code} is not a kelurahan of this region and there is no name`
          : 'no code and no name',
      });
      continue;
    }
    const candidates = (byName.get(normaliseAreaName(name)) ?? []).filter((r) =>
      matchesKecamatan(r, f.kecamatan),
    );
    if (candidates.length === 1) {
      report.matched.push({ index: f.index, code: candidates[0]!.code, method: 'name' });
    } else if (candidates.length > 1) {
      report.ambiguous.push({ index: f.index, name, candidates: candidates.map((c) => c.code) });
    } else {
      report.unmatched.push({
        index: f.index,
        name,
        reason: code
          ? `code ${code} unknown and no kelurahan named "${name}"`
          : `no kelurahan named "${name}" in this region`,
      });
    }
  }
  const seen = new Map<string, number[]>();
  for (const m of report.matched) seen.set(m.code, [...(seen.get(m.code) ?? []), m.index]);
  report.duplicates = [...seen.entries()]
    .filter(([, idx]) => idx.length > 1)
    .map(([code, indexes]) => ({ code, indexes }));
  report.missing = reference.filter((r) => !seen.has(r.code)).map((r) => ({ code: r.code, name: r.name }));
  return report;
}

const CODE_FIELDS = [
  'code',
  'kode',
  'kode_kel',
  'kd_kel',
  'kode_desa',
  'kd_desa',
  'kdepum',
  'kode_kemendagri',
  'id_kel',
  'kdbbps',
];
const NAME_FIELDS = [
  'name',
  'nama',
  'nama_kel',
  'kelurahan',
  'desa',
  'wadmkd',
  'namobj',
  'nama_desa',
  'village',
];
const KECAMATAN_FIELDS = ['district', 'kecamatan', 'nama_kec', 'kec', 'wadmkc', 'district_code', 'kode_kec'];

export interface FieldMapping {
  codeField?: string;
  nameField?: string;
  kecamatanField?: string;
}

function findField(keys: string[], candidates: string[]): string | undefined {
  for (const c of candidates) {
    const hit = keys.find((k) => k.toLowerCase() === c);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Guesses which properties hold the code, name and kecamatan: known field names first; for the code, any
 * field whose values look like kelurahan codes in most features.
 */
export function detectFields(properties: ReadonlyArray<Record<string, unknown>>): FieldMapping {
  const keys = [...new Set(properties.flatMap((p) => Object.keys(p)))];
  let codeField = findField(keys, CODE_FIELDS);
  if (!codeField) {
    codeField = keys.find((k) => {
      const hits = properties.filter((p) => normaliseKelurahanCode(p[k]) !== undefined).length;
      return hits >= properties.length * 0.8;
    });
  }
  return {
    codeField,
    nameField: findField(keys, NAME_FIELDS),
    kecamatanField: findField(keys, KECAMATAN_FIELDS),
  };
}
