// The demo registry loaded into PostGIS: counts, periods, point checks, spatial clustering, all-or-nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEMARANG_KECAMATAN } from '../../geodata/semarang-facts.ts';
import { moransI } from '../../server/lib/spatial-stats.ts';
import { seedRegistry, SeedRefusedError, type SeedOptions } from '../../server/demo/seed-registry.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

const OPTS: SeedOptions = {
  regionCode: '33.74',
  households: 4000,
  seed: 11,
  defects: { invalidNik: 0.01, duplicateNik: 0.005, deceasedActive: 0.005, pointOutside: 0.02 },
};

describe('seeding the demo registry', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase('seed');
    await seedRegistry(db.knex, OPTS);
  });
  afterAll(() => db.drop());

  const rows = async <T>(sql: string) => (await db.knex.raw<{ rows: T[] }>(sql)).rows;

  /** A checksum of the loaded data itself (timestamps of loading excluded). */
  const contentChecksum = async () =>
    (
      await rows<{ md5: string }>(
        `select md5(string_agg(concat_ws('|', h.period_code, h.id, h.kk, h.kelurahan_code, h.desil, ST_AsText(h.geom),
           h.status, h.location_check, m.id, m.nik, m.name, m.birth_date, m.status), ',' order by h.period_code, h.id, m.id)) md5
         from households h join members m using (region_code, period_code) where m.household_id = h.id`,
      )
    )[0]!.md5;

  it('loads three periods, finalizing all but the last', async () => {
    const periods = await rows<{ period_code: string; status: string; n: number }>(
      `select p.period_code, p.status, count(h.id)::int n from periods p left join households h using (region_code, period_code)
       group by 1, 2 order by 1`,
    );
    expect(periods.map((p) => [p.period_code, p.status])).toEqual([
      ['2024-12', 'finalized'],
      ['2025-07', 'finalized'],
      ['2025-12', 'open'],
    ]);
    expect(periods[0]!.n).toBe(4000);
    expect(periods[2]!.n).toBeGreaterThan(periods[1]!.n);
    await expect(
      db.knex('households').where({ period_code: '2024-12' }).update({ desil: 1 }),
    ).rejects.toThrow(/finalized/);
  });

  it('gives each household one map number, kept across periods, with the sequence ahead of them all', async () => {
    const [numbers] = await rows<{ n: number; distinct_per_period: number; changed: number; nulls: number }>(
      `select count(*)::int n,
              (select sum(d)::int from (select count(distinct map_id) d from households group by period_code) q)
                distinct_per_period,
              (select count(*)::int from households a join households b on b.id = a.id and b.period_code > a.period_code
                where b.map_id <> a.map_id) changed,
              count(*) filter (where map_id is null)::int nulls
       from households`,
    );
    expect(numbers).toEqual({ n: numbers!.n, distinct_per_period: numbers!.n, changed: 0, nulls: 0 });
    // A household added after the seed draws a number no seeded one has.
    const [next] = await rows<{ fresh: string; max: string }>(
      `select nextval(pg_get_serial_sequence('households', 'map_id')) fresh, (select max(map_id) from households) max`,
    );
    expect(Number(next!.fresh)).toBeGreaterThan(Number(next!.max));
  });

  it('spreads households over kecamatan by their real family counts', async () => {
    const got = await rows<{ kec: string; n: number }>(
      `select a.parent_code kec, count(*)::int n from households h join areas a on a.code = h.kelurahan_code
       where h.period_code = '2024-12' group by 1`,
    );
    const families = SEMARANG_KECAMATAN.reduce((a, f) => a + f.families2022, 0);
    for (const fact of SEMARANG_KECAMATAN) {
      const n = got.find((g) => g.kec === fact.code)?.n ?? 0;
      expect(Math.abs(n - (4000 * fact.families2022) / families), fact.code).toBeLessThanOrEqual(1);
    }
  });

  it('classifies points: nearly all inside their kelurahan, the configured few slightly outside', async () => {
    const checks = await rows<{ location_check: string; n: number }>(
      `select location_check, count(*)::int n from households where period_code = '2024-12' group by 1`,
    );
    const count = (c: string) => checks.find((x) => x.location_check === c)?.n ?? 0;
    const notInside = count('near') + count('other_kelurahan') + count('outside');
    expect(count('missing')).toBe(0);
    expect(notInside).toBeGreaterThan(4000 * 0.02 * 0.5);
    expect(notInside).toBeLessThan(4000 * 0.02 * 1.6);
    expect(count('other_kelurahan')).toBeGreaterThan(0);
  });

  it('clusters poverty in space (Moran\u2019s I of the poor share clearly positive)', async () => {
    const areas = await rows<{ code: string; share: number }>(
      `select a.code, avg((h.desil <= 4)::int)::float share from areas a
       join households h on h.kelurahan_code = a.code and h.period_code = '2025-12' and h.status = 'active'
       where a.level = 'kelurahan' group by a.code order by a.code`,
    );
    const pairs = await rows<{ a: string; b: string }>(
      `select x.area_code a, y.area_code b from area_boundaries x
       join area_boundaries y on x.boundary_set_id = y.boundary_set_id and x.area_code <> y.area_code and ST_Intersects(x.geom, y.geom)
       join areas ax on ax.code = x.area_code and ax.level = 'kelurahan' join areas ay on ay.code = y.area_code and ay.level = 'kelurahan'`,
    );
    const index = new Map(areas.map((a, i) => [a.code, i]));
    const neighbours = areas.map(() => [] as number[]);
    for (const p of pairs)
      if (index.has(p.a) && index.has(p.b)) neighbours[index.get(p.a)!]!.push(index.get(p.b)!);
    expect(areas).toHaveLength(177);
    expect(
      moransI(
        areas.map((a) => a.share),
        neighbours,
      ),
    ).toBeGreaterThan(0.25);
  });

  it('keeps data-quality defects findable: invalid and duplicate NIKs, deceased still active', async () => {
    const [q] = await rows<{ invalid: number; dup: number; dead_active: number; members: number }>(
      `select count(*) filter (where not nik_valid)::int invalid,
              count(*) filter (where status = 'active' and died_on is not null)::int dead_active,
              count(*)::int members,
              (select count(*)::int from (select nik from members where period_code = '2024-12' group by nik having count(*) > 1) d) dup
       from members where period_code = '2024-12'`,
    );
    expect(q!.invalid / q!.members).toBeGreaterThan(0.01);
    expect(q!.invalid / q!.members).toBeLessThan(0.025);
    expect(q!.dup).toBeGreaterThan(0);
    expect(q!.dead_active).toBeGreaterThan(0);
  });

  it('refuses to seed over an existing registry, changing nothing', async () => {
    const before = await contentChecksum();
    await expect(seedRegistry(db.knex, OPTS)).rejects.toThrow(SeedRefusedError);
    await expect(seedRegistry(db.knex, OPTS)).rejects.toThrow(/already has households.*--replace/);
    expect(await contentChecksum()).toBe(before);
  });

  it('leaves the previous registry untouched when a seed fails midway', async () => {
    const before = await contentChecksum();
    const failing = seedRegistry(db.knex, {
      ...OPTS,
      seed: 99,
      replace: true,
      onProgress: (done) => {
        if (done === 200) throw new Error('injected failure at batch 200');
      },
    });
    await expect(failing).rejects.toThrow(/injected failure/);
    expect(await contentChecksum()).toBe(before);
  });

  it('reproduces the same data from the same seed', async () => {
    const before = await contentChecksum();
    await seedRegistry(db.knex, { ...OPTS, replace: true });
    expect(await contentChecksum()).toBe(before);
  });
});
