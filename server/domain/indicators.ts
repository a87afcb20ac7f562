// The indicator catalogue, in one place. Every indicator is a ratio of two summed counts (or a plain count), so
// kecamatan and city values are sums of kelurahan numerators and denominators, never averages of rates.
import { CODE_LISTS, NEED_CATEGORIES } from './code-lists.ts';

/** Raw counts kept per period × kelurahan (area_summaries.metrics), plus the area itself. */
export type Metrics = Record<string, number>;

export type Unit = 'households' | 'persons' | 'per_km2' | 'percent' | 'per_1000';

export interface IndicatorDef {
  id: string;
  label: { id: string; en: string };
  unit: Unit;
  /** Metric key of the numerator; `{program}` is replaced by the program code for program indicators. */
  numerator: string;
  /** Metric key of the denominator, 'area_km2', or null for a count. */
  denominator: string | null;
  /** Multiplier applied to numerator / denominator (100 for percent, 1000 per 1,000). */
  scale: number;
  higherIsWorse: boolean;
  /** Needs ?program=. */
  program?: boolean;
  /** Which counts public output suppresses (the people behind the figure). */
  protects: string[];
}

const pct = (
  id: string,
  labelId: string,
  labelEn: string,
  num: string,
  den: string,
  extra: Partial<IndicatorDef> = {},
): IndicatorDef => ({
  id,
  label: { id: labelId, en: labelEn },
  unit: 'percent',
  numerator: num,
  denominator: den,
  scale: 100,
  higherIsWorse: true,
  protects: [num, den],
  ...extra,
});

export const INDICATORS: readonly IndicatorDef[] = [
  {
    id: 'poor_households',
    label: { id: 'Keluarga miskin (desil 1–4)', en: 'Poor households (desil 1–4)' },
    unit: 'households',
    numerator: 'poor',
    denominator: null,
    scale: 1,
    higherIsWorse: true,
    protects: ['poor'],
  },
  {
    id: 'poverty_density',
    label: { id: 'Kepadatan keluarga miskin per km²', en: 'Poor households per km²' },
    unit: 'per_km2',
    numerator: 'poor',
    denominator: 'area_km2',
    scale: 1,
    higherIsWorse: true,
    protects: ['poor'],
  },
  pct(
    'poor_share',
    'Persentase keluarga miskin',
    'Poor share of registered households',
    'poor',
    'households',
  ),
  {
    id: 'disability_rate',
    label: { id: 'Penyandang disabilitas per 1.000 jiwa', en: 'Persons with disability per 1,000' },
    unit: 'per_1000',
    numerator: 'disabled',
    denominator: 'persons',
    scale: 1000,
    higherIsWorse: true,
    protects: ['disabled', 'persons'],
  },
  ...CODE_LISTS.disabilityType.map<IndicatorDef>((t) => ({
    id: `disability_rate_${t.code}`,
    label: { id: `${t.id} per 1.000 jiwa`, en: `${t.en} disability per 1,000` },
    unit: 'per_1000',
    numerator: `disabled_${t.code}`,
    denominator: 'persons',
    scale: 1000,
    higherIsWorse: true,
    protects: [`disabled_${t.code}`, 'persons'],
  })),
  {
    id: 'coverage_gap',
    label: { id: 'Layak tetapi belum menerima (keluarga)', en: 'Eligible but not enrolled (households)' },
    unit: 'households',
    numerator: 'program:{program}:gap',
    denominator: null,
    scale: 1,
    higherIsWorse: true,
    program: true,
    protects: ['program:{program}:gap'],
  },
  pct(
    'coverage_gap_share',
    'Persentase layak yang belum menerima',
    'Share of eligible not enrolled',
    'program:{program}:gap',
    'program:{program}:eligible',
    { program: true },
  ),
  {
    id: 'leakage',
    label: { id: 'Penerima tidak layak (keluarga)', en: 'Enrolled but not eligible (households)' },
    unit: 'households',
    numerator: 'program:{program}:leakage',
    denominator: null,
    scale: 1,
    higherIsWorse: true,
    program: true,
    protects: ['program:{program}:leakage'],
  },
  ...NEED_CATEGORIES.map<IndicatorDef>((n) => ({
    id: `unmet_need_${n.code}`,
    label: { id: `Kebutuhan belum terpenuhi: ${n.id}`, en: `Unmet need: ${n.en}` },
    unit: 'households',
    numerator: `unmet_${n.code}`,
    denominator: null,
    scale: 1,
    higherIsWorse: true,
    protects: [`unmet_${n.code}`],
  })),
  pct('invalid_nik_share', 'Persentase NIK tidak valid', 'Share of invalid NIKs', 'invalid_nik', 'persons', {
    protects: ['invalid_nik', 'persons'],
  }),
  pct('duplicate_nik_share', 'Persentase NIK ganda', 'Share of duplicate NIKs', 'duplicate_nik', 'persons', {
    protects: ['duplicate_nik', 'persons'],
  }),
  pct(
    'unverified_share',
    'Persentase keluarga belum diverifikasi (2 periode)',
    'Households not verified in two periods',
    'unverified',
    'households',
  ),
];

export function indicator(id: string): IndicatorDef | undefined {
  return INDICATORS.find((i) => i.id === id);
}

export function metricKey(template: string, program?: string): string {
  return program ? template.replace('{program}', program) : template;
}

/** numerator, denominator and value of an indicator over summed metrics; null value when the denominator is 0. */
export function evaluate(
  def: IndicatorDef,
  m: Metrics,
  program?: string,
): { numerator: number; denominator: number | null; value: number | null } {
  const numerator = m[metricKey(def.numerator, program)] ?? 0;
  if (def.denominator === null) return { numerator, denominator: null, value: numerator };
  const denominator = m[metricKey(def.denominator, program)] ?? 0;
  return { numerator, denominator, value: denominator > 0 ? (numerator / denominator) * def.scale : null };
}

/** Sums metrics (roll-ups add numerators and denominators; they never average rates). */
export function addMetrics(into: Metrics, from: Metrics): Metrics {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

// Every ratio of two counts in the catalogue (not densities: areas are public and count nobody), as a matcher
// from a numerator's metric key to its denominator's.
const COUNT_RATIOS = INDICATORS.filter(
  (d) => d.denominator !== null && d.denominator !== 'area_km2' && d.denominator !== d.numerator,
).map((d) => {
  const [before, after] = d.numerator.split('{program}') as [string, string | undefined];
  return (key: string): string | undefined => {
    if (after === undefined) return key === d.numerator ? d.denominator! : undefined;
    if (!key.startsWith(before) || !key.endsWith(after)) return undefined;
    const program = key.slice(before.length, key.length - after.length);
    return /^[a-z0-9_]+$/.test(program) ? metricKey(d.denominator!, program) : undefined;
  };
});

/**
 * The counts `key` is a part of wherever the catalogue divides it by one (poor → households, gap → eligible).
 * The public sees both, so it would see their difference too: suppression protects that complement, deciding
 * it from the measure's own key, so every output that shows the measure hides the same cells.
 */
export function denominatorsOf(key: string): string[] {
  return [...new Set(COUNT_RATIOS.flatMap((match) => match(key) ?? []))];
}
