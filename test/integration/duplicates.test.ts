// Duplicates: listed by shared NIK, merged (the duplicate's own people move, it stays as a merged record out of
// every count, both histories show the merge), and field verification recorded with who and when.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { makeNik } from '../../server/domain/nik.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const KEL = '33.74.02.1008';
const PERIOD = '2025-12';

describe('duplicates and verification', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let operator: TestSession;
  let survivor: { id: string; version: number };
  let duplicate: string;
  let uniqueMember: string;

  beforeAll(async () => {
    db = await scratchDatabase('duplicates');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 900,
      seed: 51,
      periods: [PERIOD],
      defects: { invalidNik: 0, duplicateNik: 0, deceasedActive: 0, pointOutside: 0 },
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    // A second record of a household of the operator's kelurahan: one shared person, one only it has.
    const a = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .whereExists(
        (e) =>
          void e
            .select(1)
            .from('members as m')
            .whereRaw(
              'm.period_code = households.period_code and m.household_id = households.id and m.nik is not null',
            ),
      )
      .first<{ id: string; version: number }>('id', 'version');
    survivor = a;
    const shared = await db
      .knex('members')
      .where({ period_code: PERIOD, household_id: a.id })
      .whereNotNull('nik')
      .first<{ nik: string; name: string; sex: string; birth_date: string }>(
        'nik',
        'name',
        'sex',
        'birth_date',
      );
    duplicate = randomUUID();
    uniqueMember = randomUUID();
    await db.knex('households').insert({
      region_code: '33.74',
      period_code: PERIOD,
      id: duplicate,
      kk: '3374021201259900',
      kelurahan_code: KEL,
      record_source: 'ENTRI_KELURAHAN',
      desil: 3,
    });
    await db.knex('members').insert([
      {
        region_code: '33.74',
        period_code: PERIOD,
        id: randomUUID(),
        household_id: duplicate,
        nik: shared.nik,
        nik_valid: true,
        name: shared.name,
        sex: shared.sex,
        birth_date: shared.birth_date,
        relation: 'kepala_keluarga',
      },
      {
        region_code: '33.74',
        period_code: PERIOD,
        id: uniqueMember,
        household_id: duplicate,
        nik: makeNik('33.74.02', '2015-04-09', 'P', 9876),
        nik_valid: true,
        name: 'Anak Hanya Di Duplikat',
        sex: 'P',
        birth_date: '2015-04-09',
        relation: 'anak',
      },
    ]);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: operator.cookie, 'x-csrf-token': operator.csrf },
    });
  const active = async () =>
    (
      await db.knex.raw<{ rows: Array<{ n: number }> }>(
        `select count(*)::int n from households where period_code = ? and status = 'active'`,
        [PERIOD],
      )
    ).rows[0]!.n;

  it('lists the pair that shares a NIK, masked', async () => {
    const res = await call('GET', '/api/v1/duplicates');
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json<{
      groups: Array<{ reason: string; key: string; households: Array<{ id: string }> }>;
    }>().groups;
    const ours = groups.find((g) => g.households.some((h) => h.id === duplicate))!;
    expect(ours.reason).toBe('nik');
    expect(ours.key).toMatch(/^\d{4}•{8}\d{4}$/);
    expect(ours.households.map((h) => h.id).sort()).toEqual([duplicate, survivor.id].sort());
  });

  it('merges: the duplicate leaves the counts, its own person moves over, both histories record it', async () => {
    const before = await active();
    const stale = await call('POST', `/api/v1/households/${duplicate}/merge`, {
      into: survivor.id,
      version: 1,
      intoVersion: survivor.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    const res = await call('POST', `/api/v1/households/${duplicate}/merge`, {
      into: survivor.id,
      version: 1,
      intoVersion: survivor.version,
      note: 'KK ganda dari entri kelurahan',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ movedMembers: 1 });
    expect(await active()).toBe(before - 1);
    const dup = await db
      .knex('households')
      .where({ period_code: PERIOD, id: duplicate })
      .first<{ status: string; merged_into: string }>('status', 'merged_into');
    expect(dup).toEqual({ status: 'merged', merged_into: survivor.id });
    const moved = await db
      .knex('members')
      .where({ period_code: PERIOD, id: uniqueMember })
      .first<{ household_id: string }>('household_id');
    expect(moved.household_id).toBe(survivor.id);
    for (const id of [duplicate, survivor.id]) {
      const history = (await call('GET', `/api/v1/households/${id}/history`)).json<
        Array<{ action: string }>
      >();
      expect(
        history.map((h) => h.action),
        id,
      ).toContain('merge');
    }
    expect(
      (await call('GET', '/api/v1/duplicates'))
        .json<{ groups: Array<{ households: Array<{ id: string }> }> }>()
        .groups.some((g) => g.households.some((h) => h.id === duplicate)),
    ).toBe(false);
  });

  it('records a verification with who and when, under the version', async () => {
    const current = await db
      .knex('households')
      .where({ period_code: PERIOD, id: survivor.id })
      .first<{ version: number }>('version');
    expect(
      (
        await call('POST', `/api/v1/households/${survivor.id}/verify`, {
          version: current.version - 1,
          status: 'verified',
        })
      ).statusCode,
    ).toBe(409);
    const res = await call('POST', `/api/v1/households/${survivor.id}/verify`, {
      version: current.version,
      status: 'verified',
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await db
      .knex('households as h')
      .join('users as u', 'u.id', 'h.verified_by')
      .where({ 'h.period_code': PERIOD, 'h.id': survivor.id })
      .first<{ verification_status: string; username: string; verified_on: string }>(
        'h.verification_status',
        'u.username',
        'h.verified_on',
      );
    expect(row).toMatchObject({ verification_status: 'verified', username: 't.operator' });
    expect(row.verified_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
