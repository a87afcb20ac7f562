// The area panel's trend chart as geometry (framework-free, unit-tested in test/unit/legend-sets.test.ts):
// one polyline per run of shown values, so a suppressed or missing period is a gap, never a line drawn across
// it; the city's line the same way. The y axis starts at zero for counts and shares, so a small change does
// not look like a large one.

export interface TrendInput {
  period: string;
  value: number | null;
  suppressed: boolean;
  city: number | null;
  citySuppressed: boolean;
}

export interface TrendGeometry {
  /** Each run of consecutive values as an SVG points string ("x,y x,y"). */
  area: string[];
  city: string[];
  /** Single values between gaps, drawn as dots (a one-point run has no line). */
  areaDots: Array<{ x: number; y: number }>;
  x: number[];
  yMax: number;
  yMin: number;
  /** The y pixel of a value (for the axis labels). */
  yOf: (v: number) => number;
}

export function trendGeometry(
  points: readonly TrendInput[],
  width: number,
  height: number,
  pad = { left: 34, right: 8, top: 8, bottom: 18 },
): TrendGeometry {
  const shown = (v: number | null, hidden: boolean) => (hidden || v === null ? null : v);
  const all = points.flatMap((p) =>
    [shown(p.value, p.suppressed), shown(p.city, p.citySuppressed)].filter((v): v is number => v !== null),
  );
  const yMin = Math.min(0, ...all);
  const yMax = Math.max(yMin + 1e-9, ...all);
  const span = yMax - yMin || 1;
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const x = points.map((_, i) =>
    points.length === 1 ? pad.left + innerW / 2 : pad.left + (innerW * i) / (points.length - 1),
  );
  const yOf = (v: number) => pad.top + innerH - ((v - yMin) / span) * innerH;
  const runs = (vals: Array<number | null>) => {
    const out: Array<Array<{ x: number; y: number }>> = [];
    let run: Array<{ x: number; y: number }> = [];
    vals.forEach((v, i) => {
      if (v === null) {
        if (run.length) out.push(run);
        run = [];
      } else run.push({ x: x[i]!, y: yOf(v) });
    });
    if (run.length) out.push(run);
    return out;
  };
  const str = (r: Array<{ x: number; y: number }>) =>
    r.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const areaRuns = runs(points.map((p) => shown(p.value, p.suppressed)));
  const cityRuns = runs(points.map((p) => shown(p.city, p.citySuppressed)));
  return {
    area: areaRuns.filter((r) => r.length > 1).map(str),
    city: cityRuns.filter((r) => r.length > 1).map(str),
    areaDots: areaRuns.flat(),
    x,
    yMax,
    yMin,
    yOf,
  };
}
