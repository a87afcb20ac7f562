// The audit matrix, derived from the access policy: every route marked person-level (PERSON_LEVEL_ROUTES)
// writes an audit row when it succeeds, and a 'denied' row when a caller the policy refuses tries it. A new
// person-level route without a sample here fails the first test, so the matrix cannot fall behind the policy.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY, allows, PERSON_LEVEL_ROUTES } from '../../server/auth/access-policy.ts';
import { ROLES, type Role } from '../../server/auth/roles.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { codesOf } from '../../server/domain/code-lists.ts';
import { makeNik } from '../../server/domain/nik.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { csvText, household, kelurahanPoint } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008';
const NIL = '00000000-0000-4000-8000-000000000000';

interface AuditRow {
  action: string;
  entity: string;
  entity_ids: string[];
  username: string | null;
  via: string;
}

describe('audit matrix: every person-level route writes its row, every refused attempt too', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  const sessions = new Map<Role, TestSession>();
  let mine: string; // a seeded household in the operator's kelurahan
  let created: string | undefined; // made by POST /households below
  let second: string | undefined; // merged into `created`
  let stepId: string | undefined;
  let needId: string | undefined;
  let jobId: string | undefined;
  let point: { lat: number; lon: number };

  beforeAll(async () => {
    db = await scratchDatabase('audit_matrix');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 400,
      seed: 5,
      periods: ['2025-07', PERIOD],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' }));
    for (const r of ROLES) sessions.set(r, await login(app, `t.${r}`));
    mine = (
      await db
        .knex('households')
        .where({ period_code: PERIOD, kelurahan_code: KEL })
        .first<{ id: string }>('id')
    ).id;
    point = await kelurahanPoint(db.knex, KEL);
  });

  const PNG = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(32, 1),
  ]);
  /** An operator's pending proposal on another household of the kelurahan (evidence is added to it). */
  async function pendingProposal(): Promise<string> {
    const by = await db.knex('users').where({ username: 't.operator' }).first<{ id: string }>('id');
    const other = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL })
      .whereNot({ id: mine })
      .orderBy('id')
      .first<{ id: string }>('id');
    const [row] = await db
      .knex('proposals')
      .insert({
        region_code: '33.74',
        period_code: PERIOD,
        kelurahan_code: KEL,
        household_id: other.id,
        kind: 'change',
        field_groups: ['desil'],
        changes: JSON.stringify({ desil: 2 }),
        before: JSON.stringify({ desil: 5 }),
        proposed_by: by.id,
        base_version: 1,
      })
      .returning<Array<{ id: string }>>('id');
    return row!.id;
  }
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const as = (role: Role | 'anonymous', opts: InjectOptions): InjectOptions => {
    const s = role === 'anonymous' ? undefined : sessions.get(role);
    return {
      ...opts,
      headers: { ...(opts.headers ?? {}), ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) },
    };
  };
  const admin = (opts: InjectOptions) => app.inject(as('admin', opts));
  const version = async (id: string) =>
    (await admin({ method: 'GET', url: `/api/v1/households/${id}` })).json<{ version: number }>().version;
  const lastId = async () =>
    Number((await db.knex('audit_log').max<{ max: string | null }>('id as max').first())!.max ?? 0);
  const rowsAfter = (id: number) =>
    db
      .knex('audit_log')
      .where('id', '>', id)
      .orderBy('id')
      .select<AuditRow[]>('action', 'entity', 'entity_ids', 'username', 'via');
  const nik = (birth: string, sex: 'L' | 'P', serial: number) => makeNik('33.74.02', birth, sex, serial);
  const member = (serial: number, relation: string, birth = '1981-02-03') => ({
    nik: nik(birth, 'L', serial),
    name: `Warga Matriks ${serial}`,
    sex: 'L',
    birthDate: birth,
    relation,
  });
  const newHousehold = (kk: string, serial: number) => ({
    kk,
    kelurahan: KEL,
    address: 'Jl. Matriks No. 1',
    desil: 3,
    location: { lon: point.lon, lat: point.lat },
    members: [member(serial, 'kepala_keluarga')],
  });
  const tileOf = (lon: number, lat: number, z: number) => {
    const n = 2 ** z;
    const x = Math.floor(((lon + 180) / 360) * n);
    const r = (lat * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
    return `${z}/${x}/${y}`;
  };
  const finished = async (id: string) => {
    for (let i = 0; i < 300; i++) {
      const job = (await admin({ method: 'GET', url: `/api/v1/imports/${id}` })).json<{ status: string }>();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };

  /**
   * A request that succeeds for an admin, prepared just before it is sent (so the rows it writes are told
   * apart from the preparation's), in an order where later ones use what earlier ones made.
   */
  const SUCCESS: Array<[route: string, prepare: () => Promise<InjectOptions>, after?: () => Promise<void>]> =
    [
      ['GET /api/v1/households', async () => ({ method: 'GET', url: '/api/v1/households?q=Jl.' })],
      ['GET /api/v1/households/:id', async () => ({ method: 'GET', url: `/api/v1/households/${mine}` })],
      [
        'GET /api/v1/households/by-map-id/:mapId',
        async () => {
          const { map_id } = await db
            .knex('households')
            .where({ period_code: PERIOD, id: mine })
            .first<{ map_id: string }>('map_id');
          return { method: 'GET', url: `/api/v1/households/by-map-id/${map_id}` };
        },
      ],
      [
        'GET /api/v1/households/:id/identifiers',
        async () => ({
          method: 'GET',
          url: `/api/v1/households/${mine}/identifiers?reason=verifikasi%20muskel`,
        }),
      ],
      [
        'GET /api/v1/households/:id/history',
        async () => ({ method: 'GET', url: `/api/v1/households/${mine}/history` }),
      ],
      [
        'POST /api/v1/households',
        async () => ({
          method: 'POST',
          url: '/api/v1/households',
          payload: newHousehold('3374021201259901', 9901),
        }),
      ],
      [
        'PATCH /api/v1/households/:id',
        async () => ({
          method: 'PATCH',
          url: `/api/v1/households/${created}`,
          payload: { version: await version(created!), changes: { desil: 4 } },
        }),
      ],
      [
        'POST /api/v1/households/:id/members',
        async () => ({
          method: 'POST',
          url: `/api/v1/households/${created}/members`,
          payload: { version: await version(created!), member: member(9902, 'anak', '2015-04-05') },
        }),
      ],
      [
        'PATCH /api/v1/households/:id/members/:memberId',
        async () => {
          const rec = (await admin({ method: 'GET', url: `/api/v1/households/${created}` })).json<{
            version: number;
            members: Array<{ id: string }>;
          }>();
          return {
            method: 'PATCH',
            url: `/api/v1/households/${created}/members/${rec.members[0]!.id}`,
            payload: {
              version: rec.version,
              changes: { disabilities: [{ type: 'fisik', severity: 'ringan' }] },
            },
          };
        },
      ],
      [
        'POST /api/v1/households/:id/verify',
        async () => ({
          method: 'POST',
          url: `/api/v1/households/${created}/verify`,
          payload: { version: await version(created!), status: 'verified' },
        }),
      ],
      ['GET /api/v1/duplicates', async () => ({ method: 'GET', url: '/api/v1/duplicates' })],
      [
        'POST /api/v1/households/:id/merge',
        async () => {
          const res = await admin({
            method: 'POST',
            url: '/api/v1/households',
            payload: newHousehold('3374021201259903', 9903),
          });
          second = res.json<{ id: string }>().id;
          return {
            method: 'POST',
            url: `/api/v1/households/${second}/merge`,
            payload: { into: created, version: await version(second), intoVersion: await version(created!) },
          };
        },
      ],
      [
        'GET /api/v1/households/:id/case-plan',
        async () => ({ method: 'GET', url: `/api/v1/households/${mine}/case-plan` }),
      ],
      [
        'POST /api/v1/households/:id/steps',
        async () => ({
          method: 'POST',
          url: `/api/v1/households/${mine}/steps`,
          payload: { action: 'Kunjungan rumah', opd: 'dinsos', program: 'pkh', dueOn: '2099-01-31' },
        }),
      ],
      [
        'PATCH /api/v1/steps/:id',
        async () => ({
          method: 'PATCH',
          url: `/api/v1/steps/${stepId}`,
          payload: { version: 1, status: 'ongoing', startedOn: '2025-12-02' },
        }),
      ],
      [
        'POST /api/v1/households/:id/problems',
        async () => ({
          method: 'POST',
          url: `/api/v1/households/${mine}/problems`,
          payload: { code: (await db.knex('ppks_categories').first<{ code: string }>('code')).code },
        }),
      ],
      [
        'POST /api/v1/households/:id/needs',
        async () => ({
          method: 'POST',
          url: `/api/v1/households/${mine}/needs`,
          payload: { code: (await db.knex('need_categories').first<{ code: string }>('code')).code },
        }),
      ],
      [
        'PATCH /api/v1/needs/:id',
        async () => ({ method: 'PATCH', url: `/api/v1/needs/${needId}`, payload: { met: true } }),
      ],
      ['GET /api/v1/steps/overdue', async () => ({ method: 'GET', url: '/api/v1/steps/overdue' })],
      ['GET /api/v1/steps', async () => ({ method: 'GET', url: '/api/v1/steps?status=planned' })],
      [
        'GET /api/v1/tiles/households/:z/:x/:y.mvt',
        async () => ({
          method: 'GET',
          url: `/api/v1/tiles/households/${tileOf(point.lon, point.lat, 16)}.mvt?period=${PERIOD}`,
        }),
      ],
      [
        'GET /api/v1/programs/:code/targets',
        async () => ({ method: 'GET', url: `/api/v1/programs/pkh/targets?area=${KEL}` }),
      ],
      [
        'POST /api/v1/imports',
        async () => {
          const rows = household({ kk: '3374021201259905', kelurahan: KEL, ...point, size: 2, serial: 905 });
          const bad = {
            ...rows[0]!,
            no_kk: '3374021201259906',
            nik: nik('1990-01-01', 'L', 9906),
            tanggal_lahir: '31/02/1990',
          };
          const body = multipartBody(
            { kind: 'households', period: PERIOD },
            { name: 'keluarga.csv', content: csvText([...rows, bad]) },
          );
          return { method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: body.headers };
        },
        async () => void (await finished(jobId!)),
      ],
      [
        'GET /api/v1/imports/:id/rejects',
        async () => ({ method: 'GET', url: `/api/v1/imports/${jobId}/rejects?format=csv` }),
      ],
      [
        'POST /api/v1/households/:id/leave',
        async () => ({
          method: 'POST',
          url: `/api/v1/households/${created}/leave`,
          payload: { version: await version(created!), reason: 'moved_out', on: '2025-12-01' },
        }),
      ],
      ['GET /api/v1/proposals', async () => ({ method: 'GET', url: `/api/v1/proposals?kelurahan=${KEL}` })],
      [
        'POST /api/v1/proposals/decisions',
        async () => {
          // An operator's pending proposal, as the household edit would have stored it under the policy.
          const by = await db.knex('users').where({ username: 't.operator' }).first<{ id: string }>('id');
          const [row] = await db
            .knex('proposals')
            .insert({
              region_code: '33.74',
              period_code: PERIOD,
              kelurahan_code: KEL,
              household_id: mine,
              kind: 'change',
              field_groups: ['desil'],
              changes: JSON.stringify({ desil: 1 }),
              before: JSON.stringify({ desil: 5 }),
              proposed_by: by.id,
              base_version: await version(mine),
            })
            .returning<Array<{ id: string }>>('id');
          return {
            method: 'POST',
            url: '/api/v1/proposals/decisions',
            payload: { ids: [row!.id], decision: 'reject', reason: 'Tidak sesuai hasil muskel' },
          };
        },
      ],
      [
        'POST /api/v1/verivali/assignments',
        async () => {
          const v = await db.knex('users').where({ username: 't.verifier' }).first<{ id: string }>('id');
          return {
            method: 'POST',
            url: '/api/v1/verivali/assignments',
            payload: { verifierId: v.id, dueDate: '2099-01-31', households: [mine] },
          };
        },
      ],
      [
        'GET /api/v1/verivali/assignments',
        async () => ({ method: 'GET', url: '/api/v1/verivali/assignments' }),
      ],
      // Sent by the verifier itself (the only role that records visits), for the assignment made above.
      [
        'POST /api/v1/verivali/visits',
        async () => {
          const a = await db
            .knex('verification_assignments')
            .where({ household_id: mine })
            .first<{ id: string }>('id');
          return {
            method: 'POST',
            url: '/api/v1/verivali/visits',
            payload: {
              visits: [
                {
                  clientId: randomUUID(),
                  assignmentId: a.id,
                  outcome: 'not_found',
                  visitedAt: '2025-12-02T08:00:00Z',
                  baseVersion: await version(mine),
                },
              ],
            },
          };
        },
      ],
      ['GET /api/v1/verivali/progress', async () => ({ method: 'GET', url: '/api/v1/verivali/progress' })],
      // An open assignment of another household, made for the purpose, taken back.
      [
        'DELETE /api/v1/verivali/assignments/:id',
        async () => {
          const v = await db.knex('users').where({ username: 't.verifier' }).first<{ id: string }>('id');
          // Active: the samples before this one may have merged or removed some of the kelurahan's households.
          const other = await db
            .knex('households')
            .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
            .whereNot({ id: mine })
            .orderBy('id', 'desc')
            .first<{ id: string }>('id');
          const made = await admin({
            method: 'POST',
            url: '/api/v1/verivali/assignments',
            payload: { verifierId: v.id, dueDate: '2099-01-31', households: [other.id] },
          });
          expect(made.statusCode, made.body).toBe(200);
          const a = await db
            .knex('verification_assignments')
            .where({ household_id: other.id, status: 'open' })
            .first<{ id: string }>('id');
          return { method: 'DELETE', url: `/api/v1/verivali/assignments/${a.id}` };
        },
      ],
      ['GET /api/v1/areas/:code/rt-rw', async () => ({ method: 'GET', url: `/api/v1/areas/${KEL}/rt-rw` })],
      [
        'GET /api/v1/areas/:code/muskel.pdf',
        async () => ({ method: 'GET', url: `/api/v1/areas/${KEL}/muskel.pdf` }),
      ],
      [
        'POST /api/v1/areas/:code/muskel/decisions',
        async () => ({
          method: 'POST',
          url: `/api/v1/areas/${KEL}/muskel/decisions`,
          payload: {
            period: PERIOD,
            muskelOn: '2025-11-20',
            decisions: [{ householdId: mine, decision: 'keep' }],
          },
        }),
      ],
      [
        'GET /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara/:id',
        async () => {
          const { payload, headers } = multipartBody(
            {},
            { name: 'ba.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
          );
          const url = `/api/v1/periods/${PERIOD}/kelurahan/${KEL}/berita-acara`;
          const scan = await admin({ method: 'POST', url, payload, headers });
          expect(scan.statusCode, scan.body).toBe(201);
          return { method: 'GET', url: `${url}/${scan.json<{ id: string }>().id}` };
        },
      ],
      [
        'POST /api/v1/proposals/:id/evidence',
        async () => {
          const { payload, headers } = multipartBody({}, { name: 'rumah.png', content: PNG });
          return {
            method: 'POST',
            url: `/api/v1/proposals/${await pendingProposal()}/evidence`,
            payload,
            headers,
          };
        },
      ],
      [
        'GET /api/v1/proposals/:id/evidence/:evidenceId',
        async () => {
          const id = await pendingProposal();
          const { payload, headers } = multipartBody(
            {},
            { name: 'surat.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') },
          );
          const url = `/api/v1/proposals/${id}/evidence`;
          const file = await admin({ method: 'POST', url, payload, headers });
          expect(file.statusCode, file.body).toBe(201);
          return { method: 'GET', url: `${url}/${file.json<{ id: string }>().id}` };
        },
      ],
      ['GET /api/v1/audit', async () => ({ method: 'GET', url: '/api/v1/audit?limit=5' })],
      ['GET /api/v1/audit/export', async () => ({ method: 'GET', url: '/api/v1/audit/export?limit=5' })],
    ];

  it('has a successful sample for every person-level route, and every such route is in the policy', () => {
    expect(SUCCESS.map(([r]) => r).sort()).toEqual([...PERSON_LEVEL_ROUTES].sort());
    for (const r of PERSON_LEVEL_ROUTES) expect(ACCESS_POLICY[r], r).toBeDefined();
  });

  it.each(SUCCESS.map(([route], i) => [route, i] as const))('%s writes its audit row', async (route, i) => {
    const [, prepare, after] = SUCCESS[i]!;
    const opts = await prepare();
    const before = await lastId();
    const caller: Role = route === 'POST /api/v1/verivali/visits' ? 'verifier' : 'admin';
    const res = await app.inject(as(caller, opts));
    expect(res.statusCode, `${route}: ${res.body}`).toBeLessThan(300);
    if (route === 'POST /api/v1/households') created = res.json<{ id: string }>().id;
    if (route === 'POST /api/v1/households/:id/steps') stepId = res.json<{ id: string }>().id;
    if (route === 'POST /api/v1/households/:id/needs') needId = res.json<{ id: string }>().id;
    if (route === 'POST /api/v1/imports') jobId = res.json<{ id: string }>().id;
    await after?.();
    const rows = await rowsAfter(before);
    const own = rows.filter((r) => r.username === `t.${caller}` && r.action !== 'denied');
    expect(own.length, `${route} wrote no audit row`).toBeGreaterThan(0);
    expect(own.every((r) => r.via === 'api')).toBe(true);
  });

  const REFUSED = [...PERSON_LEVEL_ROUTES].flatMap((route) =>
    (['anonymous', ...ROLES] as const)
      .filter((c) => !allows(ACCESS_POLICY[route]!, c === 'anonymous' ? undefined : c))
      .map((caller) => [route, caller] as const),
  );

  it.each(REFUSED)('%s refused to %s is audited as denied', async (route, caller) => {
    const [method, path] = route.split(' ') as [InjectOptions['method'], string];
    const url = path
      .replace(':z/:x/:y', '16/52186/34076')
      .replace(/:(id|memberId|code)/g, (_, p: string) => (p === 'code' ? 'pkh' : p === 'id' ? mine : NIL));
    const before = await lastId();
    const res = await app.inject(as(caller, { method, url, payload: method === 'GET' ? undefined : {} }));
    expect(res.statusCode).toBe(caller === 'anonymous' ? 401 : 403);
    const rows = await rowsAfter(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'denied',
      entity: 'route',
      entity_ids: [route],
      username: caller === 'anonymous' ? null : `t.${caller}`,
    });
  });

  // Runs last: every entity the samples above wrote (and the seed and logins before them) has a label the audit
  // screen shows, so the log never shows a raw code (#16). A new entity needs an auditEntity entry.
  it('labels every entity it wrote in the audit screen code list', async () => {
    const written = (await db.knex('audit_log').distinct('entity').pluck('entity')) as string[];
    expect(written.length).toBeGreaterThan(10);
    const labelled = new Set<string>(codesOf('auditEntity'));
    expect(written.filter((e) => !labelled.has(e))).toEqual([]);
  });
});
