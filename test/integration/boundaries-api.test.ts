// Boundary sets over HTTP (#16 task 17): an upload is stored as an inactive set answered with its match report
// (names, not bare codes); activation refuses a partial set or one with repaired polygons unless the admin says
// so, switches the map and writes its boundary_switch row; hostile and malformed files fail their own request
// with a sentence in the caller's language and store nothing; only admins get in.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { geodataFile } from '../support/geodata.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';
import { zipBuffer } from '../support/zip-writer.ts';

interface Fc {
  type: string;
  features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}
interface Named {
  code: string;
  name: string;
  kecamatan: string;
}
interface SetAnswer {
  id: string;
  label: string;
  active: boolean;
  kelurahan: number;
  report: {
    matched: Array<Named & { method: string }>;
    missing: Named[];
    unmatched: Array<{ feature: number; name: string | null; reason: string }>;
    repairs: Array<Named & { reason: string; features: number[] }>;
  } | null;
}

const REAL = geodataFile('semarang-kelurahan.geojson');
const real = () => JSON.parse(readFileSync(REAL, 'utf8')) as Fc;
const geojson = (fc: unknown) => Buffer.from(JSON.stringify(fc));

/** The real polygons with feature 1's outer ring made to touch itself: PostGIS must repair it. */
function spiked(): Buffer {
  const fc = real();
  const g = fc.features[0]!.geometry as { type: string; coordinates: number[][][] | number[][][][] };
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0]) as number[][];
  const [x, y] = ring[0]!;
  ring.splice(1, 0, [x! + 0.0005, y! + 0.0005], [x! + 0.0005, y! - 0.0005], [x!, y!]);
  return geojson(fc);
}

describe('boundary sets API', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let small: FastifyInstance;
  let admin: TestSession;
  let original: string;

  beforeAll(async () => {
    db = await scratchDatabase('boundaries_api');
    await db.knex('periods').insert({ region_code: '33.74', period_code: '2025-12' });
    await createTestUsers(db.knex);
    const overrides = { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', IMPORT_UPLOADS_PER_USER: '10' };
    app = await testApp(db.knex, testConfig(overrides));
    small = await testApp(db.knex, testConfig({ ...overrides, IMPORT_MAX_BYTES: '100000' }));
    admin = await login(app, 't.admin');
    original = (await db.knex('boundary_sets').where({ active: true }).first<{ id: string }>('id')).id;
  });
  afterAll(async () => {
    await small.close();
    await app.close();
    await db.drop();
  });

  const upload = (
    file: { name: string; content: Buffer },
    opts: { as?: TestSession; lang?: string; target?: FastifyInstance; fields?: Record<string, string> } = {},
  ) => {
    const who = opts.as ?? admin;
    const body = multipartBody(opts.fields ?? {}, file);
    return (opts.target ?? app).inject({
      method: 'POST',
      url: '/api/v1/boundaries/imports',
      payload: body.payload,
      headers: {
        ...body.headers,
        cookie: who.cookie,
        'x-csrf-token': who.csrf,
        ...(opts.lang ? { 'accept-language': opts.lang } : {}),
      },
    });
  };
  const activate = (id: string, payload: object = {}, lang?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/boundaries/sets/${id}/activate`,
      payload,
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        ...(lang ? { 'accept-language': lang } : {}),
      },
    });
  const activeId = async () =>
    (await db.knex('boundary_sets').where({ active: true }).first<{ id: string }>('id')).id;
  const setCount = async () =>
    Number((await db.knex('boundary_sets').count<Array<{ count: string }>>())[0]!.count);

  it('stores a good file inactive with its report by name, lists it, and activates it with its audit row', async () => {
    const res = await upload(
      { name: 'kelurahan-2025.geojson', content: readFileSync(REAL) },
      { fields: { label: 'Kemendagri 2025' } },
    );
    expect(res.statusCode, res.body).toBe(201);
    const set = res.json<SetAnswer>();
    expect(set).toMatchObject({ label: 'Kemendagri 2025', active: false, kelurahan: 177 });
    expect(set.report!.matched).toHaveLength(177);
    const one = set.report!.matched.find((m) => m.code === '33.74.02.1008')!;
    expect(one.method).toBe('code');
    expect(one.name).toMatch(/\w/);
    expect(one.kecamatan).toMatch(/\w/);
    expect(set.report).toMatchObject({ missing: [], unmatched: [], repairs: [] });
    expect(await activeId()).toBe(original);

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/boundaries/sets',
      headers: { cookie: admin.cookie },
    });
    const sets = list.json<{ sets: SetAnswer[] }>().sets;
    expect(sets.filter((s) => s.active).map((s) => s.id)).toEqual([original]);
    expect(sets.map((s) => s.id)).toContain(set.id);
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/boundaries/sets/${set.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(read.json<SetAnswer>().report!.matched).toHaveLength(177);

    const on = await activate(set.id);
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json<SetAnswer>().active).toBe(true);
    expect(await activeId()).toBe(set.id);
    const rows = await db.knex('audit_log').where({ action: 'boundary_switch', via: 'api' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      username: 't.admin',
      entity: 'boundary_set',
      entity_ids: [set.id],
      changes: { active: [original, set.id], acceptRepairs: false, allowPartial: false, repairs: 0 },
    });
    const again = await activate(set.id);
    expect(again.statusCode).toBe(409);
    // Going back to the set before is the same action.
    expect((await activate(original)).statusCode).toBe(200);
    expect(await activeId()).toBe(original);
  });

  it('shows a partial set’s missing kelurahan and extra features, and activates it only when allowed', async () => {
    const fc = real();
    const partial = { ...fc, features: fc.features.slice(0, 170) };
    partial.features.push({ ...fc.features[171]!, properties: { name: 'Atlantis' } });
    const res = await upload({ name: 'sebagian.geojson', content: geojson(partial) });
    expect(res.statusCode, res.body).toBe(201);
    const set = res.json<SetAnswer>();
    expect(set.report!.missing).toHaveLength(7);
    expect(set.report!.missing.every((m) => m.name !== m.code && m.kecamatan !== '')).toBe(true);
    expect(set.report!.unmatched).toEqual([{ feature: 171, name: 'Atlantis', reason: 'nameNotFound' }]);
    const refused = await activate(set.id, {}, 'id');
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toBe(
      '7 kelurahan tidak memiliki poligon dalam set ini; pilih izinkan set sebagian untuk tetap mengaktifkannya, atau impor berkas yang lengkap.',
    );
    expect(await activeId()).toBe(original);
    expect((await activate(set.id, { allowPartial: true })).statusCode).toBe(200);
    expect(await activeId()).toBe(set.id);
    expect((await activate(original)).statusCode).toBe(200);
  });

  it('lists repaired polygons by name and activates such a set only when the repairs are accepted', async () => {
    const res = await upload({ name: 'perlu-perbaikan.geojson', content: spiked() });
    expect(res.statusCode, res.body).toBe(201);
    const set = res.json<SetAnswer>();
    expect(set.report!.repairs).toHaveLength(1);
    expect(set.report!.repairs[0]!.features).toEqual([1]);
    expect(set.report!.repairs[0]!.reason).toMatch(/Self-intersection/);
    expect(set.report!.repairs[0]!.name).not.toBe(set.report!.repairs[0]!.code);
    const refused = await activate(set.id, { allowPartial: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toMatch(
      /^1 polygon\(s\) of this set were repaired; accept the repairs/,
    );
    expect(await activeId()).toBe(original);
    const on = await activate(set.id, { acceptRepairs: true });
    expect(on.statusCode, on.body).toBe(200);
    const row = await db
      .knex('audit_log')
      .where({ action: 'boundary_switch' })
      .whereRaw('? = any(entity_ids)', [set.id])
      .first<{ changes: Record<string, unknown> }>('changes');
    expect(row.changes).toMatchObject({ acceptRepairs: true, repairs: 1 });
    expect((await activate(original)).statusCode).toBe(200);
  });

  it('refuses hostile and malformed files in their own request, in the caller’s language, storing nothing', async () => {
    const before = await setCount();
    const bomb = await zipBuffer([
      { name: 'batas.shp', content: { chunk: Buffer.alloc(1024 * 1024), times: 1024 } },
      { name: 'batas.dbf', content: Buffer.alloc(100) },
      { name: 'batas.prj', content: Buffer.from('GEOGCS["WGS 84"]') },
    ]);
    const en = await upload({ name: 'bom.zip', content: bomb });
    expect(en.statusCode).toBe(422);
    expect(en.json<{ detail: string }>().detail).toBe(
      'bom.zip was refused before unpacking: batas.shp inflates to 1024 MB, more than the 200 MB one file may have. Check the file, or split it.',
    );
    const id = await upload({ name: 'bom.zip', content: bomb }, { lang: 'id' });
    expect(id.json<{ title: string; detail: string }>()).toMatchObject({
      title: 'Berkas batas wilayah ditolak',
      detail:
        'bom.zip ditolak sebelum dibuka: batas.shp mengembang menjadi 1024 MB, melebihi 200 MB yang boleh untuk satu berkas. Periksa berkasnya, atau pecah menjadi beberapa.',
    });
    // A ZIP inside the ZIP is not unpacked: it holds no Shapefile.
    const inner = await zipBuffer([{ name: 'batas.geojson', content: readFileSync(REAL) }]);
    const nested = await upload(
      { name: 'bersarang.zip', content: await zipBuffer([{ name: 'dalam.zip', content: inner }]) },
      { lang: 'id' },
    );
    expect(nested.statusCode).toBe(422);
    expect(nested.json<{ detail: string }>().detail).toMatch(
      /tidak berisi berkas \.shp; unggah GeoJSON atau Shapefile dalam ZIP\.$/,
    );
    const notJson = await upload(
      { name: 'rusak.geojson', content: Buffer.from('{"type": "Feat') },
      { lang: 'id' },
    );
    expect(notJson.statusCode).toBe(422);
    expect(notJson.json<{ detail: string }>().detail).toMatch(/^rusak\.geojson bukan JSON yang valid: /);
    const points = real();
    points.features[0]!.geometry = { type: 'Point', coordinates: [110.4, -7] };
    const bad = await upload({ name: 'titik.geojson', content: geojson(points) }, { lang: 'id' });
    expect(bad.json<{ detail: string }>().detail).toBe(
      'titik.geojson: 1 fitur tidak dapat dipakai; tidak ada yang diimpor.\n- fitur 1 berupa Point; batas kelurahan harus Polygon atau MultiPolygon',
    );
    const nothing = await upload(
      {
        name: 'atlantis.geojson',
        content: geojson({
          type: 'FeatureCollection',
          features: [{ ...real().features[0], properties: { name: 'Atlantis' } }],
        }),
      },
      { lang: 'id' },
    );
    expect(nothing.json<{ detail: string }>().detail).toBe(
      'Tidak ada fitur yang cocok dengan kelurahan wilayah ini; tidak ada yang diimpor.',
    );
    // Size, type and emptiness are judged while the upload streams, as for household imports.
    const huge = await upload({ name: 'besar.geojson', content: readFileSync(REAL) }, { target: small });
    expect(huge.statusCode).toBe(413);
    const pdf = await upload({ name: 'batas.pdf', content: Buffer.from('%PDF') }, { lang: 'id' });
    expect(pdf.statusCode).toBe(415);
    expect((await upload({ name: 'kosong.geojson', content: Buffer.alloc(0) })).statusCode).toBe(400);
    expect(await setCount()).toBe(before);
    expect(await activeId()).toBe(original);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses everyone but admins', async () => {
    for (const username of ['t.operator', 't.planner', 't.opd']) {
      const who = await login(app, username);
      const res = await upload({ name: 'kelurahan.geojson', content: readFileSync(REAL) }, { as: who });
      expect(res.statusCode, username).toBe(403);
      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/boundaries/sets',
        headers: { cookie: who.cookie },
      });
      expect(list.statusCode, username).toBe(403);
      const on = await app.inject({
        method: 'POST',
        url: `/api/v1/boundaries/sets/${original}/activate`,
        payload: {},
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      });
      expect(on.statusCode, username).toBe(403);
    }
    expect(await activeId()).toBe(original);
  });
});
