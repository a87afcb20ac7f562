import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, testConfig, testKnex } from '../support/test-app.ts';

interface Fc {
  type: string;
  name: string;
  description: string;
  synthetic_people: boolean;
  features: Array<{ id: string; properties: Record<string, unknown>; geometry: { type: string } }>;
}

describe('health, readiness and region boundaries', () => {
  let knex: Knex;
  let app: FastifyInstance;
  beforeAll(async () => {
    knex = testKnex();
    app = await testApp(knex);
  });
  afterAll(async () => {
    await app.close();
    await knex.destroy();
  });

  it('answers /healthz and /readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('serves the 177 kelurahan as GeoJSON with whitelisted properties', async () => {
    const res = await app.inject('/api/v1/regions/kelurahan');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json<Fc>();
    expect(fc.type).toBe('FeatureCollection');
    // GIS clients see the layer's name, where the boundaries come from and whether the people are synthetic.
    expect(fc.name).toBe('sidaksos_kelurahan');
    expect(fc.description).toContain('Kemendagri');
    expect(typeof fc.synthetic_people).toBe('boolean');
    expect(fc.features).toHaveLength(177);
    const first = fc.features[0]!;
    expect(first.id).toBe('33.74.01.1001');
    expect(Object.keys(first.properties).sort()).toEqual(
      [
        'area_km2',
        'boundary_source',
        'code',
        'kecamatan',
        'kecamatan_code',
        'level',
        'name',
        'synthetic_people',
      ].sort(),
    );
    expect(first.properties.boundary_source).toContain('Kemendagri');
    expect(first.properties).toMatchObject({
      name: 'Miroto',
      kecamatan: 'Semarang Tengah',
      level: 'kelurahan',
    });
    expect(first.geometry.type).toBe('MultiPolygon');
  });

  it('serves kecamatan, filters kelurahan by kecamatan and simplifies on request', async () => {
    const kec = (await app.inject('/api/v1/regions/kecamatan')).json<Fc>();
    expect(kec.features).toHaveLength(16);
    const tugu = (await app.inject('/api/v1/regions/kelurahan?kecamatan=33.74.16')).json<Fc>();
    expect(tugu.features).toHaveLength(7);
    expect(tugu.features.every((f) => f.properties.kecamatan_code === '33.74.16')).toBe(true);
    // Any tolerance serves the map copy simplified once along shared edges (it is the same at every value);
    // 0 serves the stored geometry. The official source is already generalised, so the two are close in size.
    const full = await app.inject('/api/v1/regions/kelurahan');
    const simple = await app.inject('/api/v1/regions/kelurahan?simplify=0.0005');
    const other = await app.inject('/api/v1/regions/kelurahan?simplify=0.00005');
    expect(simple.json<Fc>().features).toHaveLength(177);
    expect(simple.body).not.toBe(full.body);
    expect(other.body).toBe(simple.body);
    expect(simple.json<Fc>().features.every((f) => f.geometry.type === 'MultiPolygon')).toBe(true);
  });

  it.each([
    ['/api/v1/regions/kelurahan?simplify=1', 400, 'querystring.simplify'],
    ['/api/v1/regions/kelurahan?simplify=abc', 400, 'querystring.simplify'],
    ['/api/v1/regions/kelurahan?kecamatan=33.74', 400, 'querystring.kecamatan'],
    ['/api/v1/regions/kelurahan?kecamatan=33.74.99', 404, 'Kecamatan 33.74.99 does not exist'],
    ['/api/v1/regions/kelurahan?bogus=1', 400, 'must NOT have additional properties'],
    ["/api/v1/regions/kelurahan?kecamatan=33.74.01'%20or%201=1--", 400, 'querystring.kecamatan'],
    ['/api/v1/nothing-here', 404, 'No route for GET /api/v1/nothing-here'],
  ])('GET %s → %i problem+json', async (url, status, detail) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json<{ type: string; title: string; status: number; detail: string }>();
    expect(body.status).toBe(status);
    expect(body.type).toMatch(/^\/api\/v1\/problems\//);
    expect(body.title.length).toBeGreaterThan(0);
    expect(body.detail).toContain(detail);
  });

  it('publishes an OpenAPI document and a docs page', async () => {
    const doc = (await app.inject('/api/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/api/v1/regions/kelurahan',
        '/api/v1/regions/kecamatan',
      ]),
    );
    const page = await app.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });

  it('sends security headers with a CSP that allows the map worker and nothing remote', async () => {
    const res = await app.inject('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends a page or file the document headers and every API answer the data headers, refusals included', async () => {
    // Evaluated once at startup (plugins/external/security-headers.ts); each answer must still carry its set,
    // refusals and 404s included.
    const api = await Promise.all([
      app.inject('/api/v1/regions/kecamatan'),
      app.inject('/api/v1/households?period=2025-12'),
      app.inject('/api/v1/no-such-route'),
    ]);
    // (/api/docs, a page, has the docs plugin's own CSP: openapi-lint.test.ts)
    const files = [await app.inject('/glyphs/Noto%20Sans%20Regular/0-255.pbf')];
    expect([...api, ...files].map((a) => a.statusCode)).toEqual([200, 401, 404, 200]);
    for (const res of [...api, ...files]) {
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    for (const res of files) {
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    }
    for (const res of api) {
      // Data allows nothing to load and nothing to frame it; the page-only policies are not sent.
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      for (const pageOnly of [
        'referrer-policy',
        'cross-origin-opener-policy',
        'x-xss-protection',
        'origin-agent-cluster',
      ])
        expect(res.headers[pageOnly], pageOnly).toBeUndefined();
      // The rate limit's counters come with a refusal (429) only.
      expect(res.headers['x-ratelimit-remaining']).toBeUndefined();
    }
  });

  it('tells a client over the rate limit when to come back, with the limit and its counters', async () => {
    const limited = await testApp(knex, testConfig({ RATE_LIMIT_PER_MINUTE: '2' }));
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await limited.inject('/api/v1/regions/kecamatan'));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 429]);
      expect(answers[0]!.headers['x-ratelimit-limit']).toBeUndefined();
      const refused = answers[2]!;
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['x-ratelimit-limit']).toBe('2');
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect(refused.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    } finally {
      await limited.close();
    }
  });

  it('serves map glyphs locally', async () => {
    const res = await app.inject('/glyphs/Noto%20Sans%20Regular/0-255.pbf');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBeGreaterThan(1000);
  });
});
