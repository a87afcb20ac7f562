// What finalizing a period freezes (GET /api/v1/periods/:code/summary, #16 task 14): the registry counts of the
// period, each checked against the tables, and what is unfinished in it (open and overdue steps, unmet needs,
// imports still running); admins only, an unknown period is 404, and the counts follow a finalize.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { closeEveryKelurahan } from '../support/cycle.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

interface Summary {
  code: string;
  status: string;
  carriedFrom: string | null;
  openedAt: string;
  finalizedAt: string | null;
  households: number;
  activeHouseholds: number;
  verifiedHouseholds: number;
  members: number;
  disabledMembers: number;
  enrolments: number;
  unmetNeeds: number;
  openSteps: number;
  overdueSteps: number;
  pendingImports: number;
}

describe('period summary', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let planner: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('period_summary');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 400,
      seed: 23,
      periods: ['2025-07', '2025-12'],
    });
    await createTestUsers(db.knex);
    await closeEveryKelurahan(db.knex, '2025-12');
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const get = (url: string, s?: TestSession) =>
    app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
  const n = async (sql: string) =>
    (await db.knex.raw<{ rows: Array<{ n: number }> }>(`select (${sql})::int n`)).rows[0]!.n;

  it('counts what the open period holds and what is unfinished in it', async () => {
    // One import job into the period still queued: finalizing now would make it fail.
    await db.knex('import_jobs').insert({
      region_code: '33.74',
      kind: 'households',
      period_code: '2025-12',
      file_name: 'masih-antre.csv',
      status: 'queued',
    });
    const res = await get('/api/v1/periods/2025-12/summary', admin);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<Summary>();
    const p = `region_code = '33.74' and period_code = '2025-12'`;
    expect(s).toMatchObject({ code: '2025-12', status: 'open', carriedFrom: '2025-07', finalizedAt: null });
    expect(Date.parse(s.openedAt)).not.toBeNaN();
    expect(s.households).toBe(await n(`select count(*) from households where ${p}`));
    expect(s.activeHouseholds).toBe(
      await n(`select count(*) from households where ${p} and status = 'active'`),
    );
    expect(s.activeHouseholds).toBeGreaterThan(300);
    expect(s.activeHouseholds).toBeLessThan(s.households);
    expect(s.verifiedHouseholds).toBe(
      await n(
        `select count(*) from households where ${p} and status = 'active' and verification_status = 'verified'`,
      ),
    );
    expect(s.members).toBe(
      await n(`select count(*) from members m join households h on h.period_code = m.period_code and h.id = m.household_id
               where m.region_code = '33.74' and m.period_code = '2025-12' and m.status = 'active' and h.status = 'active'`),
    );
    expect(s.members).toBeGreaterThan(s.activeHouseholds);
    expect(s.disabledMembers).toBe(
      await n(`select count(distinct member_id) from member_disabilities where ${p}`),
    );
    expect(s.enrolments).toBe(await n(`select count(*) from enrolments where ${p}`));
    expect(s.unmetNeeds).toBe(await n(`select count(*) from household_needs where ${p} and not met`));
    expect(s.openSteps).toBe(
      await n(`select count(*) from handling_steps where ${p} and status in ('planned', 'ongoing')`),
    );
    expect(s.openSteps).toBeGreaterThan(0);
    expect(s.overdueSteps).toBe(
      await n(
        `select count(*) from handling_steps where ${p} and status in ('planned', 'ongoing') and due_on < current_date`,
      ),
    );
    expect(s.overdueSteps).toBeLessThanOrEqual(s.openSteps);
    expect(s.pendingImports).toBe(1);
  });

  it('is for admins only, and says so for an unknown period', async () => {
    expect((await get('/api/v1/periods/2025-12/summary')).statusCode).toBe(401);
    expect((await get('/api/v1/periods/2025-12/summary', planner)).statusCode).toBe(403);
    const missing = await get('/api/v1/periods/2030-07/summary', admin);
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ detail: string }>().detail).toBe('No period 2030-07.');
  });

  it('reads a finalized period as finalized, with the time it was finalized', async () => {
    const before = (await get('/api/v1/periods/2025-07/summary', admin)).json<Summary>();
    expect(before.status).toBe('finalized');
    expect(before.finalizedAt).not.toBeNull();
    await db.knex('import_jobs').where({ file_name: 'masih-antre.csv' }).update({ status: 'failed' });
    const fin = await app.inject({
      method: 'POST',
      url: '/api/v1/periods/2025-12/finalize',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(fin.statusCode, fin.body).toBe(200);
    const after = (await get('/api/v1/periods/2025-12/summary', admin)).json<Summary>();
    expect(after.status).toBe('finalized');
    expect(Date.parse(after.finalizedAt!)).not.toBeNaN();
    expect(after.pendingImports).toBe(0);
  });
});
