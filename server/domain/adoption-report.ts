// The adoption report's lines (penetapan, #20 item 4), from the period's roll-up (the indicators' own counts,
// so its figures are the indicators') and the kelurahan's cycle counts: the city, then each kecamatan followed
// by its kelurahan, every count summed up the hierarchy like the indicators. Pure: the service reads the rows.
import type { AreaTotals, Level } from './disclosure-control.ts';
import { evaluate } from './indicators.ts';
import { NEIGHBOURHOOD_INDICATORS, type NeighbourhoodCell } from './neighbourhood.ts';

/** The cycle's counts per kelurahan (all of them summable). */
export const CYCLE_COUNTS = [
  'entered',
  'moved_out',
  'died',
  'not_eligible',
  'merged',
  'active',
  'verified',
  'approved',
  'rejected',
  'pending',
  'kept',
  'removed',
  'added',
  'berita_acara',
] as const;
export type CycleCount = (typeof CYCLE_COUNTS)[number];

export interface KelurahanCycle {
  code: string;
  status: 'open' | 'closed';
  muskelOn: string | null;
  counts: Record<CycleCount, number>;
}

export interface ReportLine {
  level: Level;
  code: string;
  name: string;
  parent: string | null;
  /** Kelurahan only: its record's status and the day its muskel met. */
  status: 'open' | 'closed' | null;
  muskelOn: string | null;
  /** Kecamatan and city: how many of their kelurahan are closed, of how many. */
  closed: number;
  kelurahan: number;
  households: number;
  persons: number;
  values: Record<string, NeighbourhoodCell>;
  counts: Record<CycleCount, number>;
}

const zero = (): Record<CycleCount, number> =>
  Object.fromEntries(CYCLE_COUNTS.map((c) => [c, 0])) as Record<CycleCount, number>;

export function reportLines(
  rollup: ReadonlyMap<string, AreaTotals>,
  cycle: readonly KelurahanCycle[],
): ReportLine[] {
  const byCode = new Map(cycle.map((c) => [c.code, c]));
  const areas = [...rollup.values()];
  const line = (a: AreaTotals): ReportLine => ({
    level: a.level,
    code: a.code,
    name: a.name,
    parent: a.parent,
    status: a.level === 'kelurahan' ? (byCode.get(a.code)?.status ?? 'open') : null,
    muskelOn: byCode.get(a.code)?.muskelOn ?? null,
    closed: 0,
    kelurahan: 0,
    households: a.counts.households ?? 0,
    persons: a.counts.persons ?? 0,
    values: Object.fromEntries(NEIGHBOURHOOD_INDICATORS.map((d) => [d.id, evaluate(d, a.counts)])),
    counts: byCode.get(a.code)?.counts ?? zero(),
  });
  const lines = new Map(areas.map((a) => [a.code, line(a)]));
  // Kelurahan counts summed into their kecamatan and the city (areas have at most two levels above).
  for (const k of [...lines.values()].filter((l) => l.level === 'kelurahan')) {
    let parent = k.parent === null ? undefined : lines.get(k.parent);
    while (parent) {
      parent.kelurahan += 1;
      if (k.status === 'closed') parent.closed += 1;
      for (const c of CYCLE_COUNTS) parent.counts[c] += k.counts[c];
      parent = parent.parent === null ? undefined : lines.get(parent.parent);
    }
  }
  const byName = (a: ReportLine, b: ReportLine) =>
    a.name.localeCompare(b.name, 'id') || a.code.localeCompare(b.code);
  const all = [...lines.values()];
  const city = all.filter((l) => l.level === 'city');
  return [
    ...city,
    ...all
      .filter((l) => l.level === 'kecamatan')
      .sort(byName)
      .flatMap((kec) => [
        kec,
        ...all.filter((l) => l.parent === kec.code && l.level === 'kelurahan').sort(byName),
      ]),
  ];
}
