// Fixed legend sets (#18 item 6), framework-free and unit-tested (test/unit/legend-sets.test.ts): the saved
// breaks and colours of an indicator classify every period's values the same way, so two maps compare by eye.
// Values below the first break or above the last fall in the end classes (classOf does that), so the legend's
// counts still add up to every area with a figure.
import type { IndicatorValue } from '../api';
import type { LegendSetAnswer } from '../../../../server/schemas/legend-set.ts';
import { figureOf } from './choropleth';
import { classOf, type Classification } from './classify';

export type LegendSet = LegendSetAnswer;
export type LegendLang = 'id' | 'en';

/** The body PUT /api/v1/legend-sets/:indicator takes. */
export interface LegendSetBody {
  breaks: number[];
  colors: string[];
  labels?: { id: string[]; en: string[] };
}

/** The set saved for this indicator and program (a program indicator's sets are per program). */
export function findSet(
  sets: readonly LegendSet[],
  indicator: string,
  program: string | null,
): LegendSet | undefined {
  return sets.find((s) => s.indicator === indicator && (s.program ?? null) === program);
}

/** The classes of a fixed set counted over one map's values; its own labels in `lang` when it has them. */
export function fixedClassification(
  set: Pick<LegendSet, 'breaks' | 'colors' | 'labels'>,
  values: readonly IndicatorValue[],
  lang: LegendLang,
  integer = false,
): Classification {
  const counts = new Array<number>(set.colors.length).fill(0);
  for (const v of values) {
    const x = figureOf(v, false);
    if (x !== null && !v.suppressed) counts[classOf(x, set.breaks)]! += 1;
  }
  const labels = set.labels?.[lang];
  return {
    thresholds: [...set.breaks],
    colors: [...set.colors],
    counts,
    integer,
    ...(labels?.length === set.colors.length ? { labels: [...labels] } : {}),
  };
}

/**
 * What "save these classes as the fixed set" sends: the shown classification's breaks and colours, and its
 * labels in both languages when it has typed ones. Undefined when there is nothing to fix (one class, or a
 * change map, whose classes are about differences, not values).
 */
export function bodyFrom(
  c: Classification,
  labels?: { id: string[]; en: string[] },
): LegendSetBody | undefined {
  if (c.diverging || c.thresholds.length === 0) return undefined;
  return {
    breaks: [...c.thresholds],
    colors: [...c.colors],
    ...(labels && labels.id.length === c.colors.length && labels.en.length === c.colors.length
      ? { labels }
      : {}),
  };
}

/** Whether two classifications draw the same classes (same breaks and colours). */
export function sameClasses(a: Pick<Classification, 'thresholds' | 'colors'>, b: typeof a): boolean {
  return (
    a.thresholds.length === b.thresholds.length &&
    a.thresholds.every((t, i) => t === b.thresholds[i]) &&
    a.colors.every((c, i) => c.toLowerCase() === b.colors[i]?.toLowerCase())
  );
}

/** The key a view's choice of classes is kept under (indicator and program). */
export const setKey = (indicator: string, program: string | null) =>
  program ? `${indicator}:${program}` : indicator;
