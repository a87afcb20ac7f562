// Case plans, steps, merges and verifications as units of work: the change and its audit row commit together
// (an audit log that refuses the row takes the change back with it), every person-level read writes its row
// (and answers nothing if it cannot), a finalized period refuses every write, and the services act the same
// for the CLI as for the API, with the CLI's own actor on the row.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { cliActor } from '../../server/services/actor.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const KEL = '33.74.02.1008'; // t.operator's kelurahan
const OPEN = '2025-12';
const FINALIZED = '2025-07';

interface AuditRow {
  action: string;
  entity: string;
  entity_ids: string[];
  period_code: string | null;
  username: string | null;
  via: string;
  changes: unknown;
}

describe('case plans and duplicates: one transaction for a change and its audit row', () => {
  let db: ScratchDatabase;
  let owner: Knex;
  let app: FastifyInstance;
  let operator: TestSession;
  let opd: TestSession;
  let households: Array<{ id: string; version: number }>;

  beforeAll(async () => {
    db = await scratchDatabase('case_plan_tx');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 300,
      seed: 23,
      periods: [FINALIZED, OPEN],
    });
    await createTestUsers(db.knex);
    owner = createKnex({ url: db.ownerUrl, poolMax: 1 });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    opd = await login(app, 't.opd');
    households = await db
      .knex('households')
      .where({ period_code: OPEN, kelurahan_code: KEL, status: 'active' })
      .orderBy('id')
      .limit(3)
      .select<Array<{ id: string; version: number }>>('id', 'version');
    expect(households).toHaveLength(3);
  });
  afterEach(async () => {
    await owner.raw('drop trigger if exists test_refuse_audit on audit_log');
  });
  afterAll(async () => {
    await app.close();
    await owner.destroy();
    await db.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, s: TestSession, payload?: object) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
  const lastAuditId = async () =>
    Number((await db.knex('audit_log').max<{ max: string | null }>('id as max').first())!.max ?? 0);
  const auditAfter = (id: number) =>
    db
      .knex('audit_log')
      .where('id', '>', id)
      .orderBy('id')
      .select<AuditRow[]>('action', 'entity', 'entity_ids', 'period_code', 'username', 'via', 'changes');
  /** From now on the audit log refuses rows of these actions, as a full disk or a lost grant would. */
  const refuseAudit = async (actions: ReadonlyArray<'read' | 'create' | 'update' | 'merge'>) => {
    await owner.raw(`create or replace function test_refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit log unavailable (test)' using errcode = 'XX000'; end $$`);
    await owner.raw(`create trigger test_refuse_audit before insert on audit_log for each row
      when (new.action::text in (${actions.map((a) => `'${a}'`).join(', ')}))
      execute function test_refuse_audit()`);
  };
  const household = (id: string) =>
    db
      .knex('households')
      .where({ period_code: OPEN, id })
      .first<{ version: number; status: string; verification_status: string }>(
        'version',
        'status',
        'verification_status',
      );

  it('takes back a new step, a new need and a need marked met when their audit row fails', async () => {
    const [h] = households;
    const need = await call('POST', `/api/v1/households/${h!.id}/needs`, operator, {
      code: (await db.knex('need_categories').first<{ code: string }>('code')).code,
    });
    expect(need.statusCode, need.body).toBe(201);
    const needId = need.json<{ id: string }>().id;
    const stepsBefore = await db
      .knex('handling_steps')
      .where({ household_id: h!.id })
      .count<[{ count: string }]>();
    const needsBefore = await db
      .knex('household_needs')
      .where({ household_id: h!.id })
      .count<[{ count: string }]>();
    const before = await lastAuditId();

    await refuseAudit(['create', 'update']);
    const step = await call('POST', `/api/v1/households/${h!.id}/steps`, operator, {
      action: 'Kunjungan rumah',
      opd: 'dinsos',
      program: 'pkh',
    });
    expect(step.statusCode).toBe(500);
    const need2 = await call('POST', `/api/v1/households/${h!.id}/needs`, operator, {
      code: (await db.knex('need_categories').first<{ code: string }>('code')).code,
    });
    expect(need2.statusCode).toBe(500);
    expect((await call('PATCH', `/api/v1/needs/${needId}`, operator, { met: true })).statusCode).toBe(500);

    expect(await db.knex('handling_steps').where({ household_id: h!.id }).count()).toEqual(stepsBefore);
    expect(await db.knex('household_needs').where({ household_id: h!.id }).count()).toEqual(needsBefore);
    expect((await db.knex('household_needs').where({ id: needId }).first<{ met: boolean }>('met')).met).toBe(
      false,
    );
    expect(await auditAfter(before)).toEqual([]);
  });

  it('takes back a step update, a merge and a verification when their audit row fails', async () => {
    const [a, b, c] = households;
    const added = await call('POST', `/api/v1/households/${a!.id}/steps`, operator, {
      action: 'Verifikasi kelayakan',
      opd: 'dinsos',
      program: 'pkh',
    });
    const stepId = added.json<{ id: string }>().id;
    const [beforeB, beforeC] = [await household(b!.id), await household(c!.id)];
    const members = await db.knex('members').where({ period_code: OPEN, household_id: c!.id }).pluck('id');

    await refuseAudit(['update', 'merge']);
    expect(
      (await call('PATCH', `/api/v1/steps/${stepId}`, opd, { version: 1, status: 'ongoing' })).statusCode,
    ).toBe(500);
    const merge = await call('POST', `/api/v1/households/${c!.id}/merge`, operator, {
      into: b!.id,
      version: beforeC.version,
      intoVersion: beforeB.version,
    });
    expect(merge.statusCode).toBe(500);
    const verify = await call('POST', `/api/v1/households/${b!.id}/verify`, operator, {
      version: beforeB.version,
      status: 'verified',
    });
    expect(verify.statusCode).toBe(500);

    const step = await db
      .knex('handling_steps')
      .where({ id: stepId })
      .first<{ status: string; version: number }>();
    expect(step).toMatchObject({ status: 'planned', version: 1 });
    expect(await household(b!.id)).toEqual(beforeB);
    expect(await household(c!.id)).toEqual(beforeC);
    expect(await db.knex('members').where({ period_code: OPEN, household_id: c!.id }).pluck('id')).toEqual(
      members,
    );

    // With the audit log back, the same requests go through and are recorded.
    await owner.raw('drop trigger test_refuse_audit on audit_log');
    const mark = await lastAuditId();
    expect(
      (await call('PATCH', `/api/v1/steps/${stepId}`, opd, { version: 1, status: 'ongoing' })).statusCode,
    ).toBe(200);
    const merged = await call('POST', `/api/v1/households/${c!.id}/merge`, operator, {
      into: b!.id,
      version: beforeC.version,
      intoVersion: beforeB.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await household(c!.id)).status).toBe('merged');
    expect((await auditAfter(mark)).map((r) => [r.action, r.entity, r.username])).toEqual([
      ['update', 'handling_step', 't.opd'],
      ['merge', 'household', 't.operator'],
    ]);
  });

  it('audits every person-level read, and answers nothing when the row cannot be written', async () => {
    const [a] = households;
    const before = await lastAuditId();
    expect((await call('GET', `/api/v1/households/${a!.id}/case-plan`, operator)).statusCode).toBe(200);
    const listed = await call('GET', '/api/v1/steps', opd);
    expect(listed.statusCode).toBe(200);
    const overdue = await call('GET', '/api/v1/steps/overdue', opd);
    expect(overdue.statusCode).toBe(200);
    expect((await call('GET', '/api/v1/duplicates', operator)).statusCode).toBe(200);
    const rows = await auditAfter(before);
    expect(rows.map((r) => [r.action, r.entity, r.username, r.period_code, r.via])).toEqual([
      ['read', 'case_plan', 't.operator', OPEN, 'api'],
      ['read', 'handling_steps', 't.opd', OPEN, 'api'],
      ['read', 'handling_steps_overdue', 't.opd', OPEN, 'api'],
      ['read', 'duplicates', 't.operator', OPEN, 'api'],
    ]);
    expect(rows[0]!.entity_ids).toEqual([a!.id]);
    const listedHouseholds = listed
      .json<{ steps: Array<{ householdId: string }> }>()
      .steps.map((s) => s.householdId);
    expect(listedHouseholds.length).toBeGreaterThan(0);
    expect(rows[1]!.entity_ids).toEqual(listedHouseholds);
    const areas = overdue.json<{ asOf: string; areas: Array<{ code: string; open: number }> }>();
    expect(rows[2]!.entity_ids).toEqual(areas.areas.filter((x) => x.open > 0).map((x) => x.code));
    expect(rows[2]!.changes).toEqual({ asOf: areas.asOf });

    await refuseAudit(['read']);
    const refused = await call('GET', `/api/v1/households/${a!.id}/case-plan`, operator);
    expect(refused.statusCode).toBe(500);
    expect(refused.body).not.toContain(a!.id);
    expect((await call('GET', '/api/v1/steps', opd)).statusCode).toBe(500);
  });

  it('refuses every write to a finalized period, and names an unknown one', async () => {
    const id = await db
      .knex('households')
      .where({ period_code: FINALIZED, kelurahan_code: KEL, status: 'active' })
      .orderBy('id')
      .limit(2)
      .select<Array<{ id: string; version: number }>>('id', 'version');
    const before = await lastAuditId();
    const writes = [
      call('POST', `/api/v1/households/${id[0]!.id}/steps`, operator, {
        period: FINALIZED,
        action: 'Kunjungan rumah',
        opd: 'dinsos',
      }),
      call('POST', `/api/v1/households/${id[0]!.id}/problems`, operator, { period: FINALIZED, code: 'x' }),
      call('POST', `/api/v1/households/${id[0]!.id}/merge`, operator, {
        period: FINALIZED,
        into: id[1]!.id,
        version: id[0]!.version,
        intoVersion: id[1]!.version,
      }),
      call('POST', `/api/v1/households/${id[0]!.id}/verify`, operator, {
        period: FINALIZED,
        version: id[0]!.version,
        status: 'verified',
      }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json<{ type: string }>().type).toBe('/api/v1/problems/period-finalized');
    }
    expect(await auditAfter(before)).toEqual([]);
    const unknown = await call('POST', `/api/v1/households/${id[0]!.id}/steps`, operator, {
      period: '2019-01',
      action: 'Kunjungan rumah',
      opd: 'dinsos',
    });
    expect(unknown.statusCode).toBe(404);
    // Reading a finalized period's plan is fine (staff see every period).
    expect(
      (await call('GET', `/api/v1/households/${id[0]!.id}/case-plan?period=${FINALIZED}`, operator))
        .statusCode,
    ).toBe(200);
  });

  it('acts for the CLI the same way, with the OS user and via cli on the row', async () => {
    const [c] = households;
    const actor = cliActor('33.74');
    const before = await lastAuditId();
    const { id } = await app.services.steps.add(actor, c!.id, { action: 'Rujukan puskesmas', opd: 'dinsos' });
    const updated = await app.services.steps.update(actor, id, { version: 1, status: 'done' });
    expect(updated.version).toBe(2);
    expect(updated.changes.status).toEqual(['planned', 'done']);
    const rows = await auditAfter(before);
    expect(rows.map((r) => [r.action, r.entity, r.entity_ids, r.via, r.username])).toEqual([
      ['create', 'handling_step', [c!.id, id], 'cli', actor.username],
      ['update', 'handling_step', [c!.id, id], 'cli', actor.username],
    ]);
    await expect(
      app.services.steps.update(actor, id, { version: 1, status: 'ongoing' }),
    ).rejects.toMatchObject({
      status: 409,
      slug: 'stale-version',
    });
  });
});
