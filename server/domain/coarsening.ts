// Two ways a public map says more than "grey" or "a colour" without publishing anything new (issue #18):
//
// Coarsening: a kelurahan whose value is suppressed shows its kecamatan's value instead, marked as such, when
// that kecamatan's value is itself published. The kecamatan value is taken from the same public answer the
// kecamatan level gives (suppressed over the whole hierarchy at once), so coarsening repeats a published figure
// beside an area already known to be hidden: the kelurahan's own numerator, denominator and value stay null and
// no hidden cell becomes recoverable.
//
// Uncertainty: a published value resting on a small base (fewer than `smallDenominator` households or persons)
// is flagged, so a 2-of-3 rate does not read as a 67 % crisis. Pure: the indicator service passes the values.
import { metricKey, type IndicatorDef } from './indicators.ts';

export interface Coarsened {
  level: 'kecamatan';
  /** The kecamatan whose published value stands in. */
  code: string;
  value: number;
}

/**
 * The count that decides whether an indicator's value is "small", per kind of indicator:
 * - a ratio of two counts (percent, per 1.000 jiwa): its denominator (households, persons, a program's eligible);
 * - a density (per km²): the registered households of the area, the count the poor are drawn from — the area
 *   itself is exact and counts nobody;
 * - a plain count (households): none. A count is exact rather than an estimate of a rate; small counts are the
 *   suppression's business, not this flag's.
 */
export function uncertaintyBase(def: IndicatorDef, program?: string): string | null {
  if (def.denominator === null) return null;
  if (def.denominator === 'area_km2') return 'households';
  return metricKey(def.denominator, program);
}

/**
 * Whether a published value rests on a small base. Nothing unpublished is flagged (value null). For the public a
 * base that is itself hidden is flagged too, whatever it is: saying "not small" would tell them about a hidden
 * count, while "hidden or small" tells them nothing the suppression does not.
 */
export function isUncertain(
  value: number | null,
  base: number | undefined,
  smallDenominator: number,
  baseHidden = false,
): boolean {
  if (value === null || base === undefined) return false;
  return baseHidden || base < smallDenominator;
}

interface Published {
  code: string;
  parent: string | null;
  value: number | null;
  suppressed: boolean;
}

/**
 * For each suppressed kelurahan whose kecamatan's value is published, that value (by kelurahan code); every
 * other kelurahan maps to null. `kecamatan` must be the public kecamatan answer of the same period, indicator,
 * program and threshold.
 */
export function coarsenings(
  kelurahan: readonly Published[],
  kecamatan: readonly Published[],
): Map<string, Coarsened | null> {
  const published = new Map(
    kecamatan.filter((k) => !k.suppressed && k.value !== null).map((k) => [k.code, k.value!]),
  );
  return new Map(
    kelurahan.map((v) => {
      const value = v.suppressed && v.parent !== null ? published.get(v.parent) : undefined;
      return [v.code, value === undefined ? null : { level: 'kecamatan' as const, code: v.parent!, value }];
    }),
  );
}
