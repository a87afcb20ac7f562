// Verivali field work, before and after an assignment (#20 item 3): the count of what a selection would assign
// (a box drawn on the map shows no households, so the form asks) equals the households the assignment then
// takes, and counts those it would move from another verifier; an open assignment can be taken back (audited),
// a visited one cannot, and an operator cannot touch another kelurahan's.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import {
  createTestUsers,
  login,
  TEST_PASSWORD,
  userAdmin,
  type TestSession,
} from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008'; // the test operator's and verifier's kelurahan
const OTHER_KEL = '33.74.02.1009';
const DUE = '2099-06-30';

interface Counted {
  period: string;
  households: number;
  assignedOpen: number;
  max: number;
}

describe('verivali selection count and taking an assignment back', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  let verifierId: string;
  /** A box around the middle of the kelurahan's households (about half of them). */
  let box: [number, number, number, number];

  const as = (who: string, opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: { ...opts.headers, cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf },
    });
  const count = (who: string, payload: Record<string, unknown>) =>
    as(who, { method: 'POST', url: '/api/v1/verivali/selection', payload });
  const assign = (who: string, payload: Record<string, unknown>) =>
    as(who, {
      method: 'POST',
      url: '/api/v1/verivali/assignments',
      payload: { verifierId, dueDate: DUE, ...payload },
    });
  const cancel = (who: string, id: string, lang = 'id') =>
    as(who, {
      method: 'DELETE',
      url: `/api/v1/verivali/assignments/${id}`,
      headers: { 'accept-language': lang },
    });
  /** One visit from the verifier's phone, made `agoMs` before it is sent. */
  const visit = (assignmentId: string, baseVersion: number, outcome: string, agoMs: number) =>
    as('verifier', {
      method: 'POST',
      url: '/api/v1/verivali/visits',
      payload: {
        visits: [
          {
            clientId: randomUUID(),
            assignmentId,
            outcome,
            visitedAt: new Date(Date.now() - agoMs).toISOString(),
            baseVersion,
          },
        ],
      },
    });
  const openOf = (householdId: string) =>
    db
      .knex('verification_assignments')
      .where({ period_code: PERIOD, household_id: householdId, status: 'open' })
      .first<{ id: string } | undefined>('id');

  beforeAll(async () => {
    db = await scratchDatabase('verivali_selection');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 3000, seed: 43, periods: [PERIOD] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    await userAdmin(db.knex).create({
      username: 't.verifier2',
      displayName: 'Pendamping Dua',
      role: 'verifier',
      kelurahan: [KEL],
      password: TEST_PASSWORD,
    });
    for (const who of ['admin', 'operator', 'verifier', 'verifier2']) s[who] = await login(app, `t.${who}`);
    verifierId = (await db.knex('users').where({ username: 't.verifier' }).first<{ id: string }>('id')).id;
    const { rows } = await db.knex.raw<{ rows: Array<{ b: number[] }> }>(
      `select array[percentile_cont(0.25) within group (order by ST_X(geom)), percentile_cont(0.25) within group (order by ST_Y(geom)),
                    percentile_cont(0.75) within group (order by ST_X(geom)), percentile_cont(0.75) within group (order by ST_Y(geom))] b
       from households where period_code = ? and kelurahan_code = ? and status = 'active' and geom is not null`,
      [PERIOD, KEL],
    );
    box = rows[0]!.b as [number, number, number, number];
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts a box before it is assigned, and the assignment takes exactly those households', async () => {
    const res = await count('operator', { period: PERIOD, kelurahan: KEL, bbox: box });
    expect(res.statusCode, res.body).toBe(200);
    const counted = res.json<Counted>();
    const { rows } = await db.knex.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int n from households where period_code = ? and kelurahan_code = ? and status = 'active'
         and geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)`,
      [PERIOD, KEL, ...box],
    );
    expect(counted).toEqual({ period: PERIOD, households: rows[0]!.n, assignedOpen: 0, max: 5000 });
    expect(counted.households).toBeGreaterThan(2);
    // Nothing was assigned by counting.
    const none = await db.knex('verification_assignments').count<[{ count: string }]>('* as count');
    expect(Number(none[0]!.count)).toBe(0);
    const assigned = await assign('operator', { period: PERIOD, kelurahan: KEL, bbox: box });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json<{ householdIds: string[] }>().householdIds).toHaveLength(counted.households);
  });

  it('counts, for the whole kelurahan, how many are assigned already (and would move)', async () => {
    const whole = (await count('admin', { period: PERIOD, kelurahan: KEL })).json<Counted>();
    const active = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .count<[{ count: string }]>('* as count');
    const open = await db
      .knex('verification_assignments')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'open' })
      .count<[{ count: string }]>('* as count');
    expect(whole.households).toBe(Number(active[0]!.count));
    expect(whole.assignedOpen).toBe(Number(open[0]!.count));
    expect(whole.assignedOpen).toBeGreaterThan(0);
    expect(whole.assignedOpen).toBeLessThan(whole.households);
  });

  it("refuses to count another kelurahan's households for an operator, and a selection that names two ways", async () => {
    const outside = await count('operator', { period: PERIOD, kelurahan: OTHER_KEL });
    expect(outside.statusCode).toBe(404);
    const two = await count('operator', {
      period: PERIOD,
      kelurahan: KEL,
      bbox: box,
      polygon: undefined,
      households: [randomUUID()],
    });
    expect(two.statusCode).toBe(400);
  });

  it('takes an open assignment back, audited, and the household can be assigned again', async () => {
    const household = await db
      .knex('verification_assignments')
      .where({ period_code: PERIOD, status: 'open' })
      .orderBy('household_id')
      .first<{ household_id: string; id: string }>('household_id', 'id');
    const res = await cancel('operator', household.id);
    expect(res.statusCode, res.body).toBe(204);
    expect(await openOf(household.household_id)).toBeUndefined();
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'verification_assignment', username: 't.operator', action: 'update' })
      .orderBy('id', 'desc')
      .first<{ entity_ids: string[]; changes: Record<string, unknown> }>('entity_ids', 'changes');
    expect(audit).toMatchObject({
      entity_ids: [household.household_id],
      changes: { verifier: ['t.verifier', null], due_date: [DUE, null], cancelled: [false, true] },
    });
    // Taken back twice: there is nothing left to take back.
    expect((await cancel('operator', household.id)).statusCode).toBe(404);
    // Gone from the verifier's list; a visit their phone recorded before it heard of this is still recorded.
    const mine = (await as('verifier', { method: 'GET', url: '/api/v1/verivali/assignments' })).json<{
      assignments: Array<{ id: string }>;
    }>().assignments;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((x) => x.id)).not.toContain(household.id);
    const { version } = await db
      .knex('households')
      .where({ period_code: PERIOD, id: household.household_id })
      .first<{ version: number }>('version');
    const late = await visit(household.id, version, 'verified', 3_600_000);
    expect(late.statusCode, late.body).toBe(201);
    expect(await db.knex('verification_assignments').where({ id: household.id }).pluck('status')).toEqual([
      'visited',
    ]);
    const visitAudit = await db
      .knex('audit_log')
      .where({ entity: 'verification_visit', username: 't.verifier' })
      .orderBy('id', 'desc')
      .first<{ changes: Record<string, unknown> }>('changes');
    expect(visitAudit.changes.assignment_status).toEqual(['cancelled', 'visited']);
    const again = await assign('operator', { period: PERIOD, households: [household.household_id] });
    expect(again.json<{ assigned: number }>().assigned).toBe(1);
  });

  it('keeps an open assignment whose visit was stale (a conflict): taking it back would lose that visit', async () => {
    const list = (await as('verifier', { method: 'GET', url: '/api/v1/verivali/assignments' })).json<{
      assignments: Array<{ id: string; householdId: string; version: number; status: string }>;
    }>().assignments;
    const a = list.filter((x) => x.status === 'open').at(-1)!;
    // The record changed since the verifier's list was loaded: the visit is kept as a conflict.
    await db.knex('households').where({ period_code: PERIOD, id: a.householdId }).increment('version', 1);
    const stale = await visit(a.id, a.version, 'verified', 60_000);
    expect(stale.statusCode, stale.body).toBe(409);
    expect(await openOf(a.householdId)).toBeDefined();
    expect((await cancel('operator', a.id)).statusCode).toBe(409);
    const visits = await db.knex('verification_visits').where({ assignment_id: a.id }).select('status');
    expect(visits).toEqual([{ status: 'conflict' }]);
  });

  it('keeps a visited assignment (409, in the caller language) and hides other kelurahan from an operator (404)', async () => {
    const a = (await as('verifier', { method: 'GET', url: '/api/v1/verivali/assignments' })).json<{
      assignments: Array<{ id: string; version: number }>;
    }>().assignments[0]!;
    const visited = await visit(a.id, a.version, 'not_found', 60_000);
    expect(visited.statusCode, visited.body).toBe(201);
    const kept = await cancel('admin', a.id, 'en');
    expect(kept.statusCode).toBe(409);
    expect(kept.json<{ detail: string }>().detail).toMatch(/visit has been recorded/);
    expect((await cancel('admin', a.id, 'id')).json<{ detail: string }>().detail).toMatch(
      /Sudah ada kunjungan yang tercatat/,
    );
    // An open assignment in another kelurahan (the admin's): the operator may not see it.
    const other = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: OTHER_KEL, status: 'active' })
      .first<{ id: string }>('id');
    const users = await db.knex('users').where({ username: 't.admin' }).first<{ id: string }>('id');
    const [row] = await db
      .knex('verification_assignments')
      .insert({
        region_code: '33.74',
        period_code: PERIOD,
        household_id: other.id,
        kelurahan_code: OTHER_KEL,
        verifier_id: verifierId,
        assigned_by: users.id,
        due_date: DUE,
      })
      .returning<Array<{ id: string }>>('id');
    expect((await cancel('operator', row!.id)).statusCode).toBe(404);
    expect(await openOf(other.id)).toBeDefined();
  });

  it("moves a household to another verifier without losing the first one's visit sent late", async () => {
    const a = (
      await as('verifier', { method: 'GET', url: '/api/v1/verivali/assignments?status=open' })
    ).json<{
      assignments: Array<{ id: string; householdId: string; version: number }>;
    }>().assignments[0]!;
    const second = (await db.knex('users').where({ username: 't.verifier2' }).first<{ id: string }>('id')).id;
    const moved = await as('operator', {
      method: 'POST',
      url: '/api/v1/verivali/assignments',
      payload: { verifierId: second, dueDate: DUE, period: PERIOD, households: [a.householdId] },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ assigned: 0, reassigned: 1 });
    const rows = () =>
      db
        .knex('verification_assignments as v')
        .join('users as u', 'u.id', 'v.verifier_id')
        .where({ 'v.period_code': PERIOD, 'v.household_id': a.householdId })
        .orderBy('v.assigned_at')
        .select<Array<{ username: string; status: string }>>('u.username', 'v.status');
    // The first verifier's row is kept as taken back; the second has one of its own.
    expect(await rows()).toEqual([
      { username: 't.verifier', status: 'cancelled' },
      { username: 't.verifier2', status: 'open' },
    ]);
    const first = (await as('verifier', { method: 'GET', url: '/api/v1/verivali/assignments' })).json<{
      assignments: Array<{ id: string }>;
    }>().assignments;
    expect(first.map((x) => x.id)).not.toContain(a.id);
    // Not even when asked for taken-back ones: no list shows them.
    const asked = (
      await as('verifier', { method: 'GET', url: '/api/v1/verivali/assignments?status=cancelled' })
    ).json<{ assignments: unknown[] }>().assignments;
    expect(asked).toEqual([]);
    // The first verifier's phone sends the visit it recorded before: recorded, and the household needs no
    // second visit, so the second verifier's open assignment is taken back.
    const late = await visit(a.id, a.version, 'verified', 7_200_000);
    expect(late.statusCode, late.body).toBe(201);
    expect(await rows()).toEqual([
      { username: 't.verifier', status: 'visited' },
      { username: 't.verifier2', status: 'cancelled' },
    ]);
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'verification_visit', username: 't.verifier' })
      .orderBy('id', 'desc')
      .first<{ changes: Record<string, unknown> }>('changes');
    expect(audit.changes).toMatchObject({
      assignment_status: ['cancelled', 'visited'],
      open_taken_back: [0, 1],
    });
    // Progress counts the household once, as visited.
    const progress = (
      await as('operator', {
        method: 'GET',
        url: `/api/v1/verivali/progress?period=${PERIOD}&kelurahan=${KEL}`,
      })
    ).json<{ rows: Array<{ assigned: number; visited: number }> }>().rows;
    const open = await db
      .knex('verification_assignments')
      .where({ period_code: PERIOD, kelurahan_code: KEL })
      .whereNot('status', 'cancelled')
      .count<[{ count: string }]>('* as count');
    expect(progress.reduce((n, r) => n + r.assigned, 0)).toBe(Number(open[0]!.count));
  });
});
