// The OpenAPI document that the real app generates passes Redocly's recommended ruleset with 0 errors (issue #19
// item 5), and describes what tools need: operationIds, security, problem+json errors, real media types. The
// docs page works over plain HTTP (no upgrade-insecure-requests in any CSP it sends).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, login } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp } from '../support/test-app.ts';

const run = promisify(execFile);
const REDOCLY = path.resolve('node_modules/.bin/redocly');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}
interface LintResult {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}
type Operation = {
  operationId?: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: { default?: unknown } }>;
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
};
type Doc = {
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; responses: Record<string, unknown> };
};

/** Redocly's verdict on a document: its JSON report (it exits 1 when there are errors, which is an answer too). */
async function lint(dir: string, name: string, doc: unknown): Promise<LintResult> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(doc, null, 2));
  const env = {
    ...process.env,
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    NO_COLOR: '1',
  };
  const args = ['lint', '--extends', 'recommended', '--format', 'json', file];
  const out = await run(REDOCLY, args, { env, maxBuffer: 64 * 1024 * 1024 }).catch(
    (err: { stdout?: string; code?: number }) => {
      if (err.code === 1 && err.stdout) return { stdout: err.stdout };
      throw err;
    },
  );
  return JSON.parse(out.stdout) as LintResult;
}

const describeProblem = (p: LintProblem) => `${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`;

function operations(doc: Doc): Array<[string, string, Operation]> {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]): [string, string, Operation] => [m, p, op]),
  );
}

describe('the OpenAPI document and its docs page', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let dir: string;
  let doc: Doc;
  beforeAll(async () => {
    db = await scratchDatabase('openapi_lint');
    await createTestUsers(db.knex);
    app = await testApp(db.knex);
    dir = await mkdtemp(path.join(tmpdir(), 'sidaksos-openapi-'));
    doc = app.swagger() as unknown as Doc;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules with 0 errors (the warnings are printed)", async () => {
    const result = await lint(dir, 'openapi.json', doc);
    const errors = result.problems.filter((p) => p.severity === 'error').map(describeProblem);
    const warnings = result.problems.filter((p) => p.severity === 'warn').map(describeProblem);
    console.log(
      `Redocly: ${result.totals.errors} errors, ${result.totals.warnings} warnings\n${warnings.join('\n')}`,
    );
    expect(errors).toEqual([]);
    expect(result.totals.errors).toBe(0);
  }, 120_000);

  it('the lint catches errors: a copy with an operation without responses and no title fails it', async () => {
    const broken = structuredClone(doc) as Doc & { info: Record<string, unknown> };
    delete broken.info.title;
    const [, , first] = operations(broken)[0]!;
    delete (first as Partial<Operation>).responses;
    const result = await lint(dir, 'broken.json', broken);
    expect(result.totals.errors).toBeGreaterThanOrEqual(2);
    const errors = result.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.location[0]?.pointer)).toEqual(
      expect.arrayContaining(['#/info', expect.stringMatching(/^#\/paths\//)]),
    );
  }, 120_000);

  it('every operation has a unique operationId, a summary, security and problem+json errors', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    const ids = ops.map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ops.length);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual([
      'basicToken',
      'bearerToken',
      'csrfHeader',
      'sessionCookie',
    ]);
    expect(doc.servers?.[0]?.url).toBe('/');
    for (const [method, p, op] of ops) {
      const where = `${method.toUpperCase()} ${p}`;
      expect(op.summary, where).toBeTruthy();
      expect(op.security, where).toBeDefined();
      expect(op.responses['429'], where).toEqual({ $ref: '#/components/responses/TooManyRequests' });
      // Declared error answers are problem+json too; none claims application/json.
      for (const [status, r] of Object.entries(op.responses)) {
        if (/^[45]/.test(status) && r.content)
          expect(Object.keys(r.content), `${where} ${status}`).toEqual(['application/problem+json']);
      }
      // A parameter with a default is not required of the caller.
      for (const param of op.parameters ?? []) {
        if (param.in === 'query' && param.schema?.default !== undefined)
          expect(param.required, `${where} ${param.name}`).not.toBe(true);
      }
    }
    const byId = Object.fromEntries(ops.map(([m, p, op]) => [`${m.toUpperCase()} ${p}`, op]));
    // Role-gated: credentials required, 401 and 403 documented; public: credentials optional ({} first).
    const households = byId['GET /api/v1/households']!;
    expect(households.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }, { basicToken: [] }]);
    expect(households.responses['401']).toBeDefined();
    expect(households.responses['403']).toBeDefined();
    expect(byId['GET /api/v1/indicators']!.security![0]).toEqual({});
    // Tokens only read: a change needs the session cookie and the CSRF header together.
    expect(byId['POST /api/v1/households']!.security).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
    expect(byId['GET /api/v1/indicators']!.responses['403']).toBeUndefined();
    expect(byId['GET /api/v1/households/{id}']!.responses['404']).toBeDefined();
  });

  it('names the media types the routes really answer', async () => {
    const ok = (p: string) => Object.keys(doc.paths[p]!.get!.responses['200']!.content ?? {});
    expect(ok('/api/v1/indicators/{id}')).toEqual([
      'application/json',
      'application/geo+json',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/geopackage+sqlite3',
    ]);
    expect(ok('/api/v1/regions/kelurahan')).toEqual(['application/geo+json']);
    expect(ok('/api/v1/tiles/households/{z}/{x}/{y}.mvt')).toEqual(['application/vnd.mapbox-vector-tile']);
    expect(ok('/api/v1/audit/export')).toEqual(['text/csv']);
    expect(ok('/api/v1/imports/templates/{name}')).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    // …and the server agrees with the document where anyone can ask.
    const regions = await app.inject('/api/v1/regions/kecamatan');
    expect(regions.headers['content-type']).toContain('application/geo+json');
    const admin = await login(app, 't.admin');
    for (const [name, media] of [
      ['households.csv', 'text/csv'],
      ['enrolments.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]) {
      const res = await app.inject({
        url: `/api/v1/imports/templates/${name}`,
        headers: { cookie: admin.cookie },
      });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type'], name).toContain(media);
    }
    // A role-gated route answers a missing credential with the documented problem+json 401.
    const anonymous = await app.inject('/api/v1/households');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the docs page and its assets over plain HTTP (no upgrade-insecure-requests)', async () => {
    const seen: string[] = [];
    const get = async (url: string) => {
      const res = await app.inject({ url, headers: { host: 'sidaksos.lan' } });
      const csp = [res.headers['content-security-policy'] ?? []].flat().join(', ');
      seen.push(`${url} ${res.statusCode} ${csp}`);
      expect(csp, url).not.toMatch(/upgrade-insecure-requests/);
      expect(csp, url).not.toMatch(/https:/);
      return res;
    };
    const entry = await get('/api/docs');
    const pageUrl =
      entry.statusCode >= 300 && entry.statusCode < 400 ? String(entry.headers.location) : '/api/docs';
    const page = await get(new URL(pageUrl, 'http://sidaksos.lan/api/docs/').pathname);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toBeTruthy();
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    const base = new URL(pageUrl, 'http://sidaksos.lan/api/docs/');
    for (const asset of assets) {
      const url = new URL(asset, base);
      expect(url.origin, asset).toBe('http://sidaksos.lan'); // nothing remote, nothing https
      const res = await get(url.pathname);
      expect(res.statusCode, asset).toBe(200);
    }
    const json = await get('/api/docs/json');
    expect(json.statusCode).toBe(200);
    expect(json.json<{ openapi: string }>().openapi).toBe('3.0.3');
    expect(seen.length).toBeGreaterThan(4);
  });
});
