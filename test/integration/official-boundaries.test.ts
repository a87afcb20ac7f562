// The official Kota Semarang boundaries as loaded by default: equal to the shipped files, simplified for the
// map along shared edges (no overlaps, no gaps, shared edges equal), and the demo registry placed inside them.
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { simplifyCoverage } from '../../server/domain/coverage.ts';
import { RegionsRepository } from '../../server/repositories/regions-repository.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { geodataFile } from '../support/geodata.ts';
import { testKnex } from '../support/test-app.ts';

const ACTIVE = `from area_boundaries b join boundary_sets s on s.id = b.boundary_set_id and s.active
  join areas a on a.code = b.area_code`;

describe('official boundaries loaded by default', () => {
  let knex: Knex;
  beforeAll(() => {
    knex = testKnex();
  });
  afterAll(() => knex.destroy());

  const rows = async <T>(sql: string, bindings: unknown[] = []) =>
    (await knex.raw<{ rows: T[] }>(sql, bindings as Knex.RawBinding[])).rows;

  it.each([
    ['kelurahan', 'semarang-kelurahan.geojson', 177],
    ['kecamatan', 'semarang-kecamatan.geojson', 16],
  ])('stores every %s polygon of the shipped file, area within 0.1 %%', async (level, file, count) => {
    const fc = JSON.parse(readFileSync(geodataFile(file), 'utf8')) as {
      features: Array<{ properties: { code: string }; geometry: unknown }>;
    };
    const got = await rows<{ code: string; rel: number; hausdorff: number }>(
      `with f as (select x.code, ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326) g
                  from json_to_recordset(?::json) as x(code text, geometry json))
       select f.code, abs(b.area_km2 - ST_Area(f.g::geography) / 1e6) / b.area_km2 rel,
              ST_HausdorffDistance(b.geom, f.g) hausdorff
       from f join (select b.area_code, b.geom, b.area_km2 ${ACTIVE} where a.level = ?) b on b.area_code = f.code
       order by f.code`,
      [JSON.stringify(fc.features.map((f) => ({ code: f.properties.code, geometry: f.geometry }))), level],
    );
    expect(got).toHaveLength(count);
    expect(got.map((g) => g.code)).toEqual(fc.features.map((f) => f.properties.code).sort());
    for (const g of got) {
      expect(g.rel, g.code).toBeLessThan(0.001);
      expect(g.hausdorff, g.code).toBeLessThan(1e-6); // degrees: the same vertices
    }
  });

  it('says the set is official, with its source', async () => {
    const [set] = await rows<{ label: string; source: string }>(
      `select label, source from boundary_sets where active`,
    );
    expect(set!.label).toContain('Kemendagri');
    expect(set!.source).toContain('MIT');
  });

  it('simplifies once per set: every area has a valid MultiPolygon map copy close in area', async () => {
    const got = await rows<{ code: string; type: string; valid: boolean; rel: number }>(
      `select b.area_code code, GeometryType(b.geom_simplified) type, ST_IsValid(b.geom_simplified) valid,
              (ST_Area(b.geom_simplified::geography) / 1e6 - b.area_km2) / b.area_km2 rel ${ACTIVE}`,
    );
    expect(got).toHaveLength(193);
    for (const g of got) {
      expect(g.type, g.code).toBe('MULTIPOLYGON');
      expect(g.valid, g.code).toBe(true);
      // The map copy resolves the source's own overlaps and slivers (each goes to one side), which moves a few
      // small kelurahan by up to 0.7 %; simplification itself moves none by more than 0.5 % (next test).
      expect(Math.abs(g.rel), g.code).toBeLessThan(0.01);
    }
  });

  it('simplifies without moving any kelurahan by more than 0.5 % from the cleaned coverage it starts from', async () => {
    const fc = JSON.parse(readFileSync(geodataFile('semarang-kelurahan.geojson'), 'utf8')) as {
      features: Array<{
        properties: { code: string; district_code: string };
        geometry: Polygon | MultiPolygon;
      }>;
    };
    const input = fc.features.map((f) => ({
      code: f.properties.code,
      kecamatanCode: f.properties.district_code,
      geometry: f.geometry,
    }));
    const clean = await simplifyCoverage(input, { simplify: false });
    const simple = await simplifyCoverage(input);
    const rows = await rows2(clean, simple);
    expect(rows).toHaveLength(177);
    for (const r of rows) expect(Math.abs(r.rel), r.code).toBeLessThan(0.005);
  });

  /** Spheroidal areas of two coverages, compared per kelurahan by PostGIS. */
  async function rows2(
    a: Awaited<ReturnType<typeof simplifyCoverage>>,
    b: Awaited<ReturnType<typeof simplifyCoverage>>,
  ) {
    const pack = (c: typeof a) =>
      JSON.stringify([...c.kelurahan].map(([code, geometry]) => ({ code, geometry })));
    return rows<{ code: string; rel: number }>(
      `with a as (select x.code, ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326) g
                  from json_to_recordset(?::json) as x(code text, geometry json)),
            b as (select x.code, ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326) g
                  from json_to_recordset(?::json) as x(code text, geometry json))
       select a.code, (ST_Area(b.g::geography) - ST_Area(a.g::geography)) / ST_Area(a.g::geography) rel
       from a join b using (code)`,
      [pack(a), pack(b)],
    );
  }

  it('keeps simplified neighbours together: no overlaps, no gaps, equal shared edges', async () => {
    const [r] = await rows<{
      overlap: number;
      pairs: number;
      edge_km: number;
      sum_km2: number;
      union_km2: number;
      holes: number;
    }>(
      `with k as (select b.area_code, b.geom_simplified g ${ACTIVE} where a.level = 'kelurahan'),
            pairs as (select x.area_code, ST_Intersection(x.g, y.g) i from k x join k y
                      on x.area_code < y.area_code and ST_Intersects(x.g, y.g)),
            u as (select ST_Union(g) g from k)
       select (select coalesce(sum(ST_Area(i::geography)), 0) from pairs) overlap,
              (select count(*)::int from pairs where ST_Dimension(i) = 1) pairs,
              (select sum(ST_Length(i::geography)) / 1000 from pairs) edge_km,
              (select sum(ST_Area(g::geography)) / 1e6 from k) sum_km2,
              (select ST_Area(g::geography) / 1e6 from u) union_km2,
              (select sum(ST_NumInteriorRings(d.geom))::int from u, ST_Dump(u.g) d) holes`,
    );
    expect(r!.overlap).toBeLessThan(1); // m², over the whole city
    expect(r!.pairs).toBeGreaterThan(400); // neighbours meet along lines
    expect(r!.edge_km).toBeGreaterThan(500); // shared edges: the same line on both sides
    expect(Math.abs(r!.sum_km2 - r!.union_km2)).toBeLessThan(0.001);
    expect(r!.holes).toBe(0); // no sliver gaps left inside the city
    expect(r!.union_km2).toBeGreaterThan(365);
    expect(r!.union_km2).toBeLessThan(380);
  });

  it('dissolves the kecamatan map copy from the same edges as its kelurahan', async () => {
    const got = await rows<{ code: string; symdiff: number }>(
      `with kel as (select a.parent_code code, ST_Union(b.geom_simplified) g ${ACTIVE}
                    where a.level = 'kelurahan' group by a.parent_code)
       select kel.code, ST_Area(ST_SymDifference(kel.g, b.geom_simplified)::geography) symdiff
       from kel join (select b.area_code, b.geom_simplified ${ACTIVE} where a.level = 'kecamatan') b
         on b.area_code = kel.code`,
    );
    expect(got).toHaveLength(16);
    for (const g of got) expect(g.symdiff, g.code).toBeLessThan(1);
  });
});

describe('the demo registry inside the official polygons', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase('placement');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 6000, seed: 5 });
  });
  afterAll(() => db.drop());

  it('places every household of every period in exactly its own kelurahan, at least 10 m from any edge', async () => {
    const { rows } = await db.knex.raw<{
      rows: Array<{ n: number; own: number; only_own: number; clear: number; min_m: number }>;
    }>(
      `with k as (select b.area_code, b.geom ${ACTIVE} where a.level = 'kelurahan'),
            h as (select h.id, h.period_code, h.kelurahan_code, h.geom from households h)
       select count(*)::int n,
              count(*) filter (where ST_Contains(own.geom, h.geom))::int own,
              count(*) filter (where (select count(*) from k where ST_Intersects(k.geom, h.geom)) = 1)::int only_own,
              count(*) filter (where ST_Distance(ST_Boundary(own.geom)::geography, h.geom::geography) >= 10
                and not exists (select 1 from k o where o.area_code <> own.area_code
                  and o.geom && ST_Expand(h.geom, 0.0002)
                  and ST_DWithin(o.geom::geography, h.geom::geography, 10)))::int clear,
              min(ST_Distance(ST_Boundary(own.geom)::geography, h.geom::geography)) min_m
       from h join k own on own.area_code = h.kelurahan_code`,
    );
    const r = rows[0]!;
    const total = await db.knex('households').count<Array<{ count: string }>>('* as count');
    expect(r.n).toBe(Number(total[0]!.count));
    expect(r.n).toBeGreaterThan(6000 * 3);
    expect(r.own).toBe(r.n);
    expect(r.only_own).toBe(r.n);
    expect(r.clear).toBe(r.n);
    expect(r.min_m).toBeGreaterThanOrEqual(10);
  });

  it('clusters poverty where the slum areas are named (Tanjung Mas, Bandarharjo above the city)', async () => {
    const { rows } = await db.knex.raw<{ rows: Array<{ name: string; share: number }> }>(
      `select coalesce(a.name, 'city') name, avg((h.desil <= 4)::int)::float share
       from households h join areas a on a.code = h.kelurahan_code
       where h.period_code = '2025-12' and h.status = 'active'
       group by grouping sets ((a.name), ())`,
    );
    const share = (n: string) => rows.find((r) => r.name === n)!.share;
    expect(share('Tanjung Mas')).toBeGreaterThan(share('city'));
    expect(share('Bandarharjo')).toBeGreaterThan(share('city'));
  });

  it('marks the registry as synthetic, and the GeoJSON says so on the layer and on every feature', async () => {
    const fc = JSON.parse(
      await new RegionsRepository(db.knex).featureCollection({
        regionCode: '33.74',
        level: 'kelurahan',
        simplified: true,
      }),
    ) as {
      synthetic_people: boolean;
      description: string;
      features: Array<{ properties: { synthetic_people: boolean } }>;
    };
    expect(fc.synthetic_people).toBe(true);
    expect(fc.description).toMatch(/boundaries are official.*synthetic/);
    expect(fc.features).toHaveLength(177);
    expect(fc.features.every((f) => f.properties.synthetic_people)).toBe(true);
  });
});
