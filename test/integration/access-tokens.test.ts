// Personal access tokens (#19 item 3) and the household tiles for GIS clients (item 2): a token is shown once
// and stored as a digest; Bearer and Basic (token as password) both read, with the owner's role and scope;
// writes, tokens in URLs, expired, revoked and disabled owners' tokens are refused; a tile read over real HTTP
// with a token is in the audit log with the token's id; TileJSON and the style point at the tiles.
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createHash } from 'node:crypto';
import Protobuf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008';

interface Created {
  id: string;
  token: string;
  prefix: string;
  name: string;
  expiresAt: string;
}

function tileOf(z: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ];
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (user: string, token: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`,
});

describe('personal access tokens', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  let operator: TestSession;
  let admin: TestSession;
  let centre: { lon: number; lat: number };
  let outOfScope: string;
  let inScope: string;

  const as = (s: TestSession, opts: InjectOptions): InjectOptions => ({
    ...opts,
    headers: { ...(opts.headers ?? {}), cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
  const create = async (s: TestSession, name: string, days?: number) => {
    const res = await app.inject(
      as(s, { method: 'POST', url: '/api/v1/tokens', payload: { name, ...(days ? { days } : {}) } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Created>();
  };

  beforeAll(async () => {
    db = await scratchDatabase('access_tokens');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1500, seed: 19, periods: [PERIOD] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    planner = await login(app, 't.planner');
    operator = await login(app, 't.operator');
    admin = await login(app, 't.admin');
    centre = (
      await db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(
        `select ST_X(geom) lon, ST_Y(geom) lat from households where period_code = ? and kelurahan_code = ?
           and status = 'active' limit 1`,
        [PERIOD, KEL],
      )
    ).rows[0]!;
    const pick = (op: '=' | '<>') =>
      db
        .knex('households')
        .where({ period_code: PERIOD })
        .andWhere('kelurahan_code', op, KEL)
        .first<{ id: string }>('id');
    inScope = (await pick('=')).id;
    outOfScope = (await pick('<>')).id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers the secret once and stores only its digest and prefix', async () => {
    const made = await create(planner, 'QGIS kantor');
    expect(made.token).toMatch(/^sdk_[A-Za-z0-9_-]{43}$/);
    expect(made.token.startsWith(made.prefix)).toBe(true);
    const row = await db.knex('access_tokens').where({ id: made.id }).first<Record<string, unknown>>();
    expect(row.token_hash).toBe(createHash('sha256').update(made.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(made.token);
    // Default lifetime 90 days.
    const days = (Date.parse(made.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    const listed = await app.inject(as(planner, { method: 'GET', url: '/api/v1/tokens' }));
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(made.token);
    expect(listed.json<Array<{ id: string }>>().map((t) => t.id)).toContain(made.id);
    const created = await db
      .knex('audit_log')
      .where({ entity: 'access_token', action: 'create' })
      .first<Record<string, unknown>>();
    expect(created.entity_ids).toEqual([made.id]);
    expect(JSON.stringify(created)).not.toContain(made.token);
    // Longer than a year is refused by the schema.
    const tooLong = await app.inject(
      as(planner, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', days: 400 } }),
    );
    expect(tooLong.statusCode).toBe(400);
  });

  it('reads with Bearer and with Basic (username + token as password), and records the last use', async () => {
    const made = await create(planner, 'skrip');
    const viaBearer = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(made.token),
    });
    expect(viaBearer.json<{ user: { username: string } }>().user.username).toBe('t.planner');
    const viaBasic = await app.inject({
      method: 'GET',
      url: `/api/v1/households/${outOfScope}?period=${PERIOD}`,
      headers: basic('t.planner', made.token),
    });
    expect(viaBasic.statusCode, viaBasic.body).toBe(200);
    const row = await db
      .knex('access_tokens')
      .where({ id: made.id })
      .first<{ last_used_at: Date | null }>('last_used_at');
    expect(row.last_used_at).not.toBeNull();
    // The Basic username must be the owner's.
    const wrongUser = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { ...basic('t.admin', made.token), 'accept-language': 'id' },
    });
    expect(wrongUser.statusCode).toBe(401);
    expect(wrongUser.headers['www-authenticate']).toMatch(/^Basic realm="Sidaksos"/);
    expect(wrongUser.json<{ detail: string }>().detail).toContain('Nama pengguna');
    // A password instead of a token is not accepted as Basic.
    const password = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: basic('t.planner', 'Uji-Coba-Rahasia-2025'),
    });
    expect(password.statusCode).toBe(401);
  });

  it('is read-only: a write with a token is refused in the caller language, even with a session too', async () => {
    const made = await create(operator, 'baca saja');
    const res = await app.inject(
      as(operator, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'lagi' },
        headers: { ...bearer(made.token), 'accept-language': 'id' },
      }),
    );
    expect(res.statusCode).toBe(403);
    const body = res.json<{ type: string; detail: string }>();
    expect(body.type).toBe('/api/v1/problems/token-read-only');
    expect(body.detail).toContain('hanya boleh membaca');
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/households/${inScope}`,
      payload: {},
      headers: bearer(made.token),
    });
    expect(patch.statusCode).toBe(403);
    expect(await db.knex('access_tokens').where({ name: 'lagi' }).first()).toBeUndefined();
  });

  it('refuses a token in the URL and says to use the header', async () => {
    const made = await create(planner, 'url');
    for (const param of ['access_token', 'token']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/tiles/households/12/3304/2128.mvt?period=${PERIOD}&${param}=${made.token}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ type: string; detail: string }>()).toMatchObject({
        type: '/api/v1/problems/token-in-url',
        detail: expect.stringContaining('Authorization header') as string,
      });
    }
  });

  it('refuses revoked and expired tokens and tokens of a disabled owner with 401 and a challenge', async () => {
    const revoked = await create(planner, 'dicabut');
    const del = await app.inject(as(planner, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` }));
    expect(del.statusCode).toBe(204);
    const again = await app.inject(as(planner, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` }));
    expect(again.statusCode).toBe(409);
    const r = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(revoked.token) });
    expect(r.statusCode).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="Sidaksos"/);
    expect(r.json<{ detail: string }>().detail).toContain('revoked');

    const expired = await create(planner, 'kedaluwarsa', 1);
    // Aged by hand: created three days ago, expired yesterday.
    await db.knex.raw(
      `update access_tokens set created_at = now() - interval '3 days', expires_at = now() - interval '1 day' where id = ?`,
      [expired.id],
    );
    const e = await app.inject({
      method: 'GET',
      url: '/api/v1/tiles/households/12/3304/2128.mvt',
      headers: bearer(expired.token),
    });
    expect(e.statusCode).toBe(401);
    expect(e.json<{ detail: string }>().detail).toContain('expired');

    const mine = await create(operator, 'nonaktif');
    const operatorId = (await db.knex('users').where({ username: 't.operator' }).first<{ id: string }>('id'))
      .id;
    await db.knex('users').where({ id: operatorId }).update({ disabled: true });
    try {
      const d = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(mine.token) });
      expect(d.statusCode).toBe(401);
    } finally {
      await db.knex('users').where({ id: operatorId }).update({ disabled: false });
    }
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: bearer(`sdk_${'A'.repeat(43)}`),
    });
    expect(unknown.statusCode).toBe(401);
  });

  it("limits an operator's token to the operator's role and kelurahan", async () => {
    const made = await create(operator, 'lingkup');
    const own = await app.inject({
      method: 'GET',
      url: `/api/v1/households/${inScope}?period=${PERIOD}`,
      headers: bearer(made.token),
    });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({
      method: 'GET',
      url: `/api/v1/households/${outOfScope}?period=${PERIOD}`,
      headers: bearer(made.token),
    });
    expect(other.statusCode).toBe(404);
    const adminOnly = await app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(made.token) });
    expect(adminOnly.statusCode).toBe(403);
    const z = 12;
    const [x, y] = tileOf(z, centre.lon, centre.lat);
    const tile = await app.inject({
      method: 'GET',
      url: `/api/v1/tiles/households/${z}/${x}/${y}.mvt?period=${PERIOD}`,
      headers: bearer(made.token),
    });
    const layer = new VectorTile(new Protobuf(tile.rawPayload)).layers.clusters!;
    let total = 0;
    for (let i = 0; i < layer.length; i++) total += Number(layer.feature(i).properties.households);
    const inKel = await db.knex.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int n from households where period_code = ? and status = 'active' and kelurahan_code = ?
         and ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(?, ?, ?))`,
      [PERIOD, KEL, z, x, y],
    );
    expect(total).toBe(inKel.rows[0]!.n);
  });

  it('reads a point tile over real HTTP with a token, audited with the token id', async () => {
    const made = await create(planner, 'QGIS HTTP');
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const [x, y] = tileOf(16, centre.lon, centre.lat);
    const before = Number((await db.knex('audit_log').max('id as m').first<{ m: string }>()).m);
    const res = await fetch(`${address}/api/v1/tiles/households/16/${x}/${y}.mvt?period=${PERIOD}`, {
      headers: basic('t.planner', made.token),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toMatch(/Authorization/);
    const layer = new VectorTile(new Protobuf(Buffer.from(await res.arrayBuffer()))).layers.households!;
    expect(layer.length).toBeGreaterThan(0);
    const rows = await db
      .knex('audit_log')
      .where('id', '>', before)
      .select<Array<{ action: string; entity: string; username: string; token_id: string | null }>>(
        'action',
        'entity',
        'username',
        'token_id',
      );
    expect(rows).toEqual([
      { action: 'read', entity: 'household_tile', username: 't.planner', token_id: made.id },
    ]);
    // A session's read of the same tile names no token.
    await app.inject(
      as(planner, { method: 'GET', url: `/api/v1/tiles/households/16/${x}/${y}.mvt?period=${PERIOD}` }),
    );
    const last = await db
      .knex('audit_log')
      .orderBy('id', 'desc')
      .first<{ token_id: string | null }>('token_id');
    expect(last.token_id).toBeNull();
  });

  it('describes the tiles as TileJSON 3.0.0 and a MapLibre style over it, readable with a token', async () => {
    const made = await create(planner, 'tilejson');
    const tj = await app.inject({
      method: 'GET',
      url: `/api/v1/tiles/households.json?period=${PERIOD}`,
      headers: { ...bearer(made.token), host: 'gis.example:8080' },
    });
    expect(tj.statusCode, tj.body).toBe(200);
    const tileJson = tj.json<{
      tilejson: string;
      tiles: string[];
      minzoom: number;
      maxzoom: number;
      bounds: number[];
      vector_layers: Array<{ id: string; fields: Record<string, string> }>;
    }>();
    expect(tileJson.tilejson).toBe('3.0.0');
    expect(tileJson.tiles).toEqual([
      `http://gis.example:8080/api/v1/tiles/households/{z}/{x}/{y}.mvt?period=${PERIOD}`,
    ]);
    expect(tileJson.minzoom).toBeLessThan(tileJson.maxzoom);
    const [w, s, e, n] = tileJson.bounds;
    // Semarang lies around 110.4 E, 7.0 S.
    expect(w).toBeLessThan(110.4);
    expect(e).toBeGreaterThan(110.4);
    expect(s).toBeLessThan(-7);
    expect(n).toBeGreaterThan(-7.1);
    expect(
      Object.fromEntries(tileJson.vector_layers.map((l) => [l.id, Object.keys(l.fields).sort()])),
    ).toEqual({
      clusters: ['households', 'poor'],
      households: ['desil'],
    });
    // The tiles the TileJSON names answer with the layers it lists.
    const url = new URL(tileJson.tiles[0]!.replace('{z}/{x}/{y}', '12/3304/2128'));
    const tile = await app.inject({
      method: 'GET',
      url: url.pathname + url.search,
      headers: bearer(made.token),
    });
    expect(tile.statusCode).toBe(200);

    const st = await app.inject({
      method: 'GET',
      url: `/api/v1/tiles/households/style.json?period=${PERIOD}`,
      headers: { ...basic('t.planner', made.token), host: 'gis.example:8080' },
    });
    expect(st.statusCode).toBe(200);
    const style = st.json<{
      version: number;
      sources: Record<string, { type: string; url: string }>;
      layers: Array<{ id: string; source: string; 'source-layer': string }>;
    }>();
    expect(style.version).toBe(8);
    expect(style.sources.households).toEqual({
      type: 'vector',
      url: `http://gis.example:8080/api/v1/tiles/households.json?period=${PERIOD}`,
    });
    expect(style.layers.map((l) => [l.source, l['source-layer']])).toEqual([
      ['households', 'clusters'],
      ['households', 'households'],
    ]);
    // Not for the public, nor for OPD staff.
    expect((await app.inject({ method: 'GET', url: '/api/v1/tiles/households.json' })).statusCode).toBe(401);
  });

  it('lets admins list and revoke anyone’s tokens; others may not revoke tokens not theirs', async () => {
    const made = await create(planner, 'dicabut admin');
    const foreign = await app.inject(as(operator, { method: 'DELETE', url: `/api/v1/tokens/${made.id}` }));
    expect(foreign.statusCode).toBe(404);
    const listOthers = await app.inject(as(operator, { method: 'GET', url: '/api/v1/admin/tokens' }));
    expect(listOthers.statusCode).toBe(403);
    const all = await app.inject(as(admin, { method: 'GET', url: '/api/v1/admin/tokens' }));
    expect(all.statusCode).toBe(200);
    const listed = all.json<Array<{ id: string; username: string }>>();
    expect(listed.find((t) => t.id === made.id)?.username).toBe('t.planner');
    expect(new Set(listed.map((t) => t.username))).toEqual(new Set(['t.planner', 't.operator']));
    const revoke = await app.inject(as(admin, { method: 'DELETE', url: `/api/v1/admin/tokens/${made.id}` }));
    expect(revoke.statusCode).toBe(204);
    const refused = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(made.token) });
    expect(refused.statusCode).toBe(401);
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'access_token', username: 't.admin' })
      .first<{ action: string; entity_ids: string[] }>('action', 'entity_ids');
    expect(audit).toEqual({ action: 'admin', entity_ids: [made.id] });
    const row = await db
      .knex('access_tokens')
      .where({ id: made.id })
      .first<{ revoked_by: string }>('revoked_by');
    const adminId = (await db.knex('users').where({ username: 't.admin' }).first<{ id: string }>('id')).id;
    expect(row.revoked_by).toBe(adminId);
  });
});
