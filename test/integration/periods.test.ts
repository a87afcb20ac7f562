// The semester cycle: finalize the open period (then every write path refuses it), open the next one by
// carrying it forward with the same ids, and the clear refusals in between.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { importHouseholds } from '../../server/imports/households/import-households.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { closeEveryKelurahan } from '../support/cycle.ts';
import { household, writeCsv } from '../support/import-files.ts';
import { runCli } from '../support/cli.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

describe('periods', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let planner: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('periods');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 800,
      seed: 21,
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

  const post = (url: string, payload?: Record<string, unknown>, s: TestSession = admin) =>
    app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  const count = async (table: string, period: string) =>
    (
      await db.knex.raw<{ rows: Array<{ n: number }> }>(
        `select count(*)::int n from ${table} where period_code = ?`,
        [period],
      )
    ).rows[0]!.n;

  it('refuses to open a period while another is open, and planners may not open or finalize', async () => {
    const res = await post('/api/v1/periods', { code: '2026-07' });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ detail: string }>().detail).toBe(
      'Period 2025-12 is still open; finalize it before opening 2026-07.',
    );
    expect((await post('/api/v1/periods/2025-12/finalize', undefined, planner)).statusCode).toBe(403);
  });

  it('finalizes a period; afterwards imports, the CLI path and direct SQL all refuse to change it', async () => {
    const res = await post('/api/v1/periods/2025-12/finalize');
    expect(res.statusCode, res.body).toBe(200);
    expect((await post('/api/v1/periods/2025-12/finalize')).statusCode).toBe(409);
    const row = await db
      .knex('periods')
      .where({ period_code: '2025-12' })
      .first<{ status: string; finalized_by: string }>('status', 'finalized_by');
    expect(row.status).toBe('finalized');
    const file = writeCsv(
      household({
        kk: '3374011201259991',
        kelurahan: '33.74.01.1001',
        lat: -6.99,
        lon: 110.42,
        size: 1,
        serial: 991,
      }),
    );
    await expect(
      importHouseholds(db.knex, { regionCode: '33.74', periodCode: '2025-12', filePath: file }),
    ).rejects.toThrow(/Period 2025-12 is finalized and cannot be changed/);
    await expect(
      db.knex('households').where({ period_code: '2025-12' }).update({ desil: 1 }),
    ).rejects.toThrow(/period 2025-12 is finalized and cannot be changed/);
    const audited = await db
      .knex('audit_log')
      .where({ action: 'period_finalize' })
      .first<{ entity_ids: string[] }>('entity_ids');
    expect(audited?.entity_ids).toEqual(['2025-12']);
  });

  it('opens the next period carrying the last one forward with the same ids, verification restarted', async () => {
    const res = await post('/api/v1/periods', { code: '2026-07' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ carriedFrom: string; copied: Record<string, number> }>();
    expect(body.carriedFrom).toBe('2025-12');
    for (const table of ['households', 'members', 'member_disabilities', 'household_needs', 'enrolments'])
      expect(body.copied[table], table).toBe(await count(table, '2025-12'));
    expect(body.copied.households).toBeGreaterThan(700);
    const same = await db.knex.raw<{ rows: Array<{ n: number }> }>(
      // …and the same map numbers (the household tiles' feature ids).
      `select count(*)::int n from households a join households b on b.id = a.id and b.kk = a.kk
         and b.map_id = a.map_id
       where a.period_code = '2025-12' and b.period_code = '2026-07'`,
    );
    expect(same.rows[0]!.n).toBe(body.copied.households);
    const verified = await db.knex.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int n from households where period_code = '2026-07' and verification_status <> 'unverified'`,
    );
    expect(verified.rows[0]!.n).toBe(0);
    // The new period is open for work: an import into it goes through.
    const file = writeCsv(
      household({
        kk: '3374011201259992',
        kelurahan: '33.74.01.1001',
        lat: -6.99,
        lon: 110.42,
        size: 1,
        serial: 992,
      }),
    );
    const imported = await importHouseholds(db.knex, {
      regionCode: '33.74',
      periodCode: '2026-07',
      filePath: file,
    });
    expect(imported.rowsRead).toBe(1);
    // The new household draws a number of its own: numbers stay unique within the period.
    const numbers = await db.knex.raw<{ rows: Array<{ n: number; distinct: number }> }>(
      `select count(*)::int n, count(distinct map_id)::int distinct from households where period_code = '2026-07'`,
    );
    expect(numbers.rows[0]!.n).toBe(body.copied.households! + 1);
    expect(numbers.rows[0]!.distinct).toBe(numbers.rows[0]!.n);
    const periods = (await app.inject('/api/v1/periods')).json<Array<{ code: string }>>().map((p) => p.code);
    expect(periods).toEqual(['2025-07', '2025-12']); // the public sees finalized periods only
  });

  it('lists, refuses and finalizes from the command line too', async () => {
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const listed = await runCli(['periods', 'list'], env);
    expect(listed.out).toMatch(/2026-07\s+open\s+\(carried from 2025-12\)/);
    const refused = await runCli(['periods', 'open', '2027-07'], env);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/error: Period 2026-07 is still open; finalize it before opening 2027-07/);
    // Every kelurahan is still open in 2026-07: the CLI adopts only with a named override and its reason.
    const open = await runCli(['periods', 'finalize', '2026-07'], env);
    expect(open.code).toBe(1);
    expect(open.out).toMatch(/kelurahan are still open in period 2026-07/);
    const done = await runCli(
      ['periods', 'finalize', '2026-07', '--leave-open', 'all', '--reason', 'uji baris perintah'],
      env,
    );
    expect(done.code, done.out).toBe(0);
    expect(done.out).toMatch(/period 2026-07 finalized \(\d+ kelurahan left open\)/);
  });

  it('refuses a period code that is not after the latest one', async () => {
    const res = await post('/api/v1/periods', { code: '2026-01' });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ detail: string }>().detail).toMatch(/must come after the latest period, 2026-07/);
  });
});
