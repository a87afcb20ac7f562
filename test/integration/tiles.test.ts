// Household vector tiles: decoded and checked against PostGIS counts in the same envelope, per zoom and role.
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { tileExtent } from '../../server/repositories/tiles-repository.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

/** The tile holding a point, in XYZ. */
function tileOf(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ];
}

describe('household tiles', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  let operator: TestSession;
  let centre: { lon: number; lat: number };

  beforeAll(async () => {
    db = await scratchDatabase('tiles');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 4000, seed: 12, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    planner = await login(app, 't.planner');
    operator = await login(app, 't.operator');
    // A household of the operator's kelurahan (Tanjung Mas) as the centre of the tiles we fetch.
    centre = (
      await db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(
        `select ST_X(geom) lon, ST_Y(geom) lat from households where period_code = '2025-12' and kelurahan_code = '33.74.02.1008' and status = 'active' limit 1`,
      )
    ).rows[0]!;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const fetchTile = async (z: number, session: TestSession, headers: Record<string, string> = {}) => {
    const [x, y] = tileOf(z, centre.lon, centre.lat);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/tiles/households/${z}/${x}/${y}.mvt?period=2025-12`,
      headers: { cookie: session.cookie, ...headers },
    });
    return { res, x, y };
  };
  const inEnvelope = async (z: number, x: number, y: number, kelurahan?: string) =>
    Number(
      (
        await db.knex.raw<{ rows: Array<{ n: number }> }>(
          `select count(*) n from households where period_code = '2025-12' and status = 'active'
             and ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(?, ?, ?)) ${kelurahan ? 'and kelurahan_code = ?' : ''}`,
          kelurahan ? [z, x, y, kelurahan] : [z, x, y],
        )
      ).rows[0]!.n,
    );

  it.each([10, 12, 14])('z%i: clusters whose counts add up to the households in the tile', async (z) => {
    const { res, x, y } = await fetchTile(z, planner);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const tile = new VectorTile(new Protobuf(res.rawPayload));
    expect(Object.keys(tile.layers)).toEqual(['clusters']);
    const layer = tile.layers.clusters!;
    let total = 0;
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      expect(Object.keys(f.properties).sort()).toEqual(['households', 'poor']);
      total += Number(f.properties.households);
    }
    expect(total).toBe(await inEnvelope(z, x, y));
    expect(res.rawPayload.length).toBeLessThan(256 * 1024);
  });

  it('z16: points with only the desil and a map number as feature id, one per household in the tile', async () => {
    const { res, x, y } = await fetchTile(16, planner);
    const layer = new VectorTile(new Protobuf(res.rawPayload)).layers.households!;
    expect(layer.length).toBe(await inEnvelope(16, x, y));
    const ids = new Set<number>();
    for (let i = 0; i < layer.length; i++) {
      expect(Object.keys(layer.feature(i).properties)).toEqual(['desil']);
      ids.add(Number(layer.feature(i).id));
    }
    expect(ids.size).toBe(layer.length);
    expect(res.body).not.toMatch(/\d{16}/);
    // Each number is the map_id of a household of the tile, in this period.
    const stored = await db.knex.raw<{ rows: Array<{ map_id: string; desil: number | null }> }>(
      `select map_id, desil from households where period_code = '2025-12' and status = 'active'
         and ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(16, ?, ?))`,
      [x, y],
    );
    expect(new Set(stored.rows.map((r) => Number(r.map_id)))).toEqual(ids);
    const audited = await db
      .knex('audit_log')
      .where({ entity: 'household_tile', username: 't.planner' })
      .first<{ id: number } | undefined>('id');
    expect(audited).toBeDefined();
  });

  it('resolves a point to its household by map number: scoped, masked and audited like the record', async () => {
    const mine = await db
      .knex('households')
      .where({ period_code: '2025-12', kelurahan_code: '33.74.02.1008' })
      .first<{ id: string; map_id: string }>('id', 'map_id');
    const other = await db
      .knex('households')
      .where({ period_code: '2025-12' })
      .whereNot({ kelurahan_code: '33.74.02.1008' })
      .first<{ id: string; map_id: string }>('id', 'map_id');
    const point = (session: TestSession, mapId: string | number, lang = 'id') =>
      app.inject({
        method: 'GET',
        url: `/api/v1/households/by-map-id/${mapId}?period=2025-12`,
        headers: { cookie: session.cookie, 'accept-language': lang },
      });
    const res = await point(operator, mine.map_id);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ id: string; kk: string }>();
    expect(body.id).toBe(mine.id);
    expect(body.kk).not.toMatch(/^\d{16}$/);
    const audited = await db
      .knex('audit_log')
      .where({ entity: 'household', action: 'read', username: 't.operator' })
      .whereRaw('? = any(entity_ids)', [mine.id])
      .first<{ id: number } | undefined>('id');
    expect(audited).toBeDefined();
    // Out of the operator's kelurahan, and a number no household has: the same 404, in the caller's language.
    for (const mapId of [other.map_id, '999999999']) {
      const refused = await point(operator, mapId);
      expect(refused.statusCode).toBe(404);
      expect(refused.json<{ detail: string }>().detail).toMatch(/Tidak ada rumah tangga pada titik peta/);
    }
    expect((await point(planner, other.map_id, 'en')).json<{ id: string }>().id).toBe(other.id);
    expect((await point(planner, 'abc', 'en')).statusCode).toBe(400);
  });

  it('gives an operator only their own kelurahan', async () => {
    const z = 12;
    const { res, x, y } = await fetchTile(z, operator);
    const layer = new VectorTile(new Protobuf(res.rawPayload)).layers.clusters!;
    let total = 0;
    for (let i = 0; i < layer.length; i++) total += Number(layer.feature(i).properties.households);
    expect(total).toBe(await inEnvelope(z, x, y, '33.74.02.1008'));
    expect(total).toBeLessThan(await inEnvelope(z, x, y));
  });

  it('finds precomputed cells by the same tile extent PostGIS computes', async () => {
    // cellTile selects cells by a range computed here (tileExtent) so that the primary key finds them; the
    // range must be ST_TileEnvelope's, at the world's corners as at the city's deepest cluster zoom.
    const probes: Array<[number, number, number]> = [
      [0, 0, 0],
      [10, 816, 530],
      [15, 26119, 16972],
      [15, 32767, 32767],
    ];
    for (const [z, x, y] of probes) {
      const { rows } = await db.knex.raw<{ rows: Array<{ x0: number; x1: number; y0: number; y1: number }> }>(
        `select ST_XMin(e) x0, ST_XMax(e) x1, ST_YMin(e) y0, ST_YMax(e) y1 from ST_TileEnvelope(?, ?, ?) e`,
        [z, x, y],
      );
      const extent = tileExtent(z, x, y);
      for (const side of ['x0', 'x1', 'y0', 'y1'] as const)
        expect(extent[side]).toBeCloseTo(rows[0]![side], 6);
    }
  });

  it('serves the same clusters from the precomputed cells once the summaries are fresh, and live after a write', async () => {
    const clusters = (payload: Buffer) => {
      const layer = new VectorTile(new Protobuf(payload)).layers.clusters!;
      const out: string[] = [];
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        const p = f.loadGeometry()[0]![0]!;
        out.push(`${p.x},${p.y}:${String(f.properties.households)}/${String(f.properties.poor)}`);
      }
      return out.sort();
    };
    const live = await Promise.all(
      [10, 12, 14].map(async (z) => clusters((await fetchTile(z, planner)).res.rawPayload)),
    );
    await app.services.indicators.ensureFresh('33.74', '2025-12');
    const cells = await db
      .knex('household_cells')
      .where({ period_code: '2025-12' })
      .count<[{ count: string }]>('* as count');
    expect(Number(cells[0]!.count)).toBeGreaterThan(0);
    const precomputed = await Promise.all(
      [10, 12, 14].map(async (z) => clusters((await fetchTile(z, planner)).res.rawPayload)),
    );
    expect(precomputed).toEqual(live);
    // The operator's view from the cells: only their kelurahan.
    const { res, x, y } = await fetchTile(12, operator);
    const layer = new VectorTile(new Protobuf(res.rawPayload)).layers.clusters!;
    let total = 0;
    for (let i = 0; i < layer.length; i++) total += Number(layer.feature(i).properties.households);
    expect(total).toBe(await inEnvelope(12, x, y, '33.74.02.1008'));
    // A write makes the summaries stale: tiles are computed live again and include it at once.
    const [tx, ty] = tileOf(12, centre.lon, centre.lat);
    const before = await inEnvelope(12, tx, ty);
    const moved = await db
      .knex('households')
      .where({ period_code: '2025-12', status: 'active' })
      .whereRaw('ST_X(geom) = ? and ST_Y(geom) = ?', [centre.lon, centre.lat])
      .update({ status: 'moved_out' });
    expect(moved).toBeGreaterThan(0);
    const after = (await fetchTile(12, planner)).res.rawPayload;
    const afterTotal = clusters(after).reduce((sum, c) => sum + Number(c.split(':')[1]!.split('/')[0]), 0);
    expect(afterTotal).toBe(before - moved);
  });

  it('answers 304 to a matching ETag and 400 to a tile that cannot exist', async () => {
    const first = await fetchTile(13, planner);
    const again = await fetchTile(13, planner, { 'if-none-match': String(first.res.headers.etag) });
    expect(again.res.statusCode).toBe(304);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/tiles/households/3/9/1.mvt',
      headers: { cookie: planner.cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toContain('does not exist');
  });
});
