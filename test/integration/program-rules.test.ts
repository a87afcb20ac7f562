// The rule editor's endpoints (#16 task 13): a rule checked as it is typed, refused in the caller's language
// with the place in the rule and fields named in words; and a program's rule history from the audit log (who,
// when, before and after), for admins only.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

describe('program rule editor endpoints', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let planner: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('program_rules');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 300, seed: 5, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const as = (s: TestSession, lang = 'en') => ({
    cookie: s.cookie,
    'x-csrf-token': s.csrf,
    'accept-language': lang,
  });
  const check = (rule: unknown, lang = 'en', who = admin) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/programs/pkh/rule/check',
      payload: { rule },
      headers: as(who, lang),
    });
  const history = (code = 'pkh', who = admin) =>
    app.inject({ method: 'GET', url: `/api/v1/programs/${code}/rule-history`, headers: as(who) });

  it('accepts a valid rule and names where and why an invalid one is refused, in the caller’s language', async () => {
    const ok = await check({ all: [{ field: 'desil', op: 'lte', value: 4 }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ valid: true });

    const rule = {
      all: [
        { field: 'desil', op: 'lte', value: 4 },
        { field: 'floor_area_per_person', op: 'lt', value: -3 },
      ],
    };
    const en = (await check(rule, 'en')).json<Record<string, unknown>>();
    expect(en).toEqual({
      valid: false,
      path: 'rule.all[1].value',
      reason: 'Floor area per person (m²) must be between 0 and 10000, not -3',
    });
    const id = (await check(rule, 'id')).json<Record<string, unknown>>();
    expect(id).toMatchObject({ valid: false, path: 'rule.all[1].value' });
    expect(id.reason).toBe('Luas lantai per orang (m²) harus antara 0 dan 10000, bukan -3');

    const order = (await check({ field: 'desil', op: 'between', value: [5, 2] }, 'id')).json<
      Record<string, unknown>
    >();
    expect(order).toMatchObject({ valid: false, path: 'rule.value' });
    expect(order.reason).toMatch(/batas yang lebih kecil dahulu/);
  });

  it('names a size limit it refuses', async () => {
    const many = { any: Array.from({ length: 21 }, () => ({ field: 'desil', op: 'eq', value: 1 })) };
    const res = (await check(many)).json<Record<string, unknown>>();
    expect(res).toMatchObject({ valid: false, path: 'rule.any', limit: 'listItems', max: 20 });
    expect(res.reason).toMatch(/at most 20 rules, not 21/);
  });

  it('keeps the history of a program’s rule: who changed it when, from what to what, newest first', async () => {
    expect((await history()).json()).toEqual({ program: 'pkh', changes: [] });
    const first = { all: [{ field: 'desil', op: 'lte', value: 3 }] };
    const second = {
      any: [
        { field: 'desil', op: 'eq', value: 1 },
        { field: 'unfit_house', op: 'eq', value: true },
      ],
    };
    const put = (rule: unknown, version: number) =>
      app.inject({
        method: 'PUT',
        url: '/api/v1/programs/pkh/rule',
        payload: { rule, version },
        headers: as(admin),
      });
    const started = Date.now();
    expect((await put(first, 1)).statusCode).toBe(200);
    expect((await put(second, 2)).statusCode).toBe(200);
    // Another program's change is not this program's history.
    const other = await app.inject({
      method: 'PUT',
      url: '/api/v1/programs/rtlh/rule',
      payload: { rule: first, version: 1 },
      headers: as(admin),
    });
    expect(other.statusCode).toBe(200);

    const res = await history();
    expect(res.statusCode).toBe(200);
    const { changes } = res.json<{
      changes: Array<{ at: string; username: string; displayName: string; before: unknown; after: unknown }>;
    }>();
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatchObject({
      username: 't.admin',
      displayName: 't.admin',
      before: first,
      after: second,
    });
    expect(changes[1]).toMatchObject({
      before: { field: 'desil', op: 'between', value: [1, 4] },
      after: first,
    });
    expect(Date.parse(changes[0]!.at)).toBeGreaterThanOrEqual(started - 60_000);
    expect((await history('rtlh')).json<{ changes: unknown[] }>().changes).toHaveLength(1);
  });

  it('answers 404 for an unknown program and refuses every role but admin', async () => {
    expect((await history('nope')).statusCode).toBe(404);
    expect((await history('pkh', planner)).statusCode).toBe(403);
    expect((await check({ field: 'desil', op: 'lte', value: 4 }, 'en', planner)).statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/programs/pkh/rule-history' });
    expect(anonymous.statusCode).toBe(401);
  });
});
