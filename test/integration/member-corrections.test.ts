// Correcting a member (name, birth date, relation) and adding one with a reason (a birth, a move-in): what the
// records screen sends (#16 task 4). A corrected birth date re-checks the NIK it is encoded in; an impossible or
// future date is refused in the caller's language; the reason and every correction reach the history.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { makeNik } from '../../server/domain/nik.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

interface Member {
  id: string;
  name: string;
  birthDate: string;
  relation: string;
  nikValid: boolean;
}

describe('member corrections', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let operator: TestSession;
  let mine: string;

  beforeAll(async () => {
    db = await scratchDatabase('member_corrections');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 400, seed: 7, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    mine = (
      await db
        .knex('households')
        .where({ period_code: '2025-12', status: 'active', kelurahan_code: '33.74.02.1008' })
        .first<{ id: string }>('id')
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const send = (method: 'PATCH' | 'POST', url: string, payload: object, lang = 'id') =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf, 'accept-language': lang },
    });
  const read = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/households/${mine}`,
        headers: { cookie: operator.cookie },
      })
    ).json<{ version: number; members: Member[] }>();
  const history = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/households/${mine}/history`,
        headers: { cookie: operator.cookie },
      })
    ).json<Array<{ entity: string; changes: Record<string, [unknown, unknown]> }>>();

  it('adds a born child with the reason in the history, and refuses an unknown reason', async () => {
    const rec = await read();
    const member = {
      nik: makeNik('33.74.02', '2025-11-03', 'P', 9301),
      name: 'Bayi Uji',
      sex: 'P',
      birthDate: '2025-11-03',
      relation: 'anak',
    };
    const bad = await send('POST', `/api/v1/households/${mine}/members`, {
      version: rec.version,
      reason: 'adopted',
      member,
    });
    expect(bad.statusCode).toBe(400);
    const res = await send('POST', `/api/v1/households/${mine}/members`, {
      version: rec.version,
      reason: 'birth',
      member,
    });
    expect(res.statusCode, res.body).toBe(201);
    const added = (await history()).find((h) => h.entity === 'member' && h.changes.reason);
    expect(added?.changes.reason).toEqual([null, 'birth']);
  });

  it("corrects a member's name, birth date and relation; the NIK is checked against the new date", async () => {
    const rec = await read();
    const m = rec.members.find((x) => x.nikValid)!;
    const res = await send('PATCH', `/api/v1/households/${mine}/members/${m.id}`, {
      version: rec.version,
      changes: { name: 'Nama Dibetulkan', birthDate: '1990-01-02', relation: 'famili_lain' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Object.keys(res.json<{ changes: object }>().changes).sort()).toEqual([
      'birth_date',
      'name',
      'relation',
    ]);
    const after = (await read()).members.find((x) => x.id === m.id)!;
    expect(after).toMatchObject({
      name: 'Nama Dibetulkan',
      birthDate: '1990-01-02',
      relation: 'famili_lain',
    });
    // The seeded NIK encodes the old birth date, which 1990-01-02 is not (the seed draws no one born then).
    expect(after.nikValid).toBe(m.birthDate === '1990-01-02');
    const last = (await history()).at(-1)!;
    expect(last.changes.name).toEqual([m.name, 'Nama Dibetulkan']);

    // Back to the true date: the NIK is consistent again.
    const back = await send('PATCH', `/api/v1/households/${mine}/members/${m.id}`, {
      version: res.json<{ version: number }>().version,
      changes: { birthDate: m.birthDate },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await read()).members.find((x) => x.id === m.id)!.nikValid).toBe(true);
  });

  it('refuses an impossible or future birth date, in the caller’s language', async () => {
    const rec = await read();
    const m = rec.members[0]!;
    for (const [birthDate, lang, words] of [
      ['2025-02-30', 'en', 'not a valid date'],
      ['2999-01-01', 'id', 'masa depan'],
    ] as const) {
      const res = await send(
        'PATCH',
        `/api/v1/households/${mine}/members/${m.id}`,
        { version: rec.version, changes: { birthDate } },
        lang,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json<{ detail: string }>().detail).toContain(words);
    }
    expect((await read()).version).toBe(rec.version);
  });
});
