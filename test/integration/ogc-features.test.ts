// OGC API – Features and the GIS downloads, read the way GIS users read them: GDAL's OAPIF driver (what QGIS
// uses) against the real server on a loopback port, and ogrinfo on the GeoPackage and GeoJSON downloads.
// GDAL is Debian's gdal-bin, installed here as root when missing (a missing GDAL fails, never skips).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGdal } from '../../server/db/system-packages.ts';
import { createTestUsers, login } from '../support/auth-fixtures.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp } from '../support/test-app.ts';

const run = promisify(execFile);
const KELURAHAN = 177;

interface GdalResult {
  stdout: string;
  stderr: string;
  code: number;
}

async function gdal(tool: string, args: string[], env: Record<string, string> = {}): Promise<GdalResult> {
  try {
    const { stdout, stderr } = await run(tool, args, {
      env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number };
    return {
      stdout: err.stdout ?? '',
      stderr: err.stderr ?? '',
      code: typeof err.code === 'number' ? err.code : 1,
    };
  }
}

/** `name: Type (w.p)` lines of an ogrinfo layer summary, as name → type. */
function fieldTypes(summary: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of summary.matchAll(/^(\w+): (\w+(?:\(\w+\))?) \(/gm)) out[m[1]!] = m[2]!;
  return out;
}

describe('OGC API – Features and GIS downloads through GDAL', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    await ensureGdal((m) => console.log(`[gdal] ${m}`));
    db = await scratchDatabase('ogc_features');
    // 2025-07 is finalized (the public's latest), 2025-12 open (staff only).
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 2500,
      seed: 19,
      periods: ['2025-07', '2025-12'],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex);
    base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1/ogc`;
    dir = await mkdtemp(path.join(tmpdir(), 'sidaksos-ogc-'));
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers the landing page, conformance and collections as the standard lays them out', async () => {
    const landing = await app.inject({ url: '/api/v1/ogc', headers: { host: 'gis.example:8080' } });
    expect(landing.statusCode).toBe(200);
    expect(landing.headers['content-type']).toMatch(/^application\/json/);
    const links = new Map(
      landing
        .json<{ links: Array<{ rel: string; href: string; type: string }> }>()
        .links.map((l) => [l.rel, l]),
    );
    for (const rel of ['self', 'service-desc', 'conformance', 'data']) expect(links.has(rel)).toBe(true);
    expect(links.get('data')!.href).toBe('http://gis.example:8080/api/v1/ogc/collections');
    expect(links.get('service-desc')!.type).toMatch(/openapi/);
    const desc = await app.inject({ url: new URL(links.get('service-desc')!.href).pathname });
    expect(desc.json<{ paths: Record<string, unknown> }>().paths).toHaveProperty([
      '/api/v1/ogc/collections/{collectionId}/items',
    ]);

    const conformance = (await app.inject({ url: '/api/v1/ogc/conformance' })).json<{
      conformsTo: string[];
    }>();
    for (const c of ['core', 'geojson', 'oas30'])
      expect(conformance.conformsTo).toContain(`http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`);

    const collections = (await app.inject({ url: '/api/v1/ogc/collections?lang=en' })).json<{
      collections: Array<{ id: string; title: string; links: Array<{ rel: string }> }>;
    }>();
    const ids = collections.collections.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['kelurahan', 'kecamatan', 'poor_households-kelurahan']));
    expect(ids.filter((id) => id.endsWith('-staff'))).toEqual([]); // the public is not offered staff layers
    const poor = collections.collections.find((c) => c.id === 'poor_households-kelurahan')!;
    expect(poor.title).toContain('Poor households');
    expect(poor.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'items', 'describedby']));

    const one = (await app.inject({ url: '/api/v1/ogc/collections/kelurahan' })).json<{
      extent: { spatial: { bbox: number[][] } };
      crs: string[];
    }>();
    const [x0, y0, x1, y1] = one.extent.spatial.bbox[0]!;
    expect(x0).toBeGreaterThan(110.2);
    expect(x1).toBeLessThan(110.6);
    expect(y0).toBeGreaterThan(-7.2);
    expect(y1).toBeLessThan(-6.8);
    expect(one.crs).toContain('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
  });

  it('pages with limit and offset, filters by bbox and names unknown things in the caller’s language', async () => {
    const page = await app.inject({
      url: '/api/v1/ogc/collections/poor_households-kelurahan/items?limit=50&offset=50',
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^application\/geo\+json/);
    const body = page.json<{
      numberMatched: number;
      numberReturned: number;
      period: string;
      links: Array<{ rel: string; href: string }>;
      features: Array<{ id: string; properties: Record<string, unknown> }>;
    }>();
    expect(body.numberMatched).toBe(KELURAHAN);
    expect(body.numberReturned).toBe(50);
    expect(body.period).toBe('2025-07');
    const rels = new Map(body.links.map((l) => [l.rel, new URL(l.href)]));
    expect(rels.get('next')!.searchParams.get('offset')).toBe('100');
    expect(rels.get('prev')!.searchParams.get('offset')).toBe('0');
    // Typed in the JSON text itself: a value is written as a real even when it is whole.
    expect(page.body).toMatch(/"value":(null|-?\d+\.\d+)/);
    expect(page.body).not.toMatch(/"value":-?\d+[,}]/);

    const all = (await app.inject({ url: '/api/v1/ogc/collections/kelurahan/items?limit=1000' })).json<{
      features: Array<{ id: string; properties: { kecamatan_code: string } }>;
    }>();
    const tugu = all.features.filter((f) => f.properties.kecamatan_code === '33.74.16').map((f) => f.id);
    // A box around the middle of Semarang Tengah: some kelurahan, not all, none of Tugu's.
    const box = await app.inject({
      url: '/api/v1/ogc/collections/kelurahan/items?bbox=110.41,-6.985,110.425,-6.975',
    });
    const inBox = box.json<{ features: Array<{ id: string }> }>().features.map((f) => f.id);
    expect(inBox.length).toBeGreaterThan(0);
    expect(inBox.length).toBeLessThan(20);
    expect(inBox.filter((id) => tugu.includes(id))).toEqual([]);

    const bad = await app.inject({ url: '/api/v1/ogc/collections/kelurahan/items?bbox=1,2,3&lang=id' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.json<{ detail: string }>().detail).toContain('bukan kotak');
    const missing = await app.inject({ url: '/api/v1/ogc/collections/no_such-kelurahan/items?lang=en' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ detail: string }>().detail).toContain('no_such-kelurahan');
    const feature = await app.inject({ url: '/api/v1/ogc/collections/kecamatan/items/33.74.16' });
    expect(feature.json<{ id: string; properties: { name: string } }>().properties.name).toBe('Tugu');
  });

  it('lets GDAL list the collections and read every kelurahan of an indicator with stable field types', async () => {
    const list = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${base}`]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/: kelurahan\b/);
    expect(list.stdout).toMatch(/: poor_households-kelurahan\b/);
    expect(list.stdout).toMatch(/: disability_rate-kecamatan\b/);

    // Read page by page (50 a page, the next links followed) and count every feature.
    const read = await gdal(
      'ogrinfo',
      ['-ro', '-al', '-oo', 'PAGE_SIZE=50', `OAPIF:${base}/collections/poor_households-kelurahan`],
      {
        CPL_DEBUG: 'ON',
      },
    );
    expect(read.code, read.stderr).toBe(0);
    const ids = new Set([...read.stdout.matchAll(/^\s+id \(String\) = ([\d.]+)$/gm)].map((m) => m[1]));
    expect(ids.size).toBe(KELURAHAN);
    const pages = new Set([...read.stderr.matchAll(/items\?[^\s]*offset=(\d+)/g)].map((m) => m[1]));
    expect(pages.size).toBeGreaterThanOrEqual(3);
    const types = fieldTypes(read.stdout);
    expect(types).toMatchObject({
      code: 'String',
      name: 'String',
      kecamatan: 'String',
      period: 'String',
      numerator: 'Integer',
      value: 'Real',
      suppressed: 'Integer(Boolean)',
    });
    // A count has no denominator field at all, rather than a text field of nulls.
    expect(types).not.toHaveProperty('denominator');

    const share = await gdal('ogrinfo', [
      '-ro',
      '-so',
      '-al',
      `OAPIF:${base}/collections/poor_share-kelurahan`,
    ]);
    expect(share.code, share.stderr).toBe(0);
    expect(fieldTypes(share.stdout)).toMatchObject({
      numerator: 'Integer',
      denominator: 'Integer',
      value: 'Real',
    });
  });

  it('lets GDAL read a staff collection with a personal access token (HTTP Basic, as QGIS sends it) and refuses it without one', async () => {
    const staff = `OAPIF:${base}/collections/poor_share-kelurahan-staff`;
    const anonymous = await gdal('ogrinfo', ['-ro', '-so', '-al', staff]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/401/);

    const session = await login(app, 't.planner');
    const made = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      payload: { name: 'QGIS', days: 30 },
    });
    expect(made.statusCode, made.body).toBe(201);
    const { token, id } = made.json<{ token: string; id: string }>();
    const basic = { GDAL_HTTP_AUTH: 'BASIC', GDAL_HTTP_USERPWD: `t.planner:${token}` };

    // The landing page lists the staff collections to a token's holder, and every kelurahan reads, unsuppressed,
    // in the open period the public does not see.
    const list = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${base}`], basic);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/: poor_share-kelurahan-staff\b/);
    const read = await gdal('ogrinfo', ['-ro', '-al', '-oo', 'PAGE_SIZE=100', staff], basic);
    expect(read.code, read.stderr).toBe(0);
    const periods = new Set([...read.stdout.matchAll(/^\s+period \(String\) = (\S+)$/gm)].map((m) => m[1]));
    expect([...periods]).toEqual(['2025-12']);
    const ids = new Set([...read.stdout.matchAll(/^\s+id \(String\) = ([\d.]+)$/gm)].map((m) => m[1]));
    expect(ids.size).toBe(KELURAHAN);
    expect(read.stdout).not.toMatch(/suppressed \(Integer\(Boolean\)\) = 1$/m);
    // The token's use is recorded (aggregates are not person-level reads; tile reads are audited, access-tokens).
    const used = await db
      .knex('access_tokens')
      .where({ id })
      .first<{ last_used_at: Date | null }>('last_used_at');
    expect(used?.last_used_at).toBeInstanceOf(Date);

    // A revoked token is refused.
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(revoked.statusCode, revoked.body).toBe(204);
    const after = await gdal('ogrinfo', ['-ro', '-so', '-al', staff], basic);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/401/);
  });

  it('downloads an indicator as a GeoPackage with typed fields named in the caller’s language', async () => {
    for (const [lang, fields] of [
      ['id', { kode: 'String', nama: 'String', pembilang: 'Integer', penyebut: 'Real', nilai: 'Real' }],
      ['en', { code: 'String', name: 'String', numerator: 'Integer', denominator: 'Real', value: 'Real' }],
    ] as const) {
      const res = await app.inject({ url: `/api/v1/indicators/poverty_density?format=gpkg&lang=${lang}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/geopackage+sqlite3');
      expect(res.headers['content-disposition']).toContain('sidaksos-poverty-density-kelurahan-2025-07.gpkg');
      const file = path.join(dir, `density-${lang}.gpkg`);
      await writeFile(file, res.rawPayload);
      const info = await gdal('ogrinfo', ['-ro', '-so', '-al', file]);
      expect(info.code, info.stderr).toBe(0);
      expect(info.stdout).toContain('Layer name: sidaksos_poverty_density_kelurahan_2025_07');
      expect(info.stdout).toContain(`Feature Count: ${KELURAHAN}`);
      expect(info.stdout).toMatch(/Geometry: Multi Polygon/);
      expect(fieldTypes(info.stdout)).toMatchObject(fields);
    }
  });

  it('names the GeoJSON download’s layer and types its numbers whatever the values', async () => {
    const res = await app.inject({
      url: '/api/v1/indicators/poor_households?format=geojson&level=kecamatan',
    });
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, 'poor.geojson');
    await writeFile(file, res.rawPayload);
    const info = await gdal('ogrinfo', ['-ro', '-so', '-al', file]);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toContain('Layer name: sidaksos_poor_households_kecamatan_2025-07');
    const types = fieldTypes(info.stdout);
    expect(types).toMatchObject({ numerator: 'Integer', value: 'Real' });
    expect(types).not.toHaveProperty('denominator');
  });
});
