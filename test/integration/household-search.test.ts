// The household search as the records screen uses it (#16 task 1): a total beside the 20 hits it lists, so the
// screen can say how many it does not show; a kelurahan and an RW filter that narrow within the caller's scope
// and never widen it. And the record edit the screen offers (#16 task 2): every housing field and the desil's
// source, answered back on the record and written to its history.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const MINE = '33.74.02.1008';

interface Hits {
  period: string;
  truncated: boolean;
  total: number;
  households: Array<{ id: string; kelurahanCode: string; kelurahan: string; rw: number | null }>;
}

describe('household search and edit for the records screen', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let operator: TestSession;
  let planner: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('household_search');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1200, seed: 23, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const search = async (s: TestSession, query: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/households?${query}`,
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Hits>();
  };
  /** Households of 2025-12 whose address holds "No." (every synthetic address does), in SQL. */
  const countInDb = async (where: Record<string, unknown> = {}) =>
    Number(
      (
        await db
          .knex('households')
          .where({ period_code: '2025-12', ...where })
          .whereILike('address', '%No.%')
          .count<{ n: string }>('* as n')
          .first()
      )?.n,
    );

  it('lists 20 hits and says how many matched in all', async () => {
    const all = await search(planner, 'q=No.');
    expect(all.households).toHaveLength(20);
    expect(all.total).toBe(await countInDb());
    expect(all.total).toBeGreaterThan(20);
    expect(all.truncated).toBe(true);
    // A search that fits says so too: nothing hidden.
    const kk = (await db.knex('households').where({ period_code: '2025-12' }).first<{ kk: string }>('kk')).kk;
    const one = await search(planner, `q=${kk}`);
    expect(one.total).toBe(one.households.length);
    expect(one.truncated).toBe(false);
  });

  it('narrows by kelurahan and by RW, each hit inside, the total counting only those', async () => {
    const byKel = await search(planner, `q=No.&kelurahan=${MINE}`);
    expect(byKel.total).toBe(await countInDb({ kelurahan_code: MINE }));
    expect(byKel.households.every((h) => h.kelurahanCode === MINE)).toBe(true);
    // The kelurahan answers with its name, never only its code.
    expect(byKel.households[0]!.kelurahan).not.toMatch(/^[0-9.]+$/);
    const byRw = await search(planner, `q=No.&kelurahan=${MINE}&rw=3`);
    expect(byRw.total).toBe(await countInDb({ kelurahan_code: MINE, rw: 3 }));
    expect(byRw.total).toBeGreaterThan(0);
    expect(byRw.total).toBeLessThan(byKel.total);
    expect(byRw.households.every((h) => h.rw === 3 && h.kelurahanCode === MINE)).toBe(true);
  });

  it('never widens an operator beyond their kelurahan, and refuses a malformed filter', async () => {
    const own = await search(operator, 'q=No.');
    expect(own.total).toBe(await countInDb({ kelurahan_code: MINE }));
    const other = (
      await db
        .knex('households')
        .where({ period_code: '2025-12' })
        .whereNot('kelurahan_code', MINE)
        .first<{ kelurahan_code: string }>('kelurahan_code')
    ).kelurahan_code;
    const outside = await search(operator, `q=No.&kelurahan=${other}`);
    expect(outside.total).toBe(0);
    expect(outside.households).toEqual([]);
    for (const bad of ['kelurahan=33.74', 'rw=0', 'rw=abc']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/households?q=No.&${bad}`,
        headers: { cookie: planner.cookie },
      });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('edits every housing field and the desil source, answered on the record and kept in its history', async () => {
    const id = (
      await db
        .knex('households')
        .where({ period_code: '2025-12', kelurahan_code: MINE, status: 'active' })
        .first<{ id: string }>('id')
    ).id;
    const headers = { cookie: operator.cookie };
    const read = async () =>
      (await app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers })).json<{
        version: number;
        housing: Record<string, unknown>;
      }>();
    const before = await read();
    const changes = {
      desilSource: 'P3KE',
      floorAreaM2: 36.5,
      unfitHouse: true,
      lighting: 'pln_450',
      floorType: 'tanah',
      wallType: 'bambu',
      roofType: 'seng',
      toilet: 'bersama',
      waterSource: 'sumur_terlindung',
      cookingFuel: 'kayu_arang',
      ownership: 'sewa',
    };
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/households/${id}`,
      headers: { ...headers, 'x-csrf-token': operator.csrf },
      payload: { version: before.version, changes },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await read();
    expect(after.housing).toEqual(changes);
    const history = (
      await app.inject({ method: 'GET', url: `/api/v1/households/${id}/history`, headers })
    ).json<Array<{ action: string; changes: Record<string, [unknown, unknown]> }>>();
    const update = history.find((h) => h.action === 'update')!;
    expect(update.changes.desil_source![1]).toBe('P3KE');
    expect(update.changes.cooking_fuel![1]).toBe('kayu_arang');
    // A code outside its list is refused before anything is stored.
    const bad = await app.inject({
      method: 'PATCH',
      url: `/api/v1/households/${id}`,
      headers: { ...headers, 'x-csrf-token': operator.csrf },
      payload: { version: after.version, changes: { roofType: 'jerami' } },
    });
    expect(bad.statusCode).toBe(400);
  });
});
