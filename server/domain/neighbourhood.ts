// RT/RW detail of one kelurahan: the per-RT counts summed into RW rows (roll-ups add numerators and
// denominators, never rates), and the indicators that make sense below a kelurahan — every one that divides
// counts of people or households (densities need an area, and there are no official RW polygons; program
// coverage has its own screens).
import { addMetrics, evaluate, INDICATORS, type IndicatorDef, type Metrics } from './indicators.ts';

export const NEIGHBOURHOOD_INDICATORS: readonly IndicatorDef[] = INDICATORS.filter(
  (d) => !d.program && d.denominator !== 'area_km2',
);

export interface NeighbourhoodCell {
  numerator: number;
  denominator: number | null;
  value: number | null;
}

export interface RtRow {
  /** null: households without a recorded RT. */
  rt: number | null;
  households: number;
  persons: number;
  values: Record<string, NeighbourhoodCell>;
}

export interface RwRow extends RtRow {
  rw: number | null;
  rts: RtRow[];
}

function part(s: string | undefined): number | null {
  return s === undefined || s === '' ? null : Number(s);
}

function row(rt: number | null, m: Metrics): RtRow {
  return {
    rt,
    households: m.households ?? 0,
    persons: m.persons ?? 0,
    values: Object.fromEntries(NEIGHBOURHOOD_INDICATORS.map((d) => [d.id, evaluate(d, m)])),
  };
}

const byNumber = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity);

/**
 * RW rows (each with its RT rows), from counts keyed `kelurahan/RW/RT` (an empty part: not recorded), in RW and
 * RT order with the unrecorded last; and the kelurahan's total, summed from the same counts.
 */
export function neighbourhoodTable(byRt: ReadonlyMap<string, Metrics>): { total: RtRow; rws: RwRow[] } {
  const rws = new Map<number | null, { metrics: Metrics; rts: Array<[number | null, Metrics]> }>();
  const total: Metrics = {};
  for (const [key, metrics] of byRt) {
    const [, rwPart, rtPart] = key.split('/');
    const rw = part(rwPart);
    const entry = rws.get(rw) ?? { metrics: {}, rts: [] };
    addMetrics(entry.metrics, metrics);
    addMetrics(total, metrics);
    entry.rts.push([part(rtPart), metrics]);
    rws.set(rw, entry);
  }
  return {
    total: row(null, total),
    rws: [...rws.entries()]
      .sort(([a], [b]) => byNumber(a, b))
      .map(([rw, e]) => ({
        ...row(null, e.metrics),
        rw,
        rts: e.rts.sort(([a], [b]) => byNumber(a, b)).map(([rt, m]) => row(rt, m)),
      })),
  };
}
