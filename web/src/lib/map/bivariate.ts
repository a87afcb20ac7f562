// A bivariate choropleth: two indicators at once (e.g. poverty × disability), each cut into tertiles, each area
// coloured by its pair of classes on a 3 × 3 grid. Framework-free and unit-tested (test/unit/bivariate.test.ts);
// the map, its square legend and the PNG export only apply what this returns.
import type { IndicatorValue } from '../api';
import { SUPPRESSED_COLOR } from './base-style';
import { classLabels, classOf, honestThresholds } from './classify';

/**
 * Joshua Stevens' pink–blue 3 × 3 scheme ("Bivariate Choropleth Maps: A How-to Guide", 2015,
 * https://www.joshuastevens.net/cartography/make-a-bivariate-choropleth-map/; the same colours as the R
 * package biscale's "GrPink"). Built from two sequential ramps that differ in hue and lightness (teal for the
 * first indicator, pink for the second), so the classes stay apart under the common red–green deficiencies.
 * Indexed [y][x]: row 0 is the second indicator's low class, column 0 the first indicator's.
 */
export const BIVARIATE_COLORS: readonly (readonly string[])[] = [
  ['#e8e8e8', '#ace4e4', '#5ac8c8'],
  ['#dfb0d6', '#a5add3', '#5698b9'],
  ['#be64ac', '#8c62aa', '#3b4994'],
];

/** The grid's size on each axis. */
export const TERTILES = 3;

/** One area's two figures: null when it has none, suppressed when either is hidden (small cells). */
export interface Pair {
  code: string;
  x: number | null;
  y: number | null;
  suppressed: boolean;
}

/** The two indicators' values side by side, by area code (the first indicator's areas lead). */
export function pairValues(first: readonly IndicatorValue[], second: readonly IndicatorValue[]): Pair[] {
  const byCode = new Map(second.map((v) => [v.code, v]));
  return first.map((a) => {
    const b = byCode.get(a.code);
    return {
      code: a.code,
      x: a.value,
      y: b?.value ?? null,
      suppressed: a.suppressed || (b?.suppressed ?? false),
    };
  });
}

/** One axis: its inner breaks (at most two) and where each of its classes sits on the grid. */
export interface Axis {
  thresholds: number[];
  integer: boolean;
  /** The grid column (or row) of each class: three classes fill 0, 1, 2; two take the ends; one the middle. */
  positions: number[];
}

/**
 * Tertiles with classify.ts's care: tied breaks fall back to natural breaks, counts keep zero apart and break
 * on whole numbers, constant data make one class (drawn in the middle, never as "low").
 */
export function tertileAxis(values: readonly number[], integer = false): Axis {
  const thresholds = honestThresholds(values, 'quantile', TERTILES, { integer }).slice(0, TERTILES - 1);
  const n = thresholds.length + 1;
  const positions = n === 3 ? [0, 1, 2] : n === 2 ? [0, 2] : [1];
  return { thresholds, integer, positions };
}

export function positionOf(value: number, axis: Axis): number {
  return axis.positions[classOf(value, axis.thresholds)]!;
}

export interface BivariateClassification {
  x: Axis;
  y: Axis;
  /** Areas in each cell, [y][x]. */
  counts: number[][];
  /** Areas without both figures (patterned as no data) and suppressed in either indicator (hatched). */
  noData: number;
  suppressed: number;
}

const counted = (p: Pair): p is Pair & { x: number; y: number } =>
  !p.suppressed && p.x !== null && p.y !== null && Number.isFinite(p.x) && Number.isFinite(p.y);

/** Classes over the areas that have both figures; suppressed and no-data areas are counted apart. */
export function classifyBivariate(
  pairs: readonly Pair[],
  opts: { xInteger?: boolean; yInteger?: boolean } = {},
): BivariateClassification {
  const shown = pairs.filter(counted);
  const x = tertileAxis(
    shown.map((p) => p.x),
    opts.xInteger ?? false,
  );
  const y = tertileAxis(
    shown.map((p) => p.y),
    opts.yInteger ?? false,
  );
  const counts = Array.from({ length: TERTILES }, () => new Array<number>(TERTILES).fill(0));
  for (const p of shown) counts[positionOf(p.y, y)]![positionOf(p.x, x)]! += 1;
  const suppressed = pairs.filter((p) => p.suppressed).length;
  return { x, y, counts, suppressed, noData: pairs.length - shown.length - suppressed };
}

/** Fill colour by area code: suppressed areas get the suppressed colour, areas without both figures none. */
export function bivariateFills(pairs: readonly Pair[], c: BivariateClassification): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs) {
    if (p.suppressed) out.set(p.code, SUPPRESSED_COLOR);
    else if (counted(p)) out.set(p.code, BIVARIATE_COLORS[positionOf(p.y, c.y)]![positionOf(p.x, c.x)]!);
  }
  return out;
}

/** The range each grid position of an axis stands for ("< 12", "12 – < 20", "≥ 20"); null for an unused one. */
export function axisRanges(axis: Axis, fmt: (v: number) => string, whole: string): Array<string | null> {
  const labels = classLabels(
    {
      thresholds: axis.thresholds,
      colors: axis.positions.map(() => ''),
      counts: [],
      integer: axis.integer,
    },
    fmt,
    whole,
  );
  const out: Array<string | null> = new Array<string | null>(TERTILES).fill(null);
  axis.positions.forEach((pos, i) => (out[pos] = labels[i]!));
  return out;
}

export interface BivariateCell {
  x: number;
  y: number;
  color: string;
  count: number;
}

/** The legend's nine cells, top row first (high second indicator), each row low to high first indicator. */
export function legendCells(c: BivariateClassification): BivariateCell[] {
  const cells: BivariateCell[] = [];
  for (let y = TERTILES - 1; y >= 0; y--)
    for (let x = 0; x < TERTILES; x++)
      cells.push({ x, y, color: BIVARIATE_COLORS[y]![x]!, count: c.counts[y]![x]! });
  return cells;
}

/** Everything a square legend draws (on screen and in the PNG), in the caller's language. */
export interface BivariateLegendSpec {
  /** Axis titles with their units: "Persentase keluarga miskin (%)". */
  xTitle: string;
  yTitle: string;
  xRanges: Array<string | null>;
  yRanges: Array<string | null>;
  cells: BivariateCell[];
  noData: number;
  suppressed: number;
}

export function legendSpec(
  c: BivariateClassification,
  titles: { x: string; y: string },
  fmt: { x: (v: number) => string; y: (v: number) => string },
  whole: string,
): BivariateLegendSpec {
  return {
    xTitle: titles.x,
    yTitle: titles.y,
    xRanges: axisRanges(c.x, fmt.x, whole),
    yRanges: axisRanges(c.y, fmt.y, whole),
    cells: legendCells(c),
    noData: c.noData,
    suppressed: c.suppressed,
  };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The text colour (dark ink or white) with the higher WCAG contrast on a cell's colour: counts stay legible. */
export function inkOn(hex: string): '#102a43' | '#ffffff' {
  const l = luminance(hex);
  const dark = (l + 0.05) / (luminance('#102a43') + 0.05);
  const light = 1.05 / (l + 0.05);
  return dark >= light ? '#102a43' : '#ffffff';
}
