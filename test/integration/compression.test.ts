// On the wire (#21 item 1): brotli and gzip for every text answer when the client asks, none when it does not;
// build-time .br/.gz copies of assets sent as they are, hashed assets immutable; ETag/304 on indicator answers,
// a named finalized period's answer immutable, an open one revalidated.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { COMPRESSIBLE } from '../../server/plugins/external/compression.ts';
import { precompress } from '../../web/vite.config.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testConfig } from '../support/test-app.ts';

const decode = (res: LightMyRequestResponse): string => {
  const enc = res.headers['content-encoding'];
  const raw = res.rawPayload;
  return (enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw).toString();
};

describe('compression and caching on the wire', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  let dist: string;
  const script = `export const areas = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ code: i, name: `kelurahan ${i}` })))};\n`;

  beforeAll(async () => {
    // A build of two files, precompressed by the same Vite plugin the real build uses.
    dist = mkdtempSync(path.join(tmpdir(), 'sidaksos-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(
      path.join(dist, 'index.html'),
      `<!doctype html><title>x</title>${'<p>peta</p>'.repeat(200)}`,
    );
    writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), script);
    const plugin = precompress() as Plugin & {
      configResolved: (c: Pick<ResolvedConfig, 'root' | 'build'>) => void;
      writeBundle: () => void;
    };
    plugin.configResolved({ root: dist, build: { outDir: dist } as ResolvedConfig['build'] });
    plugin.writeBundle();

    db = await scratchDatabase('compression');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1500,
      seed: 7,
      periods: ['2025-07', '2025-12'],
    });
    await db.knex('periods').where({ period_code: '2025-07' }).update({ status: 'finalized' });
    await createTestUsers(db.knex);
    app = await buildApp({
      config: testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }),
      knex: db.knex,
      webDist: dist,
      logger: false,
    });
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}, session?: TestSession) =>
    app.inject({
      method: 'GET',
      url,
      headers: { ...headers, ...(session ? { cookie: session.cookie } : {}) },
    });

  it.each([
    ['indicator JSON', '/api/v1/indicators/poor_share?period=2025-07', /^application\/json/],
    [
      'indicator GeoJSON',
      '/api/v1/indicators/poor_share?period=2025-07&format=geojson',
      /^application\/geo\+json/,
    ],
    ['indicator CSV', '/api/v1/indicators/poor_share?period=2025-07&format=csv', /^text\/csv/],
    ['boundaries GeoJSON', '/api/v1/regions/kelurahan?simplify=0.001', /^application\/geo\+json/],
    ['OpenAPI document', '/api/docs/json', /^application\/json/],
    ['index.html', '/', /^text\/html/],
  ])('compresses %s with brotli or gzip when asked, not when not', async (name, url, type) => {
    const plain = await get(url);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.headers['content-type']).toMatch(type);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const [accept, enc] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br', 'br'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      const res = await get(url, { 'accept-encoding': accept });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], `${url} with ${accept}`).toBe(enc);
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      // A download names the minute it was made: compare it line by line without that line.
      const same = (body: string) => (name.includes('CSV') ? body.replace(/^.*\d{2}:\d{2}.*$/gm, '') : body);
      expect(same(decode(res))).toBe(same(plain.body));
    }
  });

  it('counts every text type of the API and the app as compressible, and binary downloads not', () => {
    for (const t of [
      'application/json; charset=utf-8',
      'application/geo+json',
      'application/problem+json; charset=utf-8',
      'text/csv; charset=utf-8',
      'application/vnd.mapbox-vector-tile',
      'image/svg+xml',
      'text/html; charset=utf-8',
      'text/javascript; charset=utf-8',
      'application/javascript',
      'text/css',
      'application/x-protobuf',
    ])
      expect(COMPRESSIBLE.test(t), t).toBe(true);
    for (const t of ['image/png', 'application/pdf', 'application/zip', 'application/octet-stream'])
      expect(COMPRESSIBLE.test(t), t).toBe(false);
  });

  it('sends the build-time .br/.gz copies of hashed assets as they are, immutable', async () => {
    const url = '/assets/index-Ab12Cd34.js';
    const file = path.join(dist, 'assets', 'index-Ab12Cd34.js');
    const br = await get(url, { 'accept-encoding': 'br, gzip' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.rawPayload.equals(readFileSync(`${file}.br`))).toBe(true);
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.equals(readFileSync(`${file}.gz`))).toBe(true);
    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect((await get('/', { 'accept-encoding': 'br' })).headers['cache-control']).toBe('no-cache');
  });

  it('answers an indicator with an ETag, 304 on If-None-Match, the same bytes from the cache', async () => {
    const url = '/api/v1/indicators/poor_share?period=2025-07';
    const first = await get(url, { 'accept-encoding': 'br' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(String(first.headers.vary)).toMatch(/cookie/i);
    const again = await get(url, { 'accept-encoding': 'br' });
    expect(again.headers.etag).toBe(etag);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const notModified = await get(url, { 'if-none-match': etag, 'accept-encoding': 'br' });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
    expect((await get(url, { 'if-none-match': `"other", ${etag.slice(2)}` })).statusCode).toBe(304);
    expect((await get(url, { 'if-none-match': 'W/"other"' })).statusCode).toBe(200);
    // Staff see other values under the same URL: another validator, kept private.
    const staff = await get(url, {}, planner);
    expect(staff.statusCode).toBe(200);
    expect(staff.headers.etag).not.toBe(etag);
    expect(staff.headers['cache-control']).toBe('private, max-age=86400, immutable');
  });

  it('says a named finalized period is immutable and revalidates an open one or "the latest"', async () => {
    const finalized = await get('/api/v1/indicators/poor_share?period=2025-07&format=geojson');
    expect(finalized.headers['cache-control']).toBe('public, max-age=86400, immutable');
    const latest = await get('/api/v1/indicators/poor_share');
    expect(latest.statusCode).toBe(200);
    expect(latest.headers['cache-control']).toBe('public, no-cache');
    expect(latest.headers.etag).toBeDefined();
    const open = await get('/api/v1/indicators/poor_share?period=2025-12', {}, planner);
    expect(open.statusCode).toBe(200);
    expect(open.headers['cache-control']).toBe('private, no-cache');
    const compared = await get('/api/v1/indicators/poor_share?period=2025-12&compare=2025-07', {}, planner);
    expect(compared.headers['cache-control']).toBe('private, no-cache');
    expect(
      (
        await get(
          '/api/v1/indicators/poor_share?period=2025-12',
          { 'if-none-match': open.headers.etag as string },
          planner,
        )
      ).statusCode,
    ).toBe(304);
  });
});
