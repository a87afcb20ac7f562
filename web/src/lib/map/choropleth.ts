// What the choropleth draws, derived from indicator values without any framework: the figure of each area
// (its value, or its change in a change map), the classes, the fill colour of each area, the feature states
// and pattern marks the map is given, the legend's rows and the areas counted apart. Unit-tested
// (test/unit/choropleth.test.ts); MapView and the legends only apply what this returns.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { IndicatorValue } from '../api';
import { classify, classLabels, classOf, type Classification, type Method, type Palette } from './classify';
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from './base-style';
import { divergingClassification } from './diverging';
import type { Mark } from './patterns';

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

/**
 * Classes over every figure shown with them (both maps of a period split share one classification). A coarsened
 * kelurahan (its kecamatan's value standing in) has no figure of its own and is not classified: its kecamatan's
 * value, repeated across many kelurahan, would weigh as many areas and pull the breaks (quantiles most) towards
 * kecamatan averages. It takes the class its value falls in instead (fillsOf).
 */
export function classifyFigures(values: readonly IndicatorValue[], opts: ChoroplethOptions): Classification {
  const figures = values.map((v) => figureOf(v, opts.change)).filter((x): x is number => x !== null);
  if (opts.change) return divergingClassification(figures, opts.method, opts.classes, opts.integer ?? false);
  return classify(figures, opts.method, opts.classes, opts.palette, { integer: opts.integer ?? false });
}

/** The kecamatan value standing in for a suppressed kelurahan; none in a change map (it has no change). */
export function coarsenedOf(v: IndicatorValue, change: boolean): number | undefined {
  return v.suppressed && !change && v.coarsened ? v.coarsened.value : undefined;
}

/**
 * Fill colour by area code: a coarsened kelurahan the class colour of its kecamatan value, other suppressed
 * areas the suppressed colour, areas without a figure none.
 */
export function fillsOf(
  values: readonly IndicatorValue[],
  classes: Classification,
  change: boolean,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const x = figureOf(v, change);
    const coarse = coarsenedOf(v, change);
    if (coarse !== undefined) out.set(v.code, classes.colors[classOf(coarse, classes.thresholds)]!);
    else if (v.suppressed) out.set(v.code, SUPPRESSED_COLOR);
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

export interface Uncounted {
  noData: number;
  /** Suppressed and shown grey (not coarsened). */
  suppressed: number;
  /** Suppressed, showing their kecamatan's value. */
  coarsened: number;
  /** Shown in a class, on a small base (counted in their class as well). */
  uncertain: number;
}

/**
 * The areas the legend lists below the classes: without a figure, suppressed, coarsened (each area in one of
 * these at most), and the classed areas whose value rests on a small base.
 */
export function uncounted(values: readonly IndicatorValue[], change: boolean): Uncounted {
  const out: Uncounted = { noData: 0, suppressed: 0, coarsened: 0, uncertain: 0 };
  for (const v of values) {
    const mark = markOfValue(v, change);
    if (mark === 'nodata') out.noData += 1;
    else if (mark) out[mark] += 1;
  }
  return out;
}

/** The mark one area's value needs (none: a plain class colour). */
export function markOfValue(v: IndicatorValue, change: boolean): Mark | undefined {
  if (coarsenedOf(v, change) !== undefined) return 'coarsened';
  if (v.suppressed) return 'suppressed';
  if (figureOf(v, change) === null) return 'nodata';
  return v.uncertain ? 'uncertain' : undefined;
}

/** The marks by area code, for the areas that need one (markedAreas's `marks`). */
export function marksOf(values: readonly IndicatorValue[], change: boolean): Map<string, Mark> {
  const out = new Map<string, Mark>();
  for (const v of values) {
    const mark = markOfValue(v, change);
    if (mark) out.set(v.code, mark);
  }
  return out;
}

/**
 * The pattern an area's fill needs, so it differs from every class without colour (WCAG 1.4.1): hatched when
 * suppressed, dotted without a fill (no data), none for a class colour.
 */
export function markOf(fill: string | undefined): Mark | undefined {
  return fill === undefined ? 'nodata' : fill === SUPPRESSED_COLOR ? 'suppressed' : undefined;
}

interface CodedProperties {
  code: string;
}

/** The feature state of each area: its fill, or null, which the fill layer's fallback draws as no data. */
export function fillStates(
  features: ReadonlyArray<Feature<Geometry | null, CodedProperties>>,
  fills: ReadonlyMap<string, string>,
): Array<{ id: string; fill: string | null }> {
  return features.map((f) => ({ id: f.properties.code, fill: fills.get(f.properties.code) ?? null }));
}

/**
 * The areas the pattern layer draws, each with its mark: a pattern cannot follow feature-state, so the marked
 * areas are a source of their own. `marks` (marksOf) adds the marks a fill cannot tell (coarsened, uncertain);
 * areas it does not name are marked by their fill.
 */
export function markedAreas<P extends CodedProperties>(
  features: ReadonlyArray<Feature<Geometry, P>>,
  fills: ReadonlyMap<string, string>,
  marks?: ReadonlyMap<string, Mark>,
): FeatureCollection<Geometry, P & { mark: Mark }> {
  return {
    type: 'FeatureCollection',
    features: features.flatMap((f) => {
      const mark = marks?.get(f.properties.code) ?? markOf(fills.get(f.properties.code));
      return mark ? [{ ...f, properties: { ...f.properties, mark } }] : [];
    }),
  };
}

export interface LegendEntry {
  color: string;
  /** The class's range ("20 – < 40", "≥ 5", "no change"). */
  range: string;
  /** Areas of this map in the class. */
  count: number;
}

/** One legend row per class, light to dark (a change map: decrease to increase). */
export function legendEntries(
  c: Classification,
  fmt: (v: number) => string,
  whole: string,
  noChange = '0',
): LegendEntry[] {
  const labels = classLabels(c, fmt, whole, noChange);
  return c.colors.map((color, i) => ({ color, range: labels[i]!, count: c.counts[i] ?? 0 }));
}

/** The legend's rows as one label each (`range (count)`), as the PNG export draws them. */
export function legendRows(
  c: Classification,
  fmt: (v: number) => string,
  whole: string,
  noChange = '0',
): Array<{ color: string; label: string }> {
  return legendEntries(c, fmt, whole, noChange).map((e) => ({
    color: e.color,
    label: `${e.range} (${e.count})`,
  }));
}

/** The words of the legend rows listed apart from the classes. */
export interface ApartWords {
  noData: string;
  suppressed: string;
  coarsened: string;
  uncertain: string;
}

export interface ApartRow {
  mark: Mark;
  /** The swatch's colour (under the pattern, for the marks drawn over a class colour). */
  color: string;
  label: string;
  count: number;
}

/**
 * The legend rows below the classes, as the legend and the PNG draw them: no data and suppressed always (so a
 * reader knows they would be told), coarsened and small-base rows only when the map has such areas. Overlay
 * marks are shown over `classColor` (a middle class), as on the map.
 */
export function apartRows(apart: Uncounted, words: ApartWords, classColor: string): ApartRow[] {
  const rows: ApartRow[] = [
    { mark: 'nodata', color: NO_DATA_COLOR, label: words.noData, count: apart.noData },
    { mark: 'suppressed', color: SUPPRESSED_COLOR, label: words.suppressed, count: apart.suppressed },
  ];
  if (apart.coarsened > 0)
    rows.push({ mark: 'coarsened', color: classColor, label: words.coarsened, count: apart.coarsened });
  if (apart.uncertain > 0)
    rows.push({ mark: 'uncertain', color: classColor, label: words.uncertain, count: apart.uncertain });
  return rows;
}

/** The class colour overlay swatches are drawn on: the middle class. */
export function middleColor(c: Classification): string {
  return c.colors[Math.floor(c.colors.length / 2)] ?? NO_DATA_COLOR;
}
