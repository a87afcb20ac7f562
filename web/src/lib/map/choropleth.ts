// What the choropleth draws, derived from indicator values without any framework: the figure of each area
// (its value, or its change in a change map), the classes, and the fill colour of each area. Unit-tested.
import type { IndicatorValue } from '../api';
import { classify, classOf, type Classification, type Method, type Palette } from './classify';
import { SUPPRESSED_COLOR } from './base-style';
import { divergingClassification } from './diverging';

export interface ChoroplethOptions {
  method: Method;
  classes: number;
  palette: Palette;
  /** Map the change since the previous period (diverging palette) instead of the value. */
  change: boolean;
  /** Counts: whole-number classes with zero on its own (not for change maps, which have negatives). */
  integer?: boolean;
}

/** The figure an area is coloured by: its change in a change map, else its value. */
export function figureOf(v: Pick<IndicatorValue, 'value' | 'change'>, change: boolean): number | null {
  return change ? (v.change ?? null) : v.value;
}

/** Classes over every figure shown with them (both maps of a period split share one classification). */
export function classifyFigures(values: readonly IndicatorValue[], opts: ChoroplethOptions): Classification {
  const figures = values.map((v) => figureOf(v, opts.change)).filter((x): x is number => x !== null);
  if (opts.change) return divergingClassification(figures, opts.method, opts.classes, opts.integer ?? false);
  return classify(figures, opts.method, opts.classes, opts.palette, { integer: opts.integer ?? false });
}

/** Fill colour by area code: suppressed areas get the suppressed colour, areas without a figure none. */
export function fillsOf(
  values: readonly IndicatorValue[],
  classes: Classification,
  change: boolean,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const x = figureOf(v, change);
    if (v.suppressed) out.set(v.code, SUPPRESSED_COLOR);
    else if (x !== null) out.set(v.code, classes.colors[classOf(x, classes.thresholds)]!);
  }
  return out;
}

/**
 * The same classes, counted over one map's areas only: a period split classifies both periods together (so
 * colours compare) but each legend counts its own map's areas, not 354 on a 177-kelurahan map.
 */
export function countedOver(
  classes: Classification,
  values: readonly IndicatorValue[],
  change: boolean,
): Classification {
  const counts = new Array<number>(classes.colors.length).fill(0);
  for (const v of values) {
    const x = figureOf(v, change);
    if (x !== null && !v.suppressed) counts[classOf(x, classes.thresholds)]! += 1;
  }
  return { ...classes, counts };
}
