// Verivali field work (#20 item 3): households are assigned to field verifiers by RW, by list and by a map
// polygon, within the verifier's and the operator's kelurahan; a verifier sees only its own assignments and no
// other record route; visits are recorded with the phone's time and the verifier, a `changed` one as a pending
// proposal the registry does not show, a stale one as a conflict that overwrites nothing, a resent one once;
// progress equals counts made here from the tables; a finalized period refuses.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { systemActor } from '../../server/services/actor.ts';
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

interface Assignment {
  id: string;
  householdId: string;
  kk: string;
  headNik: string | null;
  version: number;
  status: string;
  fields?: { desil: number | null };
}
interface VisitResult {
  clientId: string;
  status: number;
  visit?: { id: string; status: string; proposalId: string | null; visitedAt: string };
  problem?: { type: string };
}

describe('verivali field work', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  const ids: Record<string, string> = {};
  let rwHouseholds: string[];
  let rws: number[];

  const as = (who: string, opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: { ...opts.headers, cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf },
    });
  const assign = (who: string, payload: Record<string, unknown>, query = '') =>
    as(who, { method: 'POST', url: `/api/v1/verivali/assignments${query}`, payload });
  const visit = (who: string, visits: Array<Record<string, unknown>>) =>
    as(who, { method: 'POST', url: '/api/v1/verivali/visits', payload: { visits } });
  const mine = async (who = 'verifier') =>
    (await as(who, { method: 'GET', url: '/api/v1/verivali/assignments' })).json<{
      assignments: Assignment[];
    }>().assignments;
  const household = (id: string) =>
    db
      .knex('households')
      .where({ period_code: PERIOD, id })
      .first<{ desil: number | null; version: number; status: string }>('desil', 'version', 'status');

  beforeAll(async () => {
    db = await scratchDatabase('verivali');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1500,
      seed: 41,
      periods: ['2025-07', PERIOD],
    });
    await createTestUsers(db.knex);
    const users = userAdmin(db.knex);
    await users.create({
      username: 't.verifier2',
      displayName: 'Pendamping lain',
      role: 'verifier',
      password: TEST_PASSWORD,
      kelurahan: [OTHER_KEL],
    });
    await users.create({
      username: 't.roamer',
      displayName: 'Enumerator',
      role: 'verifier',
      password: TEST_PASSWORD,
    });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    for (const who of ['admin', 'planner', 'operator', 'verifier', 'verifier2', 'roamer'])
      s[who] = await login(app, `t.${who}`);
    for (const u of await db.knex('users').select<Array<{ id: string; username: string }>>('id', 'username'))
      ids[u.username.replace(/^t\./, '')] = u.id;
    // The three RWs of the kelurahan with the most active households.
    rws = (await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .whereNotNull('rw')
      .groupBy('rw')
      .orderByRaw('count(*) desc, rw')
      .limit(3)
      .pluck('rw')) as number[];
    rwHouseholds = (await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .whereIn('rw', rws)
      .orderBy('id')
      .pluck('id')) as string[];
    expect(rwHouseholds.length).toBeGreaterThan(3);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('assigns a RW to a verifier of the kelurahan (operator), recorded with who and when', async () => {
    const res = await assign('operator', {
      verifierId: ids.verifier,
      dueDate: DUE,
      kelurahan: KEL,
      rw: rws,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ period: PERIOD, assigned: rwHouseholds.length, reassigned: 0 });
    const rows = await db
      .knex('verification_assignments')
      .where({ period_code: PERIOD, verifier_id: ids.verifier })
      .select<Array<{ household_id: string; assigned_by: string; due_date: Date; status: string }>>('*');
    expect(rows.map((r) => r.household_id).sort()).toEqual(rwHouseholds);
    expect(rows.every((r) => r.assigned_by === ids.operator && r.status === 'open')).toBe(true);
  });

  it('assigns by a map polygon exactly the active households inside it', async () => {
    const pts = await db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
      `select st_x(geom) x, st_y(geom) y from households
       where period_code = ? and kelurahan_code = ? and status = 'active' and geom is not null
         and (rw is null or rw <> all(?)) order by id limit 3`,
      [PERIOD, KEL, rws],
    );
    const xs = pts.rows.map((p) => p.x);
    const ys = pts.rows.map((p) => p.y);
    const [w, e, so, n] = [
      Math.min(...xs) - 1e-4,
      Math.max(...xs) + 1e-4,
      Math.min(...ys) - 1e-4,
      Math.max(...ys) + 1e-4,
    ];
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [w, so],
          [e, so],
          [e, n],
          [w, n],
          [w, so],
        ],
      ],
    };
    const expected = await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active', kelurahan_code: KEL })
      .whereRaw('st_intersects(geom, st_makeenvelope(?, ?, ?, ?, 4326))', [w, so, e, n])
      .orderBy('id')
      .pluck('id');
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const res = await assign('admin', { verifierId: ids.verifier, dueDate: DUE, kelurahan: KEL, polygon });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ householdIds: string[] }>().householdIds.sort()).toEqual(expected);
    // An open ring is refused before anything is read.
    const open = await assign('admin', {
      verifierId: ids.verifier,
      dueDate: DUE,
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [w, so],
            [e, so],
            [e, n],
            [w, n],
          ],
        ],
      },
    });
    expect(open.statusCode).toBe(400);
  });

  it('refuses a verifier outside the kelurahan, households outside the operator’s, unknown ones, localized', async () => {
    const outOfScope = await assign(
      'operator',
      { verifierId: ids.verifier2, dueDate: DUE, households: [rwHouseholds[0]] },
      '?lang=id',
    );
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json<{ detail: string }>().detail).toContain(
      'tidak bertugas di kelurahan 33.74.02.1008',
    );
    const english = await assign(
      'operator',
      { verifierId: ids.verifier2, dueDate: DUE, households: [rwHouseholds[0]] },
      '?lang=en',
    );
    expect(english.json<{ detail: string }>().detail).toContain('does not work in kelurahan 33.74.02.1008');
    const unscoped = await assign('operator', {
      verifierId: ids.roamer,
      dueDate: DUE,
      households: [rwHouseholds[0]],
    });
    expect(unscoped.statusCode).toBe(400);
    const elsewhere = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: OTHER_KEL })
      .first<{ id: string }>('id');
    const foreign = await assign('operator', {
      verifierId: ids.verifier,
      dueDate: DUE,
      households: [elsewhere.id],
    });
    expect(foreign.statusCode).toBe(404);
    const byRwElsewhere = await assign('operator', {
      verifierId: ids.verifier2,
      dueDate: DUE,
      kelurahan: OTHER_KEL,
    });
    expect(byRwElsewhere.statusCode).toBe(404);
    const unknown = await assign('admin', {
      verifierId: ids.verifier,
      dueDate: DUE,
      households: [randomUUID()],
    });
    expect(unknown.statusCode).toBe(404);
    const notVerifier = await assign('admin', {
      verifierId: ids.operator,
      dueDate: DUE,
      households: [rwHouseholds[0]],
    });
    expect(notVerifier.statusCode).toBe(400);
    const twoWays = await assign('admin', {
      verifierId: ids.verifier,
      dueDate: DUE,
      households: [rwHouseholds[0]],
      kelurahan: KEL,
    });
    expect(twoWays.statusCode).toBe(400);
    // Nothing of these was stored: only the two selections above.
    const count = await db.knex('verification_assignments').count<{ count: string }>('* as count').first();
    expect(Number(count!.count)).toBe(
      new Set([...rwHouseholds, ...(await mine()).map((a) => a.householdId)]).size,
    );
  });

  it('shows a verifier only its own households, masked and audited; every other record route refuses', async () => {
    const list = await mine();
    const own = (await db
      .knex('verification_assignments')
      .where({ verifier_id: ids.verifier })
      .pluck('household_id')) as string[];
    expect(list.map((a) => a.householdId).sort()).toEqual([...own].sort());
    expect(JSON.stringify(list)).not.toMatch(/\d{16}/);
    expect(list[0]!.kk).toMatch(/^\d{4}•{8}\d{4}$/);
    expect(list[0]!.fields).toBeDefined();
    expect(await mine('verifier2')).toEqual([]);
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'verification_assignments', username: 't.verifier' })
      .first<{ entity_ids: string[]; role: string }>('entity_ids', 'role');
    expect(audit.role).toBe('verifier');
    expect([...audit.entity_ids].sort()).toEqual([...own].sort());
    for (const url of [
      `/api/v1/households/${own[0]}`,
      `/api/v1/households?q=Jl.`,
      `/api/v1/households/${own[0]}/history`,
      `/api/v1/areas/${KEL}/rt-rw`,
      `/api/v1/verivali/progress`,
      `/api/v1/proposals`,
      `/api/v1/tiles/households/16/52186/34076.mvt`,
    ])
      expect((await as('verifier', { method: 'GET', url })).statusCode, url).toBe(403);
    expect(
      (await assign('verifier', { verifierId: ids.verifier, dueDate: DUE, households: [own[0]] })).statusCode,
    ).toBe(403);
    // Staff see the kelurahan's assignments with their verifier; operators only their kelurahan.
    const staff = await as('operator', {
      method: 'GET',
      url: `/api/v1/verivali/assignments?kelurahan=${KEL}`,
    });
    expect(staff.json<{ assignments: Assignment[] }>().assignments).toHaveLength(own.length);
    expect(
      (await as('operator', { method: 'GET', url: `/api/v1/verivali/assignments?kelurahan=${OTHER_KEL}` }))
        .statusCode,
    ).toBe(404);
  });

  it('records outcomes with the phone’s time and the verifier; a resend is answered, not recorded twice', async () => {
    const [a] = await mine();
    const clientId = randomUUID();
    const at = '2025-12-02T09:15:00.000Z';
    const item = {
      clientId,
      assignmentId: a!.id,
      outcome: 'verified',
      visitedAt: at,
      baseVersion: a!.version,
    };
    const first = await visit('verifier', [item]);
    expect(first.statusCode, first.body).toBe(201);
    const row = await db
      .knex('verification_visits')
      .where({ client_id: clientId })
      .first<{ verifier_id: string; visited_at: Date; recorded_at: Date; status: string; outcome: string }>(
        '*',
      );
    expect(row).toMatchObject({ verifier_id: ids.verifier, status: 'recorded', outcome: 'verified' });
    expect(row.visited_at.toISOString()).toBe(at);
    expect(row.recorded_at.getTime()).toBeGreaterThan(row.visited_at.getTime());
    const again = await visit('verifier', [item]);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ results: VisitResult[] }>().results[0]!.visit!.id).toBe(
      first.json<{ results: VisitResult[] }>().results[0]!.visit!.id,
    );
    const recorded = await db
      .knex('verification_visits')
      .where({ client_id: clientId })
      .count<{ c: string }>('* as c')
      .first();
    expect(Number(recorded!.c)).toBe(1);
    const status = await db
      .knex('verification_assignments')
      .where({ id: a!.id })
      .first<{ status: string }>('status');
    expect(status.status).toBe('visited');
    // Another verifier's assignment is not there for it.
    const other = await visit('verifier2', [{ ...item, clientId: randomUUID() }]);
    expect(other.statusCode).toBe(404);
  });

  it('turns a `changed` visit into a pending proposal the registry does not show', async () => {
    const a = (await mine()).find((x) => x.status === 'open')!;
    const before = await household(a.householdId);
    const desil = before.desil === 1 ? 2 : 1;
    const res = await visit('verifier', [
      {
        clientId: randomUUID(),
        assignmentId: a.id,
        outcome: 'changed',
        visitedAt: '2025-12-03T02:00:00Z',
        baseVersion: a.version,
        changes: { desil },
        note: 'Kerja serabutan',
      },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const proposalId = res.json<{ results: VisitResult[] }>().results[0]!.visit!.proposalId;
    const proposal = await db
      .knex('proposals')
      .where({ id: proposalId })
      .first<{ status: string; kind: string; changes: unknown; proposed_by: string }>('*');
    expect(proposal).toMatchObject({
      status: 'pending',
      kind: 'change',
      changes: { desil },
      proposed_by: ids.verifier,
    });
    expect(await household(a.householdId)).toEqual(before);
    const record = (await as('admin', { method: 'GET', url: `/api/v1/households/${a.householdId}` })).json<{
      desil: number | null;
    }>();
    expect(record.desil).toBe(before.desil);
    // A change the field rules refuse is refused for the visit too, and nothing is recorded.
    const b = (await mine()).find((x) => x.status === 'open')!;
    const bad = await visit('verifier', [
      {
        clientId: randomUUID(),
        assignmentId: b.id,
        outcome: 'changed',
        visitedAt: '2025-12-03T02:00:00Z',
        baseVersion: b.version,
        changes: { desil: 11 },
      },
    ]);
    expect(bad.statusCode).toBe(400);
    // moved becomes a removal proposal; the household stays active.
    const moved = await visit('verifier', [
      {
        clientId: randomUUID(),
        assignmentId: b.id,
        outcome: 'moved',
        visitedAt: '2025-12-03T03:00:00Z',
        baseVersion: b.version,
      },
    ]);
    expect(moved.statusCode, moved.body).toBe(201);
    const removal = await db
      .knex('proposals')
      .where({ id: moved.json<{ results: VisitResult[] }>().results[0]!.visit!.proposalId })
      .first<{ kind: string; status: string }>('kind', 'status');
    expect(removal).toEqual({ kind: 'removal', status: 'pending' });
    expect((await household(b.householdId)).status).toBe('active');
  });

  it('keeps a visit on a stale version as a conflict: 409 with the current record, nothing overwritten', async () => {
    const a = (await mine()).find((x) => x.status === 'open')!;
    const before = await household(a.householdId);
    const desil = before.desil === 9 ? 8 : 9;
    const edit = await as('admin', {
      method: 'PATCH',
      url: `/api/v1/households/${a.householdId}`,
      payload: { version: a.version, changes: { desil } },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const proposals = await db.knex('proposals').count<{ c: string }>('* as c').first();
    const clientId = randomUUID();
    const res = await visit('verifier', [
      {
        clientId,
        assignmentId: a.id,
        outcome: 'changed',
        visitedAt: '2025-12-03T04:00:00Z',
        baseVersion: a.version,
        changes: { desil: 2 },
      },
    ]);
    expect(res.statusCode).toBe(409);
    const body = res.json<{ type: string; current: { version: number; fields: { desil: number } } }>();
    expect(body.type).toBe('/api/v1/problems/stale-version');
    expect(body.current).toMatchObject({ version: a.version + 1, fields: { desil } });
    expect(await household(a.householdId)).toMatchObject({ desil, version: a.version + 1 });
    expect(await db.knex('proposals').count<{ c: string }>('* as c').first()).toEqual(proposals);
    const row = await db
      .knex('verification_visits')
      .where({ client_id: clientId })
      .first<{ status: string; base_version: number; current_version: number }>('*');
    expect(row).toMatchObject({
      status: 'conflict',
      base_version: a.version,
      current_version: a.version + 1,
    });
    expect(
      (await db.knex('verification_assignments').where({ id: a.id }).first<{ status: string }>('status'))
        .status,
    ).toBe('open');
  });

  it('answers a queued batch item by item (207)', async () => {
    const open = (await mine()).filter((x) => x.status === 'open');
    const foreign = await assign('admin', {
      verifierId: ids.verifier2,
      dueDate: DUE,
      households: [
        (
          await db
            .knex('households')
            .where({ period_code: PERIOD, kelurahan_code: OTHER_KEL, status: 'active' })
            .first<{ id: string }>('id')
        ).id,
      ],
    });
    expect(foreign.statusCode).toBe(200);
    const theirs = await db
      .knex('verification_assignments')
      .where({ verifier_id: ids.verifier2 })
      .first<{ id: string }>('id');
    const res = await visit('verifier', [
      {
        clientId: randomUUID(),
        assignmentId: open[0]!.id,
        outcome: 'not_found',
        visitedAt: '2025-12-03T05:00:00Z',
        baseVersion: open[0]!.version,
      },
      {
        clientId: randomUUID(),
        assignmentId: theirs.id,
        outcome: 'verified',
        visitedAt: '2025-12-03T05:10:00Z',
        baseVersion: 1,
      },
      {
        clientId: randomUUID(),
        assignmentId: open[1]!.id,
        outcome: 'refused',
        visitedAt: '2025-12-03T05:20:00Z',
        baseVersion: open[1]!.version,
      },
    ]);
    expect(res.statusCode).toBe(207);
    const results = res.json<{ results: VisitResult[] }>().results;
    expect(results.map((r) => r.status)).toEqual([201, 404, 201]);
    expect(results[1]!.problem!.type).toBe('/api/v1/problems/not-found');
  });

  it('reports progress per kelurahan and per RW equal to counts made from the tables', async () => {
    // One assignment overdue (the API refuses a past due date, so the test sets it).
    const late = (await mine()).find((x) => x.status === 'open')!;
    await db.knex('verification_assignments').where({ id: late.id }).update({ due_date: '2025-11-01' });
    const assignments = await db.knex.raw<{
      rows: Array<{
        kelurahan_code: string;
        rw: number | null;
        status: string;
        due: string;
        last: string | null;
      }>;
    }>(
      `select a.kelurahan_code, h.rw, a.status, to_char(a.due_date, 'YYYY-MM-DD') due,
         (select v.outcome from verification_visits v where v.assignment_id = a.id and v.status = 'recorded'
          order by v.visited_at desc limit 1) last
       from verification_assignments a join households h on h.period_code = a.period_code and h.id = a.household_id
       where a.period_code = ?`,
      [PERIOD],
    );
    const today = new Date().toLocaleDateString('sv');
    const figures = (rows: typeof assignments.rows) => ({
      assigned: rows.length,
      visited: rows.filter((r) => r.status === 'visited').length,
      verified: rows.filter((r) => r.last === 'verified' || r.last === 'changed').length,
      overdue: rows.filter((r) => r.status === 'open' && r.due < today).length,
    });
    const res = await as('admin', { method: 'GET', url: `/api/v1/verivali/progress?period=${PERIOD}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      rows: Array<{
        code: string;
        name: string | null;
        kecamatan: string | null;
        households: number;
        assigned: number;
        verifiedShare: number | null;
      }>;
      total: Record<string, number>;
      overdueList: Assignment[];
    }>();
    const kels = [...new Set(assignments.rows.map((r) => r.kelurahan_code))].sort();
    expect(body.rows.filter((r) => r.assigned > 0).map((r) => r.code)).toEqual(kels);
    // Every kelurahan with active households is a row, those with nothing assigned too, named with its kecamatan.
    const homes = await db.knex.raw<{ rows: Array<{ code: string; n: number; kecamatan: string }> }>(
      `select h.kelurahan_code code, count(*)::int n, c.name kecamatan
       from households h join areas k on k.code = h.kelurahan_code join areas c on c.code = k.parent_code
       where h.period_code = ? and h.status = 'active' group by 1, 3 order by 1`,
      [PERIOD],
    );
    expect(body.rows.map((r) => [r.code, r.households, r.kecamatan])).toEqual(
      homes.rows.map((h) => [h.code, h.n, h.kecamatan]),
    );
    expect(homes.rows.length).toBeGreaterThan(kels.length);
    const idle = body.rows.find((r) => r.assigned === 0)!;
    expect(idle).toMatchObject({ visited: 0, verified: 0, overdue: 0, verifiedShare: null });
    expect(idle.name).toBeTruthy();
    expect(body.total.households).toBe(homes.rows.reduce((n, h) => n + h.n, 0));
    for (const k of kels) {
      const f = figures(assignments.rows.filter((r) => r.kelurahan_code === k));
      expect(body.rows.find((r) => r.code === k)).toMatchObject({
        ...f,
        verifiedShare: f.verified / f.assigned,
      });
    }
    expect(body.total).toMatchObject(figures(assignments.rows));
    expect(body.total.visited).toBeGreaterThan(0);
    expect(body.overdueList.map((a) => a.id)).toEqual([late.id]);
    const byRw = (
      await as('operator', { method: 'GET', url: `/api/v1/verivali/progress?kelurahan=${KEL}` })
    ).json<{ level: string; rows: Array<{ code: string; households: number }> }>();
    expect(byRw.level).toBe('rw');
    const inKel = assignments.rows.filter((r) => r.kelurahan_code === KEL);
    for (const r of byRw.rows)
      expect(r).toMatchObject(figures(inKel.filter((x) => String(x.rw ?? '') === r.code)));
    // Every RW of the kelurahan, in number order, with its active households (the assign form's RW list).
    const rwHomes = await db.knex.raw<{ rows: Array<{ rw: number | null; n: number }> }>(
      `select rw, count(*)::int n from households where period_code = ? and kelurahan_code = ?
         and status = 'active' group by rw order by rw nulls last`,
      [PERIOD, KEL],
    );
    expect(byRw.rows.map((r) => [r.code, r.households])).toEqual(
      rwHomes.rows.map((h) => [String(h.rw ?? ''), h.n]),
    );
    expect(byRw.rows.length).toBeGreaterThan(rws.length);
    expect(byRw.rows.reduce((n, r) => n + (r as unknown as { assigned: number }).assigned, 0)).toBe(
      inKel.length,
    );
    expect(
      (await as('operator', { method: 'GET', url: `/api/v1/verivali/progress?kelurahan=${OTHER_KEL}` }))
        .statusCode,
    ).toBe(404);
    const audited = await db
      .knex('audit_log')
      .where({ entity: 'verification_overdue', username: 't.admin' })
      .first<{ entity_ids: string[] }>('entity_ids');
    expect(audited.entity_ids).toEqual([late.householdId]);
  });

  it('lists the verifiers each caller may hand work to, with their open assignments', async () => {
    const users = userAdmin(db.knex);
    const resting = await users.create({
      username: 't.resting',
      displayName: 'Pendamping cuti',
      role: 'verifier',
      password: TEST_PASSWORD,
      kelurahan: [KEL],
    });
    await users.disable(resting, systemActor('33.74'));
    interface Verifier {
      id: string;
      username: string;
      displayName: string;
      kelurahan: string[];
      open: number;
    }
    const list = async (who: string, query = '') => {
      const res = await as(who, { method: 'GET', url: `/api/v1/verivali/verifiers${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ period: string; verifiers: Verifier[] }>();
    };
    const open = async (id: string) =>
      Number(
        (await db
          .knex('verification_assignments')
          .where({ period_code: PERIOD, verifier_id: id, status: 'open' })
          .count<{ c: string }>('* as c')
          .first())!.c,
      );
    // An admin: every active verifier (the disabled one is not offered), the city-wide one included.
    const admin = await list('admin');
    expect(admin.period).toBe(PERIOD);
    expect(admin.verifiers.map((v) => v.username).sort()).toEqual(['t.roamer', 't.verifier', 't.verifier2']);
    for (const v of admin.verifiers) expect(v.open, v.username).toBe(await open(v.id));
    expect(admin.verifiers.find((v) => v.username === 't.verifier')!.open).toBeGreaterThan(0);
    expect(admin.verifiers.find((v) => v.username === 't.verifier2')).toMatchObject({
      displayName: 'Pendamping lain',
      kelurahan: [OTHER_KEL],
    });
    // For one kelurahan: those working there, and the city-wide enumerator (only an admin hands it work).
    expect((await list('admin', `?kelurahan=${OTHER_KEL}`)).verifiers.map((v) => v.username).sort()).toEqual([
      't.roamer',
      't.verifier2',
    ]);
    // An operator: only those working in its kelurahan, whichever way it asks; another kelurahan is a 404.
    expect((await list('operator')).verifiers.map((v) => v.username)).toEqual(['t.verifier']);
    expect((await list('operator', `?kelurahan=${KEL}`)).verifiers.map((v) => v.id)).toEqual([ids.verifier]);
    const elsewhere = await as('operator', {
      method: 'GET',
      url: `/api/v1/verivali/verifiers?kelurahan=${OTHER_KEL}`,
    });
    expect(elsewhere.statusCode).toBe(404);
    for (const who of ['planner', 'verifier'])
      expect((await as(who, { method: 'GET', url: '/api/v1/verivali/verifiers' })).statusCode, who).toBe(403);
  });

  it('names the field a refusal is about, so the form shows it there', async () => {
    const past = await assign('operator', {
      verifierId: ids.verifier,
      dueDate: '2020-01-31',
      kelurahan: KEL,
      rw: rws,
    });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ field: 'dueDate' });
    const outside = await assign('operator', {
      verifierId: ids.verifier2,
      dueDate: DUE,
      kelurahan: KEL,
      rw: rws,
    });
    expect(outside.json()).toMatchObject({ field: 'verifierId' });
    const empty = await assign('operator', {
      verifierId: ids.verifier,
      dueDate: DUE,
      kelurahan: KEL,
      rw: [999],
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ field: 'rw' });
  });

  it('refuses work in a finalized period, in the API and in the database', async () => {
    const res = await assign('admin', {
      verifierId: ids.verifier,
      dueDate: DUE,
      period: '2025-07',
      households: [rwHouseholds[0]],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ type: string }>().type).toBe('/api/v1/problems/period-finalized');
    const old = await db
      .knex('households')
      .where({ period_code: '2025-07' })
      .first<{ id: string; kelurahan_code: string }>('id', 'kelurahan_code');
    await expect(
      db.knex('verification_assignments').insert({
        region_code: '33.74',
        period_code: '2025-07',
        household_id: old.id,
        kelurahan_code: old.kelurahan_code,
        verifier_id: ids.verifier,
        assigned_by: ids.admin,
        due_date: DUE,
      }),
    ).rejects.toThrow(/finali[sz]ed/i);
  });
});
