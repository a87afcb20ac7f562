// The one path by which counts reach the public: kelurahan counts are summed up the hierarchy (kecamatan,
// city), each measure is suppressed over the whole hierarchy (so no level can be subtracted from another),
// and only then is the requested level cut out.
import type { Knex } from 'knex';
import { suppressCounts, type HierarchyCell } from '../domain/suppression.ts';
import { RegionsRepository } from '../repositories/regions-repository.ts';

export type PublicLevel = 'kelurahan' | 'kecamatan' | 'city';

export interface KelurahanCounts {
  code: string;
  households: number;
  poor: number;
}

export interface PublicRow {
  code: string;
  name: string;
  level: string;
  households: number | null;
  poor: number | null;
  suppressed: { households: boolean; poor: boolean };
}

const MEASURES = ['households', 'poor'] as const;

export async function publicCounts(
  knex: Knex,
  regionCode: string,
  counts: readonly KelurahanCounts[],
  k: number,
  level: PublicLevel,
): Promise<PublicRow[]> {
  const areas = await new RegionsRepository(knex).areaList(regionCode);
  const regionName = await new RegionsRepository(knex).regionName(regionCode);
  const rows = new Map<
    string,
    { code: string; name: string; level: string; parent: string | null; households: number; poor: number }
  >();
  rows.set(regionCode, {
    code: regionCode,
    name: regionName,
    level: 'city',
    parent: null,
    households: 0,
    poor: 0,
  });
  for (const a of areas) {
    rows.set(a.code, {
      code: a.code,
      name: a.name,
      level: a.level,
      parent: a.parent_code ?? regionCode,
      households: 0,
      poor: 0,
    });
  }
  for (const c of counts) {
    // Add each kelurahan's counts to it and every area above it.
    for (let code: string | null = c.code; code; code = rows.get(code)?.parent ?? null) {
      const r = rows.get(code)!;
      r.households += c.households;
      r.poor += c.poor;
    }
  }
  const suppressed = Object.fromEntries(
    MEASURES.map((m) => {
      const cells: HierarchyCell[] = [...rows.values()].map((r) => ({
        code: r.code,
        parent: r.parent,
        count: r[m],
      }));
      return [m, suppressCounts(cells, k).suppressed];
    }),
  ) as Record<(typeof MEASURES)[number], Set<string>>;
  return [...rows.values()]
    .filter((r) => r.level === level)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      households: suppressed.households.has(r.code) ? null : r.households,
      poor: suppressed.poor.has(r.code) ? null : r.poor,
      suppressed: { households: suppressed.households.has(r.code), poor: suppressed.poor.has(r.code) },
    }));
}
