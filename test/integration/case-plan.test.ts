// Case plans: an operator adds a handling step, the OPD that owns its program moves it along (and only its own
// programs' steps), stale versions conflict, every change shows in the household's history, overdue counts.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const KEL = '33.74.02.1008'; // t.operator's kelurahan

describe('case plans', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let operator: TestSession;
  let opd: TestSession; // programs: pkh
  let planner: TestSession;
  let household: string;

  beforeAll(async () => {
    db = await scratchDatabase('case_plan');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1200, seed: 41, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    opd = await login(app, 't.opd');
    planner = await login(app, 't.planner');
    household = (
      await db
        .knex('households')
        .where({ period_code: '2025-12', kelurahan_code: KEL, status: 'active' })
        .first<{ id: string }>('id')
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, s: TestSession, payload?: object) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });

  it('lets an operator add a step, and the OPD of its program move it to done; the history shows both', async () => {
    const added = await call('POST', `/api/v1/households/${household}/steps`, operator, {
      action: 'Verifikasi kelayakan PKH',
      opd: 'dinsos',
      program: 'pkh',
      dueOn: '2099-01-31',
    });
    expect(added.statusCode, added.body).toBe(201);
    const stepId = added.json<{ id: string }>().id;
    const plan = (await call('GET', `/api/v1/households/${household}/case-plan`, operator)).json<{
      steps: Array<{ id: string; status: string; version: number; program: string }>;
    }>();
    const step = plan.steps.find((s) => s.id === stepId)!;
    expect(step).toMatchObject({ status: 'planned', version: 1, program: 'pkh' });

    const ongoing = await call('PATCH', `/api/v1/steps/${stepId}`, opd, {
      version: 1,
      status: 'ongoing',
      startedOn: '2025-12-02',
    });
    expect(ongoing.statusCode, ongoing.body).toBe(200);
    const stale = await call('PATCH', `/api/v1/steps/${stepId}`, operator, {
      version: 1,
      status: 'cancelled',
    });
    expect(stale.statusCode).toBe(409);
    const done = await call('PATCH', `/api/v1/steps/${stepId}`, opd, { version: 2, status: 'done' });
    expect(done.json()).toMatchObject({ version: 3, changes: { status: ['ongoing', 'done'] } });
    const stored = await db
      .knex('handling_steps')
      .where({ id: stepId })
      .first<{ status: string; done_on: string }>('status', 'done_on');
    expect(stored.status).toBe('done');
    expect(stored.done_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const history = (await call('GET', `/api/v1/households/${household}/history`, planner)).json<
      Array<{ username: string; action: string; entity: string }>
    >();
    expect(history.filter((h) => h.entity === 'handling_step').map((h) => [h.username, h.action])).toEqual([
      ['t.operator', 'create'],
      ['t.opd', 'update'],
      ['t.opd', 'update'],
    ]);
  });

  it("keeps OPD staff to their programs' steps and refuses unknown agencies", async () => {
    const other = await call('POST', `/api/v1/households/${household}/steps`, operator, {
      action: 'Bantuan RTLH',
      opd: 'disperkim',
      program: 'rtlh',
    });
    const id = other.json<{ id: string }>().id;
    expect(
      (await call('PATCH', `/api/v1/steps/${id}`, opd, { version: 1, status: 'ongoing' })).statusCode,
    ).toBe(404);
    const unknown = await call('POST', `/api/v1/households/${household}/steps`, operator, {
      action: 'Sesuatu',
      opd: 'tidak_ada',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ detail: string }>().detail).toMatch(/Unknown OPD "tidak_ada"/);
  });

  it('records problems and needs, marks a need met, and refuses unknown codes', async () => {
    const ppks = (await db.knex('ppks_categories').first<{ code: string }>('code')).code;
    const need = (await db.knex('need_categories').first<{ code: string }>('code')).code;
    const p = await call('POST', `/api/v1/households/${household}/problems`, operator, {
      code: ppks,
      note: 'hasil kunjungan',
    });
    expect(p.statusCode, p.body).toBe(201);
    const n = await call('POST', `/api/v1/households/${household}/needs`, operator, { code: need });
    expect(n.statusCode, n.body).toBe(201);
    const needId = n.json<{ id: string }>().id;
    expect((await call('PATCH', `/api/v1/needs/${needId}`, operator, { met: true })).statusCode).toBe(200);
    const plan = (await call('GET', `/api/v1/households/${household}/case-plan`, operator)).json<{
      problems: Array<{ id: string; code: string }>;
      needs: Array<{ id: string; met: boolean }>;
    }>();
    expect(plan.problems.some((x) => x.id === p.json<{ id: string }>().id && x.code === ppks)).toBe(true);
    expect(plan.needs.find((x) => x.id === needId)?.met).toBe(true);
    const bad = await call('POST', `/api/v1/households/${household}/needs`, operator, { code: 'tidak_ada' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ detail: string }>().detail).toBe('Unknown need code "tidak_ada".');

    // A step serves a need of its own household: another family's need is refused, nothing stored.
    const other = (
      await db
        .knex('households')
        .where({ period_code: '2025-12', kelurahan_code: KEL, status: 'active' })
        .whereNot({ id: household })
        .first<{ id: string }>('id')
    ).id;
    const stepsBefore = await db
      .knex('handling_steps')
      .where({ household_id: other })
      .count<{ n: string }[]>('* as n');
    const wrong = await call('POST', `/api/v1/households/${other}/steps`, operator, {
      opd: 'dinsos',
      action: 'Langkah untuk kebutuhan keluarga lain',
      needId,
    });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json<{ detail: string }>().detail).toContain('belongs to another household');
    const stepsAfter = await db
      .knex('handling_steps')
      .where({ household_id: other })
      .count<{ n: string }[]>('* as n');
    expect(stepsAfter[0]!.n).toBe(stepsBefore[0]!.n);
    // The same need on its own household is accepted.
    const right = await call('POST', `/api/v1/households/${household}/steps`, operator, {
      opd: 'dinsos',
      action: 'Langkah untuk kebutuhan ini',
      needId,
    });
    expect(right.statusCode, right.body).toBe(201);
  });

  it('lists the steps OPD staff work on: only their programs, KK masked', async () => {
    const res = await call('GET', '/api/v1/steps', opd);
    expect(res.statusCode, res.body).toBe(200);
    const steps = res.json<{ steps: Array<{ program: string | null; kk: string; householdId: string }> }>()
      .steps;
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.program === 'pkh')).toBe(true);
    expect(steps.every((s) => /^\d{4}•{8}\d{4}$/.test(s.kk))).toBe(true);
    const all = (await call('GET', '/api/v1/steps', planner)).json<{ steps: unknown[] }>().steps;
    expect(all.length).toBeGreaterThan(steps.length);
  });

  it('counts open and overdue steps per kelurahan, per program for OPD staff', async () => {
    // A step due in the past (as carried over from earlier work): inserted directly.
    await db.knex('handling_steps').insert({
      region_code: '33.74',
      period_code: '2025-12',
      id: randomUUID(),
      household_id: household,
      opd_code: 'dinsos',
      program_code: 'pkh',
      action: 'Kunjungan pendamping',
      status: 'planned',
      planned_on: '2025-01-01',
      due_on: '2025-02-01',
    });
    const count = async (s: TestSession) =>
      (await call('GET', '/api/v1/steps/overdue', s, undefined))
        .json<{ areas: Array<{ code: string; open: number; overdue: number }> }>()
        .areas.find((a) => a.code === KEL)!;
    const all = await count(planner);
    const direct = await db.knex.raw<{ rows: Array<{ open: number; overdue: number }> }>(
      `select count(*) filter (where s.status in ('planned','ongoing'))::int open,
              count(*) filter (where s.status in ('planned','ongoing') and s.due_on < current_date)::int overdue
       from handling_steps s join households h on h.period_code = s.period_code and h.id = s.household_id
       where s.period_code = '2025-12' and h.kelurahan_code = ?`,
      [KEL],
    );
    expect(all).toMatchObject(direct.rows[0]!);
    expect(all.overdue).toBeGreaterThanOrEqual(1);
    const mine = await count(opd);
    expect(mine.open).toBeLessThanOrEqual(all.open);
    expect(mine.overdue).toBeGreaterThanOrEqual(1);
  });
});
