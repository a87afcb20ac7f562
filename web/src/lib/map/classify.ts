// Class breaks for choropleths (framework-free, unit-tested). Thresholds are the inner breaks: a value v falls
// in class i where thresholds[i-1] <= v < thresholds[i]. Ties collapse, so fewer classes than asked can result.
import { ckmeans, equalIntervalBreaks, mean, quantileSorted, standardDeviation } from 'simple-statistics';
import { quantize } from 'd3-interpolate';
import { interpolateViridis, schemeBlues, schemeRdBu, schemeYlOrRd } from 'd3-scale-chromatic';

export type Method = 'quantile' | 'equal' | 'jenks' | 'stddev' | 'pretty';
export const METHODS: readonly Method[] = ['quantile', 'equal', 'jenks', 'stddev', 'pretty'];
export type Palette = 'YlOrRd' | 'Blues' | 'Viridis' | 'RdBu';
export const PALETTES: readonly Palette[] = ['YlOrRd', 'Blues', 'Viridis', 'RdBu'];

function unique(sortedThresholds: number[], min: number, max: number): number[] {
  return [...new Set(sortedThresholds.filter((t) => t > min && t <= max && Number.isFinite(t)))].sort(
    (a, b) => a - b,
  );
}

/** A 1-2-5 step near `raw` (what "pretty" axis ticks use). */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

export function thresholds(values: readonly number[], method: Method, classes: number): number[] {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0 || classes < 2) return [];
  const min = v[0]!;
  const max = v[v.length - 1]!;
  if (min === max) return [];
  switch (method) {
    case 'quantile':
      return unique(
        Array.from({ length: classes - 1 }, (_, i) => quantileSorted(v, (i + 1) / classes)),
        min,
        max,
      );
    case 'equal':
      return unique(equalIntervalBreaks(v, classes).slice(1, -1), min, max);
    case 'jenks': {
      const clusters = ckmeans(v, Math.min(classes, new Set(v).size));
      return unique(
        clusters.slice(1).map((c) => c[0]!),
        min,
        max,
      );
    }
    case 'stddev': {
      // Classes of one standard deviation (half for more than five classes) centred on the mean.
      const m = mean(v);
      const sd = standardDeviation(v);
      if (sd === 0) return [];
      const step = classes > 5 ? sd / 2 : sd;
      return unique(
        Array.from({ length: classes - 1 }, (_, i) => m + step * (i + 1 - classes / 2)),
        min,
        max,
      );
    }
    case 'pretty': {
      const step = niceStep((max - min) / classes);
      const first = Math.ceil(min / step) * step;
      const out: number[] = [];
      for (let t = first === min ? first + step : first; t < max && out.length < 8; t += step)
        out.push(Number(t.toPrecision(12)));
      return unique(out, min, max);
    }
  }
}

export function classOf(value: number, ts: readonly number[]): number {
  let i = 0;
  while (i < ts.length && value >= ts[i]!) i++;
  return i;
}

/** n colour-blind-safe colours (ColorBrewer YlOrRd/Blues/RdBu, viridis), light to dark (RdBu: blue to red). */
export function paletteColors(palette: Palette, n: number): string[] {
  const k = Math.min(9, Math.max(3, n));
  const pick = (scheme: ReadonlyArray<readonly string[]>) => [...scheme[k]!].slice(0, n);
  switch (palette) {
    case 'YlOrRd':
      return n < 3 ? [...schemeYlOrRd[3]!].slice(0, n) : pick(schemeYlOrRd);
    case 'Blues':
      return n < 3 ? [...schemeBlues[3]!].slice(0, n) : pick(schemeBlues);
    case 'RdBu':
      // Diverging; reversed so that high (worse) values are red.
      return (n < 3 ? [...schemeRdBu[3]!] : [...schemeRdBu[k]!]).reverse().slice(0, n);
    case 'Viridis':
      return quantize(interpolateViridis, Math.max(n, 1)).reverse();
  }
}

export interface Classification {
  thresholds: number[];
  colors: string[];
  counts: number[];
  /** Whole-number classes (counts): labelled "1 – 4", not "1 – < 5". */
  integer?: boolean;
  /** A change map: classes symmetric about zero, the middle one "no change". */
  diverging?: boolean;
  /** A fixed legend set's own labels, one per class (else the ranges are written; map/legend-sets.ts). */
  labels?: string[];
  /** The indicator (and program) a main map's legend is of, so the legend can offer its fixed set. */
  legendFor?: { indicator: string; program: string | null; fixed: boolean };
}

export interface ClassifyOptions {
  /** Counts (households, people): zero gets a class of its own and breaks are whole numbers. */
  integer?: boolean;
}

/**
 * Breaks that never collapse a map into one colour: where quantile breaks coincide (a skewed indicator whose
 * areas are mostly zero), natural breaks take over; for counts, zero is its own class and every break is a
 * whole number (a "131,2 keluarga" class means nothing).
 */
export function honestThresholds(
  values: readonly number[],
  method: Method,
  classes: number,
  opts: ClassifyOptions = {},
): number[] {
  const v = values.filter((x) => Number.isFinite(x));
  const distinct = new Set(v).size;
  if (opts.integer && v.some((x) => x === 0) && v.some((x) => x > 0) && classes >= 3) {
    const rest = honestThresholds(
      v.filter((x) => x > 0),
      method,
      classes - 1,
      opts,
    );
    return [...new Set([1, ...rest.filter((t) => t > 1)])];
  }
  let ts = thresholds(v, method, classes);
  const possible = Math.min(classes, distinct) - 1;
  // Fewer breaks than the data allow (ties) or more (empty classes between a few values): natural breaks.
  if (method === 'quantile' && ts.length !== possible) ts = thresholds(v, 'jenks', classes);
  if (opts.integer) ts = [...new Set(ts.map((t) => Math.ceil(t)))].filter((t) => t > Math.min(...v));
  return ts;
}

export function classify(
  values: readonly number[],
  method: Method,
  classes: number,
  palette: Palette,
  opts: ClassifyOptions = {},
): Classification {
  const ts = honestThresholds(values, method, classes, opts);
  const colors = paletteColors(palette, ts.length + 1);
  const counts = new Array<number>(ts.length + 1).fill(0);
  for (const v of values) if (Number.isFinite(v)) counts[classOf(v, ts)]! += 1;
  return { thresholds: ts, colors, counts, integer: opts.integer ?? false };
}

/** The fewest decimals (up to 4) at which every break reads differently, so no label repeats ("0,6 – < 0,6"). */
export function decimalsFor(ts: readonly number[], base = 1): number {
  for (let d = base; d < 4; d++) {
    const shown = ts.map((t) => t.toFixed(d));
    if (new Set(shown).size === shown.length) return d;
  }
  return 4;
}

/**
 * Human-readable range of each class ("< 20", "20 – < 40", "≥ 40"; for counts "0", "1 – 4", "≥ 5");
 * `whole` when there is a single class.
 */
export function classLabels(
  c: Classification,
  fmt: (v: number) => string,
  whole: string,
  noChange = '0',
): string[] {
  if (c.diverging) return divergingLabels(c, fmt, noChange);
  if (c.labels?.length === c.colors.length) return [...c.labels];
  return c.colors.map((_, i) => {
    const lo = c.thresholds[i - 1];
    const hi = c.thresholds[i];
    if (lo === undefined && hi === undefined) return whole;
    if (c.integer) {
      const from = lo ?? (hi === 1 ? 0 : undefined);
      if (from === undefined) return `< ${fmt(hi!)}`;
      if (hi === undefined) return `≥ ${fmt(from)}`;
      return hi - 1 === from ? fmt(from) : `${fmt(from)} – ${fmt(hi - 1)}`;
    }
    if (lo === undefined) return `< ${fmt(hi!)}`;
    if (hi === undefined) return `≥ ${fmt(lo)}`;
    return `${fmt(lo)} – < ${fmt(hi)}`;
  });
}

/** Labels of a change map's classes: "≤ −4", "−3 – −1", "no change", "1 – 3", "≥ 4" (rates: "< −5", "−5 – < 0" …). */
function divergingLabels(c: Classification, fmt: (v: number) => string, noChange: string): string[] {
  const ts = c.thresholds;
  const mid = ts.length / 2;
  return c.colors.map((_, i) => {
    if (i === mid) return noChange;
    const lo = ts[i - 1];
    const hi = ts[i];
    if (c.integer) {
      const from = lo === undefined ? undefined : Math.ceil(lo);
      const to = hi === undefined ? undefined : Math.floor(hi);
      if (from === undefined) return `≤ ${fmt(to!)}`;
      if (to === undefined) return `≥ ${fmt(from)}`;
      return from === to ? fmt(from) : `${fmt(from)} – ${fmt(to)}`;
    }
    const show = (t: number) => fmt(Math.abs(t) < 1e-6 ? 0 : t);
    if (lo === undefined) return `< ${show(hi!)}`;
    if (hi === undefined) return i > mid ? `≥ ${show(lo)}` : `≥ ${show(lo)}`;
    return i > mid && Math.abs(lo) < 1e-6 ? `> 0 – < ${show(hi)}` : `${show(lo)} – < ${show(hi)}`;
  });
}
