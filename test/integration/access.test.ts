// Access, privacy and audit: every route as every role against the access policy; scopes; masking; audit rows;
// public output free of identifiers and safe against subtraction; brute force; CSRF; injection and traversal.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../support/multipart.ts';
import { ACCESS_POLICY, allows } from '../../server/auth/access-policy.ts';
import { ROLES, type Role } from '../../server/auth/roles.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import {
  createTestUsers,
  login,
  TEST_PASSWORD,
  TEST_USERS,
  type TestSession,
} from '../support/auth-fixtures.ts';
import { disclosedCells, smallKnownFigures } from '../support/disclosure.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', ...ROLES];

describe('access, privacy and audit', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  const sessions = new Map<Caller, TestSession>();
  let inScope: string; // a household in the operator's kelurahan
  let inScopeMapId: string; // its map number (the household tiles' feature id)
  let outOfScope: string;

  beforeAll(async () => {
    db = await scratchDatabase('access');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 3000,
      seed: 3,
      periods: ['2025-07', '2025-12'],
    });
    // The older period is finalized by the seed: the public sees it; make it the latest finalized.
    await createTestUsers(db.knex);
    // Logins in this file exceed the per-IP login limit; throttling has its own tests below.
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' }));
    for (const u of TEST_USERS) sessions.set(u.role, await login(app, u.username));
    ({ id: inScope, map_id: inScopeMapId } = await db
      .knex('households')
      .where({ period_code: '2025-12', kelurahan_code: '33.74.02.1008' })
      .first<{ id: string; map_id: string }>('id', 'map_id'));
    outOfScope = (
      await db
        .knex('households')
        .where({ period_code: '2025-12' })
        .whereNot('kelurahan_code', 'like', '33.74.02.%')
        .first<{ id: string }>('id')
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  function asCaller(caller: Caller, opts: InjectOptions): InjectOptions {
    const s = caller === 'anonymous' ? undefined : sessions.get(caller);
    return {
      ...opts,
      headers: { ...(opts.headers ?? {}), ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) },
    };
  }

  /** A valid request for each route in the policy; a route without one fails the matrix test. */
  const SAMPLES: Record<string, () => InjectOptions> = {
    'GET /healthz': () => ({ method: 'GET', url: '/healthz' }),
    'GET /readyz': () => ({ method: 'GET', url: '/readyz' }),
    'GET /api/v1/regions/kelurahan': () => ({
      method: 'GET',
      url: '/api/v1/regions/kelurahan?simplify=0.001',
    }),
    'GET /api/v1/regions/kecamatan': () => ({
      method: 'GET',
      url: '/api/v1/regions/kecamatan?simplify=0.001',
    }),
    'GET /api/v1/stats/households': () => ({ method: 'GET', url: '/api/v1/stats/households' }),
    'GET /api/v1/periods': () => ({ method: 'GET', url: '/api/v1/periods' }),
    // Refused for allowed callers too (2025-12 is open; 2025-07 is finalized), so nothing changes.
    'POST /api/v1/periods': () => ({ method: 'POST', url: '/api/v1/periods', payload: { code: '2026-07' } }),
    'POST /api/v1/periods/:code/finalize': () => ({
      method: 'POST',
      url: '/api/v1/periods/2025-07/finalize',
    }),
    'GET /api/v1/periods/:code/summary': () => ({ method: 'GET', url: '/api/v1/periods/2025-12/summary' }),
    'GET /api/v1/flows': () => ({ method: 'GET', url: '/api/v1/flows?from=2025-07&to=2025-12' }),
    'GET /api/v1/indicators': () => ({ method: 'GET', url: '/api/v1/indicators' }),
    'GET /api/v1/areas/:code/profile': () => ({ method: 'GET', url: '/api/v1/areas/33.74.02/profile' }),
    'GET /api/v1/areas/:code/trend': () => ({
      method: 'GET',
      url: '/api/v1/areas/33.74.02/trend?indicator=poor_share',
    }),
    // The operator's own kelurahan, so every allowed caller gets the table and the list.
    'GET /api/v1/areas/:code/rt-rw': () => ({ method: 'GET', url: '/api/v1/areas/33.74.02.1008/rt-rw' }),
    'GET /api/v1/areas/:code/muskel.pdf': () => ({
      method: 'GET',
      url: '/api/v1/areas/33.74.02.1008/muskel.pdf?rw=1',
    }),
    // The finalized period refuses allowed callers (409), so nothing changes.
    'POST /api/v1/areas/:code/muskel/decisions': () => ({
      method: 'POST',
      url: '/api/v1/areas/33.74.02.1008/muskel/decisions',
      payload: { period: '2025-07', muskelOn: '2025-06-20', decisions: [{ decision: 'add', head: 'Uji' }] },
    }),
    'GET /api/v1/periods/:code/kelurahan': () => ({
      method: 'GET',
      url: '/api/v1/periods/2025-12/kelurahan',
    }),
    'POST /api/v1/periods/:code/kelurahan/:kelurahan/close': () => ({
      method: 'POST',
      url: '/api/v1/periods/2025-07/kelurahan/33.74.02.1008/close',
      payload: {},
    }),
    'POST /api/v1/periods/:code/kelurahan/:kelurahan/reopen': () => ({
      method: 'POST',
      url: '/api/v1/periods/2025-07/kelurahan/33.74.02.1008/reopen',
      payload: {},
    }),
    // Not multipart: allowed callers get 415; an unknown proposal would be 404 after that.
    'POST /api/v1/proposals/:id/evidence': () => ({
      method: 'POST',
      url: '/api/v1/proposals/00000000-0000-4000-8000-000000000000/evidence',
      payload: {},
    }),
    'GET /api/v1/proposals/:id/evidence/:evidenceId': () => ({
      method: 'GET',
      url: '/api/v1/proposals/00000000-0000-4000-8000-000000000000/evidence/00000000-0000-4000-8000-000000000000',
    }),
    'GET /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara': () => ({
      method: 'GET',
      url: '/api/v1/periods/2025-12/kelurahan/33.74.02.1008/berita-acara',
    }),
    // Not multipart: allowed callers get 415, nothing stored.
    'POST /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara': () => ({
      method: 'POST',
      url: '/api/v1/periods/2025-12/kelurahan/33.74.02.1008/berita-acara',
      payload: {},
    }),
    'GET /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara/:id': () => ({
      method: 'GET',
      url: '/api/v1/periods/2025-12/kelurahan/33.74.02.1008/berita-acara/00000000-0000-4000-8000-000000000000',
    }),
    'GET /api/v1/periods/:code/adoption-report': () => ({
      method: 'GET',
      url: '/api/v1/periods/2025-12/adoption-report',
    }),
    'GET /api/v1/legend-sets': () => ({ method: 'GET', url: '/api/v1/legend-sets' }),
    // Breaks out of order: allowed callers get 400 and nothing is stored.
    'PUT /api/v1/legend-sets/:indicator': () => ({
      method: 'PUT',
      url: '/api/v1/legend-sets/poor_share',
      payload: { breaks: [20, 10], colors: ['#ffffb2', '#fd8d3c', '#e31a1c'] },
    }),
    // No set to delete: allowed callers get 404.
    'DELETE /api/v1/legend-sets/:indicator': () => ({
      method: 'DELETE',
      url: '/api/v1/legend-sets/poor_share',
    }),
    'GET /api/v1/indicators/:id': () => ({
      method: 'GET',
      url: '/api/v1/indicators/poor_share?period=2025-07',
    }),
    // OGC API – Features: the public indicator collection (suppressed as the public sees it) and a boundary.
    'GET /api/v1/ogc': () => ({ method: 'GET', url: '/api/v1/ogc' }),
    'GET /api/v1/ogc/conformance': () => ({ method: 'GET', url: '/api/v1/ogc/conformance' }),
    'GET /api/v1/ogc/collections': () => ({ method: 'GET', url: '/api/v1/ogc/collections' }),
    'GET /api/v1/ogc/collections/:collectionId': () => ({
      method: 'GET',
      url: '/api/v1/ogc/collections/poor_share-kelurahan',
    }),
    'GET /api/v1/ogc/collections/:collectionId/schema': () => ({
      method: 'GET',
      url: '/api/v1/ogc/collections/poor_share-kelurahan/schema',
    }),
    'GET /api/v1/ogc/collections/:collectionId/items': () => ({
      method: 'GET',
      url: '/api/v1/ogc/collections/poor_share-kelurahan/items?limit=20',
    }),
    'GET /api/v1/ogc/collections/:collectionId/items/:featureId': () => ({
      method: 'GET',
      url: '/api/v1/ogc/collections/poor_share-kelurahan/items/33.74.02.1008',
    }),
    // An unknown indicator: the access decision without drawing a 17-page PDF for every caller (atlas.test.ts).
    'GET /api/v1/atlas.pdf': () => ({ method: 'GET', url: '/api/v1/atlas.pdf?indicator=no_such_indicator' }),
    'POST /api/v1/auth/login': () => ({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'x' },
    }),
    'POST /api/v1/auth/logout': () => ({ method: 'POST', url: '/api/v1/auth/logout' }),
    'GET /api/v1/auth/me': () => ({ method: 'GET', url: '/api/v1/auth/me' }),
    'GET /api/v1/households': () => ({ method: 'GET', url: '/api/v1/households?q=Jl.' }),
    'GET /api/v1/households/:id': () => ({ method: 'GET', url: `/api/v1/households/${inScope}` }),
    'GET /api/v1/households/by-map-id/:mapId': () => ({
      method: 'GET',
      url: `/api/v1/households/by-map-id/${inScopeMapId}`,
    }),
    'GET /api/v1/households/:id/identifiers': () => ({
      method: 'GET',
      url: `/api/v1/households/${inScope}/identifiers?reason=${encodeURIComponent('verifikasi lapangan muskel')}`,
    }),
    // Stale versions: allowed callers get 409 (or 404 outside their kelurahan) and nothing changes.
    'PATCH /api/v1/households/:id': () => ({
      method: 'PATCH',
      url: `/api/v1/households/${inScope}`,
      payload: { version: 999, changes: { desil: 3 } },
    }),
    'POST /api/v1/households/:id/members': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/members`,
      payload: {
        version: 999,
        member: { nik: '1', name: 'x', sex: 'L', birthDate: '2020-01-01', relation: 'anak' },
      },
    }),
    'PATCH /api/v1/households/:id/members/:memberId': () => ({
      method: 'PATCH',
      url: `/api/v1/households/${inScope}/members/00000000-0000-4000-8000-000000000000`,
      payload: { version: 999, changes: { relation: 'anak' } },
    }),
    'POST /api/v1/households/:id/leave': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/leave`,
      payload: { version: 999, reason: 'moved_out', on: '2025-12-01' },
    }),
    'GET /api/v1/households/:id/history': () => ({
      method: 'GET',
      url: `/api/v1/households/${inScope}/history`,
    }),
    'GET /api/v1/duplicates': () => ({ method: 'GET', url: '/api/v1/duplicates' }),
    // An invalid NIK: allowed callers get 400, nothing is stored.
    'POST /api/v1/households': () => ({
      method: 'POST',
      url: '/api/v1/households',
      payload: {
        kk: '3374021201250999',
        kelurahan: '33.74.02.1008',
        members: [
          { nik: '123', name: 'Uji', sex: 'L', birthDate: '1980-01-01', relation: 'kepala_keluarga' },
        ],
      },
    }),
    // Into itself: allowed callers get 400, nothing changes.
    'POST /api/v1/households/:id/merge': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/merge`,
      payload: { into: inScope, version: 1, intoVersion: 1 },
    }),
    'POST /api/v1/households/:id/verify': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/verify`,
      payload: { version: 999, status: 'verified' },
    }),
    'GET /api/v1/households/:id/case-plan': () => ({
      method: 'GET',
      url: `/api/v1/households/${inScope}/case-plan`,
    }),
    // An unknown OPD: allowed callers get 400 and nothing is stored.
    'POST /api/v1/households/:id/steps': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/steps`,
      payload: { action: 'kunjungan rumah', opd: 'tidak_ada' },
    }),
    // Unknown codes: allowed callers get 400, nothing is stored.
    'POST /api/v1/households/:id/problems': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/problems`,
      payload: { code: 'tidak_ada' },
    }),
    'POST /api/v1/households/:id/needs': () => ({
      method: 'POST',
      url: `/api/v1/households/${inScope}/needs`,
      payload: { code: 'tidak_ada' },
    }),
    'PATCH /api/v1/needs/:id': () => ({
      method: 'PATCH',
      url: '/api/v1/needs/00000000-0000-4000-8000-000000000000',
      payload: { met: true },
    }),
    'PATCH /api/v1/steps/:id': () => ({
      method: 'PATCH',
      url: '/api/v1/steps/00000000-0000-4000-8000-000000000000',
      payload: { version: 1, status: 'ongoing' },
    }),
    'GET /api/v1/steps/overdue': () => ({ method: 'GET', url: '/api/v1/steps/overdue' }),
    'GET /api/v1/steps': () => ({ method: 'GET', url: '/api/v1/steps?status=planned' }),
    'GET /api/v1/programs': () => ({ method: 'GET', url: '/api/v1/programs' }),
    'GET /api/v1/programs/:code/coverage': () => ({ method: 'GET', url: '/api/v1/programs/pkh/coverage' }),
    // A stale version: allowed callers get 409 and nothing changes.
    'PUT /api/v1/programs/:code/rule': () => ({
      method: 'PUT',
      url: '/api/v1/programs/rtlh/rule',
      payload: { rule: { field: 'desil', op: 'lte', value: 4 }, version: 999 },
    }),
    'GET /api/v1/programs/:code/targets': () => ({
      method: 'GET',
      url: '/api/v1/programs/pkh/targets?area=33.74.02.1008',
    }),
    'POST /api/v1/programs/:code/rule/check': () => ({
      method: 'POST',
      url: '/api/v1/programs/pkh/rule/check',
      payload: { rule: { field: 'desil', op: 'lte', value: 4 } },
    }),
    'GET /api/v1/programs/:code/rule-history': () => ({
      method: 'GET',
      url: '/api/v1/programs/pkh/rule-history',
    }),
    'POST /api/v1/analysis/sites': () => ({
      method: 'POST',
      url: '/api/v1/analysis/sites',
      payload: { program: 'pkh', k: 2, radius: 800, candidates: 'kelurahan' },
    }),
    'POST /api/v1/analysis/what-if': () => ({
      method: 'POST',
      url: '/api/v1/analysis/what-if',
      payload: { program: 'pkh', rule: { field: 'desil', op: 'lte', value: 3 } },
    }),
    'GET /api/v1/tiles/households/:z/:x/:y.mvt': () => ({
      method: 'GET',
      url: '/api/v1/tiles/households/12/3304/2128.mvt',
    }),
    // An invalid period: allowed callers get 400 after the upload, and nothing is imported.
    'POST /api/v1/imports': () => ({
      method: 'POST',
      url: '/api/v1/imports',
      ...multipartBody({ kind: 'households', period: 'bad' }, { name: 'a.csv', content: 'no_kk\r\n' }),
    }),
    'GET /api/v1/imports': () => ({ method: 'GET', url: '/api/v1/imports' }),
    'GET /api/v1/imports/:id': () => ({
      method: 'GET',
      url: '/api/v1/imports/00000000-0000-4000-8000-000000000000',
    }),
    'GET /api/v1/imports/:id/rejects': () => ({
      method: 'GET',
      url: '/api/v1/imports/00000000-0000-4000-8000-000000000000/rejects',
    }),
    'GET /api/v1/imports/templates/:name': () => ({
      method: 'GET',
      url: '/api/v1/imports/templates/households.csv',
    }),
    // A file of the wrong type: admins get 415 after the upload is judged, and nothing is stored.
    'POST /api/v1/boundaries/imports': () => ({
      method: 'POST',
      url: '/api/v1/boundaries/imports',
      ...multipartBody({}, { name: 'batas.pdf', content: '%PDF' }),
    }),
    'GET /api/v1/boundaries/sets': () => ({ method: 'GET', url: '/api/v1/boundaries/sets' }),
    'GET /api/v1/boundaries/sets/:id': () => ({
      method: 'GET',
      url: '/api/v1/boundaries/sets/00000000-0000-4000-8000-000000000000',
    }),
    'POST /api/v1/boundaries/sets/:id/activate': () => ({
      method: 'POST',
      url: '/api/v1/boundaries/sets/00000000-0000-4000-8000-000000000000/activate',
      payload: {},
    }),
    'GET /api/v1/proposals': () => ({ method: 'GET', url: '/api/v1/proposals' }),
    // No such proposal: allowed callers get 404, nothing decided.
    'POST /api/v1/proposals/decisions': () => ({
      method: 'POST',
      url: '/api/v1/proposals/decisions',
      payload: { ids: ['00000000-0000-4000-8000-000000000000'], decision: 'approve' },
    }),
    'GET /api/v1/approval-policy': () => ({ method: 'GET', url: '/api/v1/approval-policy' }),
    // The default policy again (nothing needs approval), so the other samples keep applying directly.
    'PUT /api/v1/approval-policy': () => ({
      method: 'PUT',
      url: '/api/v1/approval-policy',
      payload: { requires: [] },
    }),
    // Verivali: no such verifier (400) and no such assignment (404), so nothing is stored.
    'POST /api/v1/verivali/assignments': () => ({
      method: 'POST',
      url: '/api/v1/verivali/assignments',
      payload: {
        verifierId: '00000000-0000-4000-8000-000000000000',
        dueDate: '2099-01-31',
        households: [inScope],
      },
    }),
    'POST /api/v1/verivali/selection': () => ({
      method: 'POST',
      url: '/api/v1/verivali/selection',
      payload: { households: [inScope] },
    }),
    'DELETE /api/v1/verivali/assignments/:id': () => ({
      method: 'DELETE',
      url: '/api/v1/verivali/assignments/00000000-0000-4000-8000-000000000000',
    }),
    'GET /api/v1/verivali/assignments': () => ({ method: 'GET', url: '/api/v1/verivali/assignments' }),
    'POST /api/v1/verivali/visits': () => ({
      method: 'POST',
      url: '/api/v1/verivali/visits',
      payload: {
        visits: [
          {
            clientId: '00000000-0000-4000-8000-000000000001',
            assignmentId: '00000000-0000-4000-8000-000000000000',
            outcome: 'verified',
            visitedAt: '2025-12-01T08:00:00Z',
            baseVersion: 1,
          },
        ],
      },
    }),
    'GET /api/v1/verivali/progress': () => ({ method: 'GET', url: '/api/v1/verivali/progress' }),
    'GET /api/v1/verivali/verifiers': () => ({ method: 'GET', url: '/api/v1/verivali/verifiers' }),
    'GET /api/v1/users': () => ({ method: 'GET', url: '/api/v1/users' }),
    'POST /api/v1/users': () => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'x', displayName: 'x', role: 'planner', password: 'x' },
    }),
    'POST /api/v1/users/:id/disable': () => ({
      method: 'POST',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000/disable',
    }),
    'POST /api/v1/users/:id/enable': () => ({
      method: 'POST',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000/enable',
    }),
    'POST /api/v1/users/:id/password': () => ({
      method: 'POST',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000/password',
    }),
    'GET /api/v1/audit': () => ({ method: 'GET', url: '/api/v1/audit?limit=5' }),
    'GET /api/v1/audit/export': () => ({ method: 'GET', url: '/api/v1/audit/export?limit=5' }),
    'GET /api/v1/tokens': () => ({ method: 'GET', url: '/api/v1/tokens' }),
    'POST /api/v1/tokens': () => ({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'matriks' } }),
    // No such token: allowed callers get 404.
    'DELETE /api/v1/tokens/:id': () => ({
      method: 'DELETE',
      url: '/api/v1/tokens/00000000-0000-4000-8000-000000000000',
    }),
    'GET /api/v1/admin/tokens': () => ({ method: 'GET', url: '/api/v1/admin/tokens' }),
    'DELETE /api/v1/admin/tokens/:id': () => ({
      method: 'DELETE',
      url: '/api/v1/admin/tokens/00000000-0000-4000-8000-000000000000',
    }),
    'GET /api/v1/tiles/households.json': () => ({ method: 'GET', url: '/api/v1/tiles/households.json' }),
    'GET /api/v1/tiles/households/style.json': () => ({
      method: 'GET',
      url: '/api/v1/tiles/households/style.json',
    }),
  };

  it('has a policy entry and a sample request for every API route the app serves', async () => {
    const doc = (await app.inject('/api/docs/json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(served.sort()).toEqual(Object.keys(ACCESS_POLICY).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(ACCESS_POLICY).sort());
  });

  it.each(Object.keys(ACCESS_POLICY).flatMap((route) => CALLERS.map((caller) => [route, caller] as const)))(
    '%s as %s follows the policy',
    async (route, caller) => {
      // Logout ends the session it is called with: give that call a fresh one.
      const session =
        route === 'POST /api/v1/auth/logout' && caller !== 'anonymous'
          ? await login(app, TEST_USERS.find((u) => u.role === caller)!.username)
          : undefined;
      const opts = SAMPLES[route]!();
      const res = await app.inject(
        session
          ? { ...opts, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } }
          : asCaller(caller, opts),
      );
      const allowed = allows(ACCESS_POLICY[route]!, caller === 'anonymous' ? undefined : caller);
      // Access decisions are told apart from other 4xx (e.g. a failed login) by their problem type.
      const type = String(res.headers['content-type']).includes('problem+json')
        ? res.json<{ type: string }>().type
        : '';
      const denied = ['/api/v1/problems/unauthenticated', '/api/v1/problems/forbidden'].includes(type);
      if (allowed) {
        expect(denied, `${route} as ${caller}: ${res.body}`).toBe(false);
        expect(res.statusCode, res.body).toBeLessThan(500);
      } else {
        expect(res.statusCode, `${route} as ${caller}: ${res.body}`).toBe(caller === 'anonymous' ? 401 : 403);
        expect(denied).toBe(true);
      }
    },
  );

  it('scopes an operator to their kelurahan, answering 404 outside it', async () => {
    const ok = await app.inject(
      asCaller('operator', { method: 'GET', url: `/api/v1/households/${inScope}` }),
    );
    expect(ok.statusCode).toBe(200);
    const hidden = await app.inject(
      asCaller('operator', { method: 'GET', url: `/api/v1/households/${outOfScope}` }),
    );
    expect(hidden.statusCode).toBe(404);
    const planner = await app.inject(
      asCaller('planner', { method: 'GET', url: `/api/v1/households/${outOfScope}` }),
    );
    expect(planner.statusCode).toBe(200);
  });

  it('scopes OPD staff to their programs, answering 404 for another program', async () => {
    const own = await app.inject(asCaller('opd', { method: 'GET', url: '/api/v1/programs/pkh/coverage' }));
    expect(own.statusCode).toBe(200);
    const other = await app.inject(asCaller('opd', { method: 'GET', url: '/api/v1/programs/kip/coverage' }));
    expect(other.statusCode).toBe(404);
    const listed = (await app.inject(asCaller('opd', { method: 'GET', url: '/api/v1/programs' }))).json<
      Array<{ code: string }>
    >();
    expect(listed.map((p) => p.code)).toEqual(['pkh']);
    const planner = await app.inject(
      asCaller('planner', { method: 'GET', url: '/api/v1/programs/kip/coverage' }),
    );
    expect(planner.statusCode).toBe(200);
  });

  it('searches households search-first: exact KK or NIK, or part of a name; scoped, masked, audited', async () => {
    const target = await db
      .knex('households')
      .where({ period_code: '2025-12', id: inScope })
      .first<{ kk: string }>('kk');
    const member = await db
      .knex('members')
      .where({ period_code: '2025-12', household_id: inScope })
      .first<{ nik: string; name: string }>('nik', 'name');
    type Hits = { households: Array<{ id: string; kk: string }>; truncated: boolean };
    const byKk = (
      await app.inject(
        asCaller('planner', { method: 'GET', url: `/api/v1/households?q=${target.kk}&period=2025-12` }),
      )
    ).json<Hits>();
    expect(byKk.households.map((h) => h.id)).toContain(inScope);
    expect(JSON.stringify(byKk)).not.toMatch(/\d{16}/);
    const byNik = (
      await app.inject(
        asCaller('operator', { method: 'GET', url: `/api/v1/households?q=${member.nik}&period=2025-12` }),
      )
    ).json<Hits>();
    expect(byNik.households.map((h) => h.id)).toContain(inScope);
    const byName = (
      await app.inject(
        asCaller('planner', {
          method: 'GET',
          url: `/api/v1/households?q=${encodeURIComponent(member.name)}&period=2025-12`,
        }),
      )
    ).json<Hits>();
    expect(byName.households.length).toBeGreaterThan(0);
    expect(byName.households.length).toBeLessThanOrEqual(20);
    // The operator only finds households of their own kelurahan.
    const wide = (
      await app.inject(
        asCaller('operator', { method: 'GET', url: '/api/v1/households?q=Jl.&period=2025-12' }),
      )
    ).json<Hits>();
    const kels = await db
      .knex('households')
      .whereIn(
        'id',
        wide.households.map((h) => h.id),
      )
      .distinct('kelurahan_code')
      .pluck('kelurahan_code');
    expect(kels).toEqual(['33.74.02.1008']);
    for (const q of ['3374', '12']) {
      const r = await app.inject(
        asCaller('planner', { method: 'GET', url: `/api/v1/households?q=${encodeURIComponent(q)}` }),
      );
      expect(r.statusCode, q).toBe(400);
    }
    // LIKE wildcards in the query are literal characters, not a way to list everyone.
    const wildcards = (
      await app.inject(
        asCaller('planner', { method: 'GET', url: `/api/v1/households?q=${encodeURIComponent('%_%')}` }),
      )
    ).json<Hits>();
    expect(wildcards.households).toEqual([]);
    // Searches are logged, with identifiers in the query masked there too.
    const rows = await db
      .knex('audit_log')
      .where({ entity: 'household_search' })
      .select<Array<{ changes: { q: string } }>>('changes');
    expect(rows.some((r) => /^\d{4}•{8}\d{4}$/.test(r.changes.q))).toBe(true);
    expect(rows.filter((r) => /\d{16}/.test(JSON.stringify(r.changes)))).toEqual([]);
  });

  it('masks NIK and KK by default and logs every person-level read with who, what and why', async () => {
    const res = await app.inject(
      asCaller('planner', { method: 'GET', url: `/api/v1/households/${inScope}` }),
    );
    const body = res.json<{ kk: string; members: Array<{ id: string; nik: string }> }>();
    expect(body.kk).toMatch(/^\d{4}•{8}\d{4}$/);
    for (const m of body.members) expect(m.nik).toMatch(/^\d{4}•{8}\d{4}$/);
    expect(res.body).not.toMatch(/\d{16}/);
    const read = await db
      .knex('audit_log')
      .where({ action: 'read', entity: 'household', username: 't.planner' })
      .orderBy('id', 'desc')
      .first<{ entity_ids: string[]; role: string }>('entity_ids', 'role');
    expect(read.entity_ids).toEqual(expect.arrayContaining([inScope, ...body.members.map((m) => m.id)]));
    expect(read.role).toBe('planner');

    const reason = 'verifikasi lapangan muskel';
    const ids = await app.inject(
      asCaller('operator', {
        method: 'GET',
        url: `/api/v1/households/${inScope}/identifiers?reason=${encodeURIComponent(reason)}`,
      }),
    );
    expect(ids.statusCode).toBe(200);
    expect(ids.json<{ kk: string }>().kk).toMatch(/^\d{16}$/);
    const logged = await db
      .knex('audit_log')
      .where({ entity: 'household_identifiers', username: 't.operator' })
      .orderBy('id', 'desc')
      .first<{ reason: string }>('reason');
    expect(logged.reason).toBe(reason);
    const noReason = await app.inject(
      asCaller('operator', { method: 'GET', url: `/api/v1/households/${inScope}/identifiers` }),
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ detail: string }>().detail).toContain('reason');
  });

  it('keeps NIK, KK, names and household coordinates out of every public response', async () => {
    const names = (await db
      .knex('members')
      .where({ period_code: '2025-07' })
      .limit(400)
      .pluck('name')) as string[];
    const coords = (
      await db.knex.raw<{ rows: Array<{ p: string }> }>(
        `select ST_X(geom)::text || ',' || ST_Y(geom)::text p from households where period_code = '2025-07' limit 300`,
      )
    ).rows.map((r) => r.p);
    for (const [route, access] of Object.entries(ACCESS_POLICY)) {
      if (access !== 'public' || route.startsWith('POST')) continue;
      for (const level of ['kelurahan', 'kecamatan', 'city']) {
        const url =
          route === 'GET /api/v1/stats/households'
            ? `/api/v1/stats/households?level=${level}`
            : SAMPLES[route]!().url!;
        const body = (await app.inject({ method: 'GET', url })).body;
        expect(body, route).not.toMatch(/\b\d{16}\b/);
        for (const x of coords)
          expect(body.includes(x), `${route} contains a household coordinate`).toBe(false);
        for (const n of names.filter((x) => x.includes(' ')))
          expect(body.includes(`"${n}"`), `${route} contains a name`).toBe(false);
      }
    }
  });

  it('publishes no small count and nothing that totals can reveal', async () => {
    const levels = ['kelurahan', 'kecamatan', 'city'] as const;
    const out = Object.fromEntries(
      await Promise.all(
        levels.map(
          async (l) =>
            [
              l,
              (await app.inject(`/api/v1/stats/households?level=${l}`)).json<{
                k: number;
                period: string;
                areas: Array<{ code: string; households: number | null; poor: number | null }>;
              }>(),
            ] as const,
        ),
      ),
    );
    expect(out.city!.period).toBe('2025-07'); // the latest finalized period, not the open one
    const k = out.city!.k;
    const all = levels.flatMap((l) => out[l]!.areas);
    for (const a of all) {
      for (const v of [a.households, a.poor])
        if (v !== null) expect(v === 0 || v >= k, `${a.code}: ${v}`).toBe(true);
    }
    expect(all.some((a) => a.poor === null)).toBe(true); // the demo has small cells to hide
    const parentOf = (code: string) =>
      code.length === 13 ? code.slice(0, 8) : code.length === 8 ? '33.74' : null;
    const cells = all.map((a) => ({ code: a.code, parent: parentOf(a.code) }));
    for (const measure of ['households', 'poor'] as const) {
      const hidden = new Set(all.filter((a) => a[measure] === null).map((a) => a.code));
      expect(disclosedCells(cells, hidden), measure).toEqual([]);
    }
    // Complements too: registered − poor is known wherever both are published, and must not be small either;
    // nor may anything an attacker works out from both measures and their difference at every level.
    for (const a of all)
      if (a.households !== null && a.poor !== null) {
        const rest = a.households - a.poor;
        expect(rest === 0 || rest >= k, `${a.code}: households − poor = ${rest}`).toBe(true);
      }
    const published = new Map(
      (['households', 'poor'] as const).map((m) => [m, new Map(all.map((a) => [a.code, a[m]]))]),
    );
    expect(smallKnownFigures({ cells, published, complements: [['poor', 'households']] }, k)).toEqual([]);
  });

  it('throttles brute force: after five wrong passwords even the right one is refused, answered alike', async () => {
    const fresh = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '100' }));
    try {
      const bodies: string[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await fresh.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 't.opd', password: `wrong-${i}` },
        });
        expect(r.statusCode).toBe(401);
        bodies.push(r.body);
      }
      const right = await fresh.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.opd', password: TEST_PASSWORD },
      });
      expect(right.statusCode).toBe(401);
      expect(new Set([...bodies, right.body]).size).toBe(1);
      expect(
        await db
          .knex('audit_log')
          .where({ action: 'login_failed', username: 't.opd' })
          .count<Array<{ count: number }>>(),
      ).toEqual([{ count: 6 }]);
    } finally {
      await db.knex('login_throttles').whereIn('key', ['user:t.opd', 'ip:127.0.0.1']).delete();
      await fresh.close();
    }
  });

  it('throttles login attempts per client address', async () => {
    const fresh = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' }));
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push(
          (
            await fresh.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { username: `ghost${i}`, password: 'x' },
            })
          ).statusCode,
        );
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await fresh.close();
    }
  });

  it('refuses state-changing requests without the session’s CSRF token, changing nothing', async () => {
    const admin = sessions.get('admin')!;
    const payload = {
      username: 'csrf.victim',
      displayName: 'x',
      role: 'planner',
      password: 'Sangat-Rahasia-2025',
    };
    for (const headers of [{ cookie: admin.cookie }, { cookie: admin.cookie, 'x-csrf-token': 'forged' }]) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/users', payload, headers });
      expect(r.statusCode).toBe(403);
      expect(r.json<{ type: string }>().type).toBe('/api/v1/problems/csrf');
    }
    expect(await db.knex('users').where({ username: 'csrf.victim' }).first()).toBeUndefined();
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and Secure behind HTTPS', async () => {
    const plain = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 't.planner', password: TEST_PASSWORD },
    });
    const c = plain.cookies.find((x) => x.name === 'sidaksos_session')!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(c.secure).toBeFalsy();
    const proxied = await testApp(db.knex, testConfig({ TRUST_PROXY: 'true' }));
    try {
      const https = await proxied.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.planner', password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(https.cookies.find((x) => x.name === 'sidaksos_session')!.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it.each([
    ['GET', `/api/v1/households/1' or '1'='1`, 400],
    [
      'GET',
      '/api/v1/households/00000000-0000-4000-8000-000000000001?period=2025-12%27%3B%20drop%20table%20users%3B--',
      400,
    ],
    ['GET', "/api/v1/audit?username=x'%20or%201=1--", 400],
    ['GET', '/api/v1/audit?entity=household;delete', 400],
    ['GET', '/api/v1/audit?limit=1;drop', 400],
    ['GET', "/api/v1/regions/kelurahan?kecamatan=33.74.01'--", 400],
    ['GET', '/api/v1/stats/households?level=city%27%20or%201=1', 400],
    ['POST', '/api/v1/users', 400],
    ['GET', '/glyphs/..%2F..%2F..%2Fpackage.json', 404],
    ['GET', '/glyphs/%2e%2e/%2e%2e/%2e%2e/package.json', 404],
    ['GET', '/../../../../etc/passwd', 404],
    ['GET', '/api/v1/households/..%2F..%2Fusers', 400],
  ])('%s %s → %i, nothing changed, no SQL or paths leaked', async (method, url, status) => {
    const counts = async () => [await db.knex('users').count(), await db.knex('households').count()];
    const before = await counts();
    const payload =
      method === 'POST'
        ? { username: "x'; drop table users;--", displayName: 'x', role: 'planner', password: 'x' }
        : undefined;
    const res = await app.inject(asCaller('admin', { method: method, url, ...(payload ? { payload } : {}) }));
    expect(res.statusCode).toBe(status);
    expect(res.body).not.toMatch(/select |insert |syntax error|node_modules|\/work\/|"name":"sidaksos"/i);
    expect(await counts()).toEqual(before);
  });

  it('ends the sessions of a disabled user', async () => {
    const admin = sessions.get('admin')!;
    const victim = await login(app, 't.planner');
    const id = (await db.knex('users').where({ username: 't.planner' }).first<{ id: string }>('id')).id;
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/disable`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(r.statusCode).toBe(204);
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: victim.cookie },
    });
    expect(me.json<{ user: unknown }>().user).toBeNull();
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 't.planner', password: TEST_PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
  });
});
