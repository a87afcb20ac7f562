// Topology of the loaded demo geography, checked by PostGIS itself.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKnex } from '../support/test-app.ts';

const ACTIVE = `from area_boundaries b join boundary_sets s on s.id = b.boundary_set_id and s.active
  join areas a on a.code = b.area_code`;

describe('demo geography topology (PostGIS)', () => {
  let knex: Knex;
  beforeAll(() => {
    knex = testKnex();
  });
  afterAll(() => knex.destroy());

  const one = async <T>(sql: string): Promise<T> => (await knex.raw<{ rows: T[] }>(sql)).rows[0]!;

  it('has only valid polygons', async () => {
    const r = await one<{ n: number; valid: number }>(
      `select count(*)::int n, count(*) filter (where ST_IsValid(b.geom))::int valid ${ACTIVE}`,
    );
    expect(r).toEqual({ n: 193, valid: 193 });
  });

  it('has no overlaps between neighbouring kelurahan', async () => {
    const r = await one<{ m2: number; pairs: number }>(
      `with k as (select b.area_code, b.geom ${ACTIVE} where a.level = 'kelurahan')
       select coalesce(sum(ST_Area(ST_Intersection(x.geom, y.geom)::geography)), 0) m2, count(*)::int pairs
       from k x join k y on x.area_code < y.area_code and ST_Intersects(x.geom, y.geom)`,
    );
    expect(r.pairs).toBeGreaterThan(400); // neighbours touch along shared edges
    expect(r.m2).toBeLessThan(1); // square metres, over the whole city
  });

  it('covers the city exactly: kelurahan union equals kecamatan union, with no gaps inside', async () => {
    const r = await one<{ symdiff: number; parts: number; rings: number; km2: number }>(
      `with kel as (select ST_Union(b.geom) g ${ACTIVE} where a.level = 'kelurahan'),
            kec as (select ST_Union(b.geom) g ${ACTIVE} where a.level = 'kecamatan')
       select ST_Area(ST_SymDifference(kel.g, kec.g)::geography) symdiff, ST_NumGeometries(kel.g) parts,
              ST_NRings(kel.g) rings, ST_Area(kel.g::geography) / 1e6 km2 from kel, kec`,
    );
    expect(r.symdiff).toBeLessThan(1);
    expect(r.parts).toBe(1);
    expect(r.rings).toBe(1); // no holes: no gaps between kelurahan
    expect(r.km2).toBeGreaterThan(355);
    expect(r.km2).toBeLessThan(392);
  });

  it('stores spheroidal areas computed at import', async () => {
    const r = await one<{ diff: number }>(
      `select max(abs(b.area_km2 - ST_Area(b.geom::geography) / 1e6)) diff ${ACTIVE}`,
    );
    expect(r.diff).toBeLessThan(1e-9);
  });
});
