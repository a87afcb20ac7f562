// Coverage from compiled rules against the same counts computed by hand in SQL on seeded data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createRepositories } from '../../server/repositories/index.ts';
import type { ProgramsRepository } from '../../server/repositories/programs-repository.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

describe('program coverage from stored rules', () => {
  let db: ScratchDatabase;
  let repo: ProgramsRepository;
  beforeAll(async () => {
    db = await scratchDatabase('coverage');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 2500, seed: 8, periods: ['2025-12'] });
    repo = createRepositories(db.knex).programs;
  });
  afterAll(() => db.drop());

  const total = (rows: Array<Record<string, number | string>>, key: string) =>
    rows.reduce((s, r) => s + Number(r[key]), 0);
  const one = async (sql: string) =>
    Number((await db.knex.raw<{ rows: Array<{ n: number }> }>(sql)).rows[0]!.n);

  it('counts PKH (desil 1–4) eligibility, gap and leakage as a direct query does', async () => {
    const rows = await repo.coverage('33.74', '2025-12', (await repo.find('33.74', 'pkh', {}))!);
    expect(rows).toHaveLength(177);
    const eligible = await one(
      `select count(*) n from households where period_code = '2025-12' and status = 'active' and desil between 1 and 4`,
    );
    const enrolledIds = `select household_id from enrolments where period_code = '2025-12' and program_code = 'pkh'`;
    const gap = await one(
      `select count(*) n from households where period_code = '2025-12' and status = 'active' and desil <= 4 and id not in (${enrolledIds})`,
    );
    const leakage = await one(
      `select count(*) n from households where period_code = '2025-12' and status = 'active' and desil > 4 and id in (${enrolledIds})`,
    );
    expect(total(rows as never, 'eligible')).toBe(eligible);
    expect(total(rows as never, 'gap')).toBe(gap);
    expect(total(rows as never, 'leakage')).toBe(leakage);
    expect(gap).toBeGreaterThan(0);
    expect(leakage).toBeGreaterThan(0);
  });

  it('evaluates member conditions: KIP needs a school-age member (6–21) in a desil 1–4 household', async () => {
    const rows = await repo.coverage('33.74', '2025-12', (await repo.find('33.74', 'kip', {}))!);
    const eligible = await one(
      `select count(*) n from households h where h.period_code = '2025-12' and h.status = 'active' and h.desil <= 4
         and exists (select 1 from members m where m.period_code = h.period_code and m.household_id = h.id
                     and m.status = 'active' and m.died_on is null
                     and date_part('year', age(date '2025-12-31', m.birth_date)) between 6 and 21)`,
    );
    expect(total(rows as never, 'eligible')).toBe(eligible);
    expect(eligible).toBeGreaterThan(0);
  });

  it('computes every program in one pass exactly as program by program', async () => {
    const programs = await repo.list('33.74', {});
    const all = await repo.coverageAll('33.74', '2025-12', programs);
    for (const p of programs)
      expect(all.get(p.program_code), p.program_code).toEqual(await repo.coverage('33.74', '2025-12', p));
  });

  it('follows a changed household: making one household desil 1 adds it to the eligible', async () => {
    const program = (await repo.find('33.74', 'pkh', {}))!;
    const target = await db
      .knex('households')
      .where({ period_code: '2025-12', status: 'active' })
      .where('desil', '>', 4)
      .first<{ id: string; kelurahan_code: string }>('id', 'kelurahan_code');
    const before = (await repo.coverage('33.74', '2025-12', program)).find(
      (r) => r.kelurahan_code === target.kelurahan_code,
    )!;
    await db.knex('households').where({ period_code: '2025-12', id: target.id }).update({ desil: 1 });
    const after = (await repo.coverage('33.74', '2025-12', program)).find(
      (r) => r.kelurahan_code === target.kelurahan_code,
    )!;
    expect(after.eligible).toBe(before.eligible + 1);
  });
});

describe('editing a program rule', () => {
  let db: ScratchDatabase;
  let app: import('fastify').FastifyInstance;
  let admin: import('../support/auth-fixtures.ts').TestSession;
  beforeAll(async () => {
    db = await scratchDatabase('rules');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1200, seed: 4, periods: ['2025-12'] });
    const { createTestUsers, login } = await import('../support/auth-fixtures.ts');
    const { testApp, testConfig } = await import('../support/test-app.ts');
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const put = (payload: unknown) =>
    app.inject({
      method: 'PUT',
      url: '/api/v1/programs/pkh/rule',
      payload: payload as Record<string, unknown>,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
  const gapTotal = async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/indicators/coverage_gap?program=pkh&level=city',
      headers: { cookie: admin.cookie },
    });
    return res.json<{ values: Array<{ numerator: number }> }>().values[0]!.numerator;
  };

  it('validates, stores with a new version, audits before/after, and coverage follows', async () => {
    const gapBefore = await gapTotal();
    const narrower = { field: 'desil', op: 'between', value: [1, 2] };
    const res = await put({ rule: narrower, version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'pkh', version: 2, rule: narrower });
    const gapAfter = await gapTotal();
    expect(gapAfter).toBeLessThan(gapBefore);
    const row = await db
      .knex('audit_log')
      .where({ entity: 'program_rule', action: 'update' })
      .first<{ changes: { eligibility_rule: unknown[] }; username: string }>('changes', 'username');
    expect(row.username).toBe('t.admin');
    expect(row.changes.eligibility_rule[1]).toEqual(narrower);
  });

  it('answers 409 with the current version when someone changed it meanwhile, changing nothing', async () => {
    const res = await put({ rule: { field: 'desil', op: 'lte', value: 4 }, version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      currentVersion: 2,
      currentRule: { field: 'desil', op: 'between', value: [1, 2] },
    });
  });

  it.each([
    [
      { rule: { field: 'income', op: 'lt', value: 5 }, version: 2 },
      /Invalid rule: rule\.field: unknown field "income"/,
    ],
    [{ rule: { all: [] }, version: 2 }, /all takes a list of 1 to 20 rules/],
    [{ rule: { field: 'desil', op: 'lte', value: '1 or 1=1' }, version: 2 }, /desil takes a number/],
    [{ version: 2 }, /body/],
  ])('refuses %j with a clear message', async (payload, message) => {
    const res = await put(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toMatch(message);
    expect(
      (await db.knex('programs').where({ program_code: 'pkh' }).first<{ version: number }>('version'))
        .version,
    ).toBe(2);
  });
});
