// The cluster rule of household tiles (zooms 10–15): no cluster of fewer than k households is served, and no
// cluster sits where a household of a small grid cell could be read off it (a cluster of one at its mean used
// to be that household's position). Checked against PostGIS for the densest and the sparsest tile of every
// zoom, live and from the precomputed cells, for a planner (the city) and an operator (one kelurahan).
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const ZOOMS = [10, 11, 12, 13, 14, 15];
const WORLD = 40075016.686;
const EXTENT = 4096;
const OPERATOR_KELURAHAN = '33.74.02.1008';

type Tile = [z: number, x: number, y: number];

function tileOf(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ];
}

/** A tile's extent in EPSG:3857: left edge, top edge, width. */
function envelope([z, x, y]: Tile): { left: number; top: number; width: number } {
  const width = WORLD / 2 ** z;
  return { left: -WORLD / 2 + x * width, top: WORLD / 2 - y * width, width };
}

/** True when (u, v) in tile units is the centre of a cell of the 16 × 16 grid or of one of its parents. */
function atCellCentre(u: number, v: number): boolean {
  return [0, 1, 2, 3, 4].some((level) => {
    const cell = (EXTENT / 16) * 2 ** level;
    return u % cell === cell / 2 && v % cell === cell / 2;
  });
}

describe('household cluster tiles cannot single anyone out', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let k: number;
  const sessions = new Map<'planner' | 'operator', TestSession>();
  const tiles: Tile[] = [];

  beforeAll(async () => {
    db = await scratchDatabase('tile_clusters');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 4000, seed: 12, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    k = app.config.suppressionK;
    sessions.set('planner', await login(app, 't.planner'));
    sessions.set('operator', await login(app, 't.operator'));
    // Per zoom, the tiles holding the most and the fewest households (the sparsest holds fewer than k).
    const { rows } = await db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(
      `select ST_X(geom) lon, ST_Y(geom) lat from households
       where period_code = '2025-12' and status = 'active' and geom is not null`,
    );
    for (const z of ZOOMS) {
      const counts = new Map<string, number>();
      for (const { lon, lat } of rows) {
        const key = tileOf(z, lon, lat).join('/');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      for (const [key] of [sorted[0]!, sorted.at(-1)!]) {
        const [x, y] = key.split('/').map(Number) as [number, number];
        tiles.push([z, x, y]);
      }
    }
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** The tile's households (in the caller's scope) by grid cell, as the tiles snap them: cells under k only. */
  const smallCells = async ([z, x, y]: Tile, kelurahan: string | null) => {
    const { rows } = await db.knex.raw<{
      rows: Array<{ n: number; xs: number[]; ys: number[] }>;
    }>(
      `with b as (select ST_TileEnvelope(:z, :x, :y) env),
            p as (select ST_Transform(h.geom, 3857) g from households h, b
                  where h.period_code = '2025-12' and h.status = 'active' and h.geom is not null
                    and (:kel::text is null or h.kelurahan_code = :kel::text)
                    and ST_Intersects(ST_Transform(h.geom, 3857), b.env))
       select count(*)::int n, array_agg(ST_X(g)) xs, array_agg(ST_Y(g)) ys from p
       group by floor(ST_X(g) / :size), floor(ST_Y(g) / :size) having count(*) < :k`,
      { z, x, y, kel: kelurahan, size: WORLD / 2 ** z / 16, k },
    );
    return rows;
  };
  const householdsIn = async ([z, x, y]: Tile, kelurahan: string | null) =>
    Number(
      (
        await db.knex.raw<{ rows: Array<{ n: number }> }>(
          `with b as (select ST_TileEnvelope(:z, :x, :y) env),
                p as (select ST_Transform(geom, 3857) g from households
                      where period_code = '2025-12' and status = 'active' and geom is not null
                        and (:kel::text is null or kelurahan_code = :kel::text))
           select count(*) n from p, b where ST_X(g) >= ST_XMin(env) and ST_X(g) < ST_XMax(env)
             and ST_Y(g) >= ST_YMin(env) and ST_Y(g) < ST_YMax(env)`,
          { z, x, y, kel: kelurahan },
        )
      ).rows[0]!.n,
    );

  const checkTiles = async (role: 'planner' | 'operator') => {
    const kelurahan = role === 'operator' ? OPERATOR_KELURAHAN : null;
    let sawSmallCells = 0;
    for (const tile of tiles) {
      const [z, x, y] = tile;
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/tiles/households/${z}/${x}/${y}.mvt?period=2025-12`,
        headers: { cookie: sessions.get(role)!.cookie },
      });
      expect(res.statusCode).toBe(200);
      const layer = new VectorTile(new Protobuf(res.rawPayload)).layers.clusters;
      const { left, top, width } = envelope(tile);
      const unit = width / EXTENT;
      // Within this distance of a household, a cluster would give away where it lives.
      const near = Math.max(3, 2 * unit);
      const features = Array.from({ length: layer?.length ?? 0 }, (_, i) => {
        const f = layer!.feature(i);
        const p = f.loadGeometry()[0]![0]!;
        return {
          u: p.x,
          v: p.y,
          X: left + p.x * unit,
          Y: top - p.y * unit,
          n: Number(f.properties.households),
        };
      });
      const small = await smallCells(tile, kelurahan);
      sawSmallCells += small.length;
      const exposed = small.flatMap((c) => [
        ...c.xs.map((X, i) => ({ X, Y: c.ys[i]! })),
        { X: c.xs.reduce((a, b) => a + b, 0) / c.n, Y: c.ys.reduce((a, b) => a + b, 0) / c.n },
      ]);
      const where = `${role} ${z}/${x}/${y}`;
      expect.soft(features.filter((f) => f.n < k).map((f) => `${where}: ${f.n}`)).toEqual([]);
      expect
        .soft(
          features
            .filter((f) => exposed.some((h) => Math.hypot(h.X - f.X, h.Y - f.Y) < near))
            .map((f) => `${where}: cluster of ${f.n} at a household of a cell under k`),
        )
        .toEqual([]);
      expect
        .soft(features.filter((f) => !atCellCentre(f.u, f.v)).map((f) => `${where}: ${f.u},${f.v}`))
        .toEqual([]);
      // Merging keeps the tile's total; a tile with fewer than k households in all serves nothing.
      const total = await householdsIn(tile, kelurahan);
      expect
        .soft(
          features.reduce((s, f) => s + f.n, 0),
          where,
        )
        .toBe(total >= k ? total : 0);
    }
    // The fixture must exercise the rule: small cells exist, and today's mean-position clusters would show them.
    expect(sawSmallCells).toBeGreaterThan(0);
  };

  it.each(['planner', 'operator'] as const)('live, for the %s', async (role) => {
    await checkTiles(role);
  });

  it.each(['planner', 'operator'] as const)('from the precomputed cells, for the %s', async (role) => {
    await app.services.indicators.ensureFresh('33.74', '2025-12');
    const fresh = await db
      .knex('summary_state')
      .where({ period_code: '2025-12' })
      .first<{ dirty: boolean } | undefined>('dirty');
    expect(fresh?.dirty).toBe(false);
    await checkTiles(role);
  });

  it('serves nothing in a tile with fewer than k households', async () => {
    // The sparsest z15 tile (the last one pushed for that zoom).
    const [z, x, y] = tiles.filter((t) => t[0] === 15).at(-1)!;
    const total = await householdsIn([z, x, y], null);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(k);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/tiles/households/${z}/${x}/${y}.mvt?period=2025-12`,
      headers: { cookie: sessions.get('planner')!.cookie },
    });
    expect(new VectorTile(new Protobuf(res.rawPayload)).layers.clusters?.length ?? 0).toBe(0);
  });
});
