// The one path by which counts reach the public — indicators, area profiles, the household stats and flows
// all pass it. Kelurahan counts are summed up the area hierarchy (kelurahan → kecamatan → city); each
// measure is then suppressed over the whole hierarchy at once: small cells, cells whose complement to a
// denominator is small (registered − poor), and complementary cells, so that no hidden count can be worked
// out by subtraction from the level above or from its siblings. Only then is a level cut out, so a level or
// a drill-down never reveals what the whole would not.
//
// Which cells a measure hides depends on that measure's counts (and its denominators') alone, never on the
// output asking: every output that shows "poor" hides the same cells, and an attacker combining outputs
// learns nothing one of them hides. Pure: callers read the areas and the counts.
import { denominatorsOf } from './indicators.ts';
import { suppressCounts, type HierarchyCell } from './suppression.ts';

export type Level = 'kelurahan' | 'kecamatan' | 'city';
export type Counts = Record<string, number>;

export interface AreaNode {
  code: string;
  name: string;
  level: Level;
  /** The area this one sums into; null for the city. */
  parent: string | null;
}

/** An area with every count summed over its kelurahan. */
export interface AreaTotals extends AreaNode {
  counts: Counts;
}

/** The region's areas as one hierarchy, the city first. A kecamatan (no parent code) sums into the city. */
export function areaHierarchy(
  region: { code: string; name: string },
  areas: ReadonlyArray<{
    code: string;
    name: string;
    level: Exclude<Level, 'city'>;
    parent_code: string | null;
  }>,
): AreaNode[] {
  return [
    { code: region.code, name: region.name, level: 'city', parent: null },
    ...areas.map((a) => ({
      code: a.code,
      name: a.name,
      level: a.level,
      parent: a.parent_code ?? region.code,
    })),
  ];
}

/**
 * Sums each kelurahan's counts into it and into every area above it (roll-ups add counts; they never average
 * rates). Areas without counts of their own hold the sums of their kelurahan, or nothing. Ordered by code.
 */
export function rollUp(
  hierarchy: readonly AreaNode[],
  leaves: Iterable<{ code: string; counts: Counts }>,
): Map<string, AreaTotals> {
  const sorted = [...hierarchy].sort((a, b) => a.code.localeCompare(b.code));
  const totals = new Map(sorted.map((a): [string, AreaTotals] => [a.code, { ...a, counts: {} }]));
  for (const leaf of leaves) {
    for (let code: string | null = leaf.code; code !== null; code = totals.get(code)?.parent ?? null) {
      const into = totals.get(code);
      if (!into) break; // an area the hierarchy does not know: counted nowhere rather than half-way
      for (const [key, n] of Object.entries(leaf.counts)) into.counts[key] = (into.counts[key] ?? 0) + n;
    }
  }
  return totals;
}

/** Per measure key, the areas whose count the public must not see (k: the public threshold). */
export function suppressedAreas(
  totals: ReadonlyMap<string, AreaTotals>,
  keys: Iterable<string>,
  k: number,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    if (out.has(key)) continue;
    const denominators = denominatorsOf(key);
    const cells: HierarchyCell[] = [...totals.values()].map((a) => {
      const count = a.counts[key] ?? 0;
      return {
        code: a.code,
        parent: a.parent,
        count,
        complements: denominators.flatMap((d) => (d in a.counts ? [a.counts[d]! - count] : [])),
      };
    });
    out.set(key, suppressCounts(cells, k).suppressed);
  }
  return out;
}

export interface PublishedArea extends AreaNode {
  /** Each requested measure's count, null where the public must not see it. */
  counts: Record<string, number | null>;
  /** The measures hidden here, in the order asked. */
  hidden: string[];
}

/**
 * The areas of one level (or all), each with the requested measures; with k (public callers) every measure is
 * suppressed over the whole hierarchy first. Without k (staff) nothing is hidden.
 */
export function publish(
  totals: ReadonlyMap<string, AreaTotals>,
  keys: readonly string[],
  level: Level | 'all',
  k?: number,
): PublishedArea[] {
  const hidden = k === undefined ? new Map<string, Set<string>>() : suppressedAreas(totals, keys, k);
  return [...totals.values()]
    .filter((a) => level === 'all' || a.level === level)
    .map((a) => {
      const off = keys.filter((key) => hidden.get(key)?.has(a.code));
      return {
        code: a.code,
        name: a.name,
        level: a.level,
        parent: a.parent,
        counts: Object.fromEntries(keys.map((key) => [key, off.includes(key) ? null : (a.counts[key] ?? 0)])),
        hidden: off,
      };
    });
}
