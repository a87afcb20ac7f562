// Editing household records: optimistic locking (two stale writers → one 409), field-level history, members'
// disabilities, leaving with a reason (out of current counts, still a record), scope and finalized periods.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { makeNik } from '../../server/domain/nik.ts';
import { kelurahanPoint } from '../support/import-files.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

interface HouseholdRecord {
  id: string;
  version: number;
  desil: number | null;
  status: string;
  members: Array<{ id: string; disabilities: Array<{ type: string; severity: string }> }>;
}

describe('household editing', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let operator: TestSession;
  let admin: TestSession;
  let planner: TestSession;
  let mine: string; // a household in the operator's kelurahan
  let other: string;

  beforeAll(async () => {
    db = await scratchDatabase('household_edit');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1500,
      seed: 31,
      periods: ['2025-07', '2025-12'],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    admin = await login(app, 't.admin');
    planner = await login(app, 't.planner');
    const pick = async (inside: boolean) =>
      (
        await db
          .knex('households')
          .where({ period_code: '2025-12', status: 'active' })
          .where('kelurahan_code', inside ? '=' : '<>', '33.74.02.1008')
          .whereNotNull('desil')
          .first<{ id: string }>('id')
      ).id;
    mine = await pick(true);
    other = await pick(false);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const send = (
    method: 'PATCH' | 'POST',
    url: string,
    payload: Record<string, unknown> | object,
    s: TestSession = operator,
  ) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
  const read = async (id: string, s: TestSession = operator) =>
    (
      await app.inject({ method: 'GET', url: `/api/v1/households/${id}`, headers: { cookie: s.cookie } })
    ).json<HouseholdRecord>();

  it('creates a household with its members by the import rules, and refuses bad or duplicate ones with reasons', async () => {
    const point = await kelurahanPoint(db.knex, '33.74.02.1008');
    const body = {
      kk: '3374021201259801',
      kelurahan: '33.74.02.1008',
      address: 'Jl. Baru No. 1',
      desil: 2,
      location: { lon: point.lon, lat: point.lat },
      members: [
        {
          nik: makeNik('33.74.02', '1979-05-04', 'L', 9801),
          name: 'Kepala Baru',
          sex: 'L',
          birthDate: '04/05/1979',
          relation: 'kepala_keluarga',
        },
        {
          nik: makeNik('33.74.02', '2012-10-20', 'P', 9802),
          name: 'Anak Baru',
          sex: 'P',
          birthDate: '2012-10-20',
          relation: 'anak',
          disabilities: [{ type: 'fisik', severity: 'sedang' }],
        },
      ],
    };
    const res = await send('POST', '/api/v1/households', body);
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string; locationCheck: string }>();
    expect(res.json<{ locationCheck: string }>().locationCheck).toBe('inside');
    const created = await read(id);
    expect(created.members).toHaveLength(2);
    expect(created.members.some((m) => m.disabilities.length === 1)).toBe(true);
    expect((await send('POST', '/api/v1/households', body)).statusCode).toBe(409); // the same KK again
    const bad = await send('POST', '/api/v1/households', {
      ...body,
      kk: '3374021201259802',
      members: [{ ...body.members[0]!, nik: makeNik('33.74.02', '1979-05-05', 'L', 9803) }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: Array<{ column: string; reason: string }> }>().errors[0]).toMatchObject({
      column: 'nik',
      reason: 'NIK birth date does not match the recorded birth date',
    });
    const elsewhere = await send('POST', '/api/v1/households', {
      ...body,
      kk: '3374011201259803',
      kelurahan: '33.74.01.1001',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json<{ detail: string }>().detail).toMatch(/only kelurahan 33\.74\.02\.1008/);
  });

  it('adds a member (a birth) under the version, validated as an import row', async () => {
    const rec = await read(other, admin);
    const baby = {
      nik: makeNik('33.74.01', '2025-09-15', 'P', 9811),
      name: 'Bayi Baru',
      sex: 'P',
      birthDate: '15/09/2025',
      relation: 'anak',
    };
    const wrong = await send(
      'POST',
      `/api/v1/households/${other}/members`,
      { version: rec.version, member: { ...baby, sex: 'L' } },
      admin,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ detail: string }>().detail).toMatch(/nik: NIK sex/);
    const res = await send(
      'POST',
      `/api/v1/households/${other}/members`,
      { version: rec.version, member: baby },
      admin,
    );
    expect(res.statusCode, res.body).toBe(201);
    const after = await read(other, admin);
    expect(after.members).toHaveLength(rec.members.length + 1);
    expect(after.version).toBe(rec.version + 1);
    const again = await send(
      'POST',
      `/api/v1/households/${other}/members`,
      { version: after.version, member: baby },
      admin,
    );
    expect(again.statusCode).toBe(409); // the NIK is registered now
    expect(
      (
        await send(
          'POST',
          `/api/v1/households/${other}/members`,
          { version: rec.version, member: baby },
          admin,
        )
      ).statusCode,
    ).toBe(409);
  });

  it('lets one of two writers with the same version win; the other gets 409 with the current record', async () => {
    const start = await read(mine);
    const newDesil = start.desil === 1 ? 2 : 1;
    const first = await send('PATCH', `/api/v1/households/${mine}`, {
      version: start.version,
      changes: { desil: newDesil },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      version: start.version + 1,
      changes: { desil: [start.desil, newDesil] },
    });
    const second = await send(
      'PATCH',
      `/api/v1/households/${mine}`,
      { version: start.version, changes: { desil: 9 } },
      admin,
    );
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      type: '/api/v1/problems/stale-version',
      current: { version: start.version + 1, desil: newDesil },
    });
    expect((await read(mine)).desil).toBe(newDesil);
  });

  it("edits a member's disability, and the history shows who changed what, field by field", async () => {
    const rec = await read(mine);
    const member = rec.members[0]!;
    const res = await send('PATCH', `/api/v1/households/${mine}/members/${member.id}`, {
      version: rec.version,
      changes: { disabilities: [{ type: 'sensorik_netra', severity: 'berat' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await read(mine)).members.find((m) => m.id === member.id)!.disabilities).toEqual([
      { type: 'sensorik_netra', severity: 'berat' },
    ]);
    const history = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/households/${mine}/history`,
        headers: { cookie: planner.cookie },
      })
    ).json<Array<{ username: string; action: string; entity: string; changes: Record<string, unknown> }>>();
    expect(history.map((h) => [h.username, h.action, h.entity, Object.keys(h.changes)])).toEqual([
      ['t.operator', 'update', 'household', ['desil']],
      ['t.operator', 'update', 'member', ['disabilities']],
    ]);
    expect(history[1]!.changes.disabilities).toEqual([
      member.disabilities,
      [{ type: 'sensorik_netra', severity: 'berat' }],
    ]);
  });

  it('takes a household out of the current counts when it leaves, keeping the record', async () => {
    const count = async () =>
      (
        await app.inject({
          method: 'GET',
          url: '/api/v1/indicators/poor_households?period=2025-12&level=city',
          headers: { cookie: planner.cookie },
        })
      ).json<{ values: Array<{ denominator: number | null; numerator: number }> }>().values[0]!;
    const households = async () =>
      (
        await db.knex.raw<{ rows: Array<{ n: number }> }>(
          `select count(*)::int n from households where period_code = '2025-12' and status = 'active'`,
        )
      ).rows[0]!.n;
    const before = await households();
    const rec = await read(mine);
    const res = await send('POST', `/api/v1/households/${mine}/leave`, {
      version: rec.version,
      reason: 'moved_out',
      on: '2025-11-20',
      note: 'pindah ke Kendal',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await households()).toBe(before - 1);
    expect((await read(mine)).status).toBe('moved_out');
    expect((await count()).numerator).toBeGreaterThan(0);
    const history = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/households/${mine}/history`,
        headers: { cookie: operator.cookie },
      })
    ).json<Array<{ action: string }>>();
    expect(history.at(-1)!.action).toBe('leave');
  });

  it('refuses another kelurahan (404), a location outside the region (400) and a finalized period (409)', async () => {
    const theirs = await db
      .knex('households')
      .where({ period_code: '2025-12', id: other })
      .first<{ version: number }>('version');
    expect(
      (await send('PATCH', `/api/v1/households/${other}`, { version: theirs.version, changes: { desil: 2 } }))
        .statusCode,
    ).toBe(404);
    const rec = await read(other, admin);
    const outside = await send(
      'PATCH',
      `/api/v1/households/${other}`,
      { version: rec.version, changes: { location: { lon: 110.0, lat: -7.5 } } },
      admin,
    );
    expect(outside.statusCode).toBe(400);
    expect((await read(other, admin)).version).toBe(rec.version); // nothing stored
    const old = await db
      .knex('households')
      .where({ period_code: '2025-07' })
      .first<{ id: string; version: number }>('id', 'version');
    const finalized = await send(
      'PATCH',
      `/api/v1/households/${old.id}`,
      { version: old.version, period: '2025-07', changes: { desil: 2 } },
      admin,
    );
    expect(finalized.statusCode).toBe(409);
    expect(finalized.json<{ type: string }>().type).toBe('/api/v1/problems/period-finalized');
  });
});
