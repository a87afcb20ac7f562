// GET /api/v1/steps as a worklist (#16 task 9): filters by program, kelurahan, status and due date, pages with
// a total, overdue first and then newest, rows with the kelurahan's and program's names; OPD staff stay on their
// programs whatever they ask for, and each page read is audited with the households it shows.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const KEL = '33.74.02.1008';
interface Row {
  id: string;
  program: string | null;
  programName: string | null;
  status: string;
  dueOn: string | null;
  plannedOn: string | null;
  kelurahanCode: string;
  kelurahanName: string;
  overdue: boolean;
  householdId: string;
}
interface Page {
  total: number;
  limit: number;
  offset: number;
  truncated: boolean;
  asOf: string;
  steps: Row[];
}

describe('steps list', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let opd: TestSession;
  let planner: TestSession;
  let operator: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('steps_list');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1200, seed: 43, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    opd = await login(app, 't.opd');
    planner = await login(app, 't.planner');
    operator = await login(app, 't.operator');
    const households = await db
      .knex('households')
      .where({ period_code: '2025-12', kelurahan_code: KEL, status: 'active' })
      .select<Array<{ id: string }>>('id');
    // 70 PKH steps in one kelurahan, due next year (not overdue), and one overdue.
    await db.knex('handling_steps').insert(
      Array.from({ length: 70 }, (_, i) => ({
        region_code: '33.74',
        period_code: '2025-12',
        id: randomUUID(),
        household_id: households[i % households.length]!.id,
        opd_code: 'dinsos',
        program_code: 'pkh',
        action: `Langkah ${i}`,
        status: 'planned',
        planned_on: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
        due_on: '2099-01-01',
      })),
    );
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const get = async (s: TestSession, query: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/steps?${query}`,
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };

  it('pages with a total, 50 by default and at most 200', async () => {
    const first = await get(opd, `kelurahan=${KEL}`);
    expect(first.limit).toBe(50);
    expect(first.steps).toHaveLength(50);
    expect(first.total).toBeGreaterThanOrEqual(70);
    expect(first.truncated).toBe(true);
    const rest = await get(opd, `kelurahan=${KEL}&offset=50`);
    expect(rest.steps).toHaveLength(first.total - 50);
    expect(rest.truncated).toBe(false);
    const ids = new Set([...first.steps, ...rest.steps].map((s) => s.id));
    expect(ids.size).toBe(first.total);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/steps?limit=201',
      headers: { cookie: opd.cookie },
    });
    expect(res.statusCode).toBe(400);
  });

  it('orders overdue first, then newest, and names kelurahan and program', async () => {
    const page = await get(opd, `kelurahan=${KEL}&limit=200`);
    const firstNotOverdue = page.steps.findIndex((s) => !s.overdue);
    expect(page.steps.slice(firstNotOverdue).every((s) => !s.overdue)).toBe(true);
    const rest = page.steps.slice(firstNotOverdue).map((s) => s.plannedOn ?? '');
    expect(rest).toEqual([...rest].sort().reverse());
    expect(page.steps.every((s) => s.kelurahanName.length > 0 && s.kelurahanName !== s.kelurahanCode)).toBe(
      true,
    );
    expect(page.steps.every((s) => s.programName && s.programName !== 'pkh')).toBe(true);
    for (const s of page.steps)
      expect(s.overdue).toBe(
        ['planned', 'ongoing'].includes(s.status) && s.dueOn !== null && s.dueOn < page.asOf,
      );
  });

  it('filters by status, due date and program; OPD staff stay on their programs', async () => {
    const overdue = await get(planner, 'due=overdue&limit=200');
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.steps.every((s) => s.overdue)).toBe(true);
    const week = await get(planner, 'due=week&limit=200');
    const end = new Date(Date.parse(week.asOf) + 6 * 86_400_000).toISOString().slice(0, 10);
    expect(week.steps.every((s) => s.dueOn! >= week.asOf && s.dueOn! <= end)).toBe(true);
    const ongoing = await get(planner, 'status=ongoing&limit=200');
    expect(ongoing.steps.every((s) => s.status === 'ongoing')).toBe(true);
    const mine = await get(opd, 'limit=200');
    expect(mine.steps.every((s) => s.program === 'pkh')).toBe(true);
    const otherProgram = await get(opd, 'program=bpnt');
    expect(otherProgram.total).toBe(0);
    const all = await get(planner, 'limit=1');
    expect(all.total).toBeGreaterThan(mine.total);
    const kelOnly = await get(operator, 'limit=200');
    expect(kelOnly.steps.every((s) => s.kelurahanCode === KEL)).toBe(true);
  });

  it('audits each page read with the households shown and the filter', async () => {
    const page = await get(opd, `kelurahan=${KEL}&status=planned&limit=5`);
    const row = await db
      .knex('audit_log')
      .where({ entity: 'handling_steps', username: 't.opd' })
      .orderBy('id', 'desc')
      .first<{ entity_ids: string[]; changes: { filter: Record<string, unknown> } }>('entity_ids', 'changes');
    expect(row?.entity_ids).toEqual(page.steps.map((s) => s.householdId));
    expect(row?.changes.filter).toMatchObject({ kelurahan: KEL, status: 'planned', limit: 5, offset: 0 });
  });
});
