// A change and its audit row commit together or not at all: with the audit insert made to fail (a trigger
// the owner puts on audit_log for one user's rows), a household edit, a member edit, an added member, a new
// household and a leave each answer an error and leave the registry as it was. Person-level reads (history
// included) write their audit row, and a read whose row cannot be written is not answered.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { makeNik } from '../../server/domain/nik.ts';
import { createRepositories } from '../../server/repositories/index.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { kelurahanPoint } from '../support/import-files.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';

describe('a change and its audit row', () => {
  let db: ScratchDatabase;
  let owner: Knex;
  let app: FastifyInstance;
  let admin: TestSession;
  let planner: TestSession;
  let household: { id: string; version: number; desil: number | null; kelurahan_code: string };

  beforeAll(async () => {
    db = await scratchDatabase('audit_atomic');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 300, seed: 7, periods: [PERIOD] });
    await createTestUsers(db.knex);
    owner = createKnex({ url: db.ownerUrl, poolMax: 1 });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    planner = await login(app, 't.planner');
    household = await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active' })
      .whereNotNull('desil')
      .orderBy('id')
      .first('id', 'version', 'desil', 'kelurahan_code');
  });
  afterEach(() => refuseAudit(null));
  afterAll(async () => {
    await app?.close();
    await owner?.destroy();
    await db?.drop();
  });

  /** Makes every audit insert of t.admin with one of `actions` fail; null drops the trigger. */
  async function refuseAudit(actions: string[] | null) {
    await owner.raw('drop trigger if exists test_refuse_audit on audit_log');
    await owner.raw('drop function if exists test_refuse_audit()');
    if (!actions) return;
    const list = actions.map((a) => `'${a}'`).join(', ');
    await owner.raw(`
      create function test_refuse_audit() returns trigger language plpgsql as $$
      begin
        if new.username = 't.admin' and new.action in (${list}) then
          raise exception 'audit insert refused by the test' using errcode = '55000';
        end if;
        return new;
      end $$`);
    await owner.raw(`create trigger test_refuse_audit before insert on audit_log
                     for each row execute function test_refuse_audit()`);
  }

  const send = (method: 'PATCH' | 'POST', url: string, payload: object) =>
    app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
  const row = () =>
    db
      .knex('households')
      .where({ period_code: PERIOD, id: household.id })
      .first<{ version: number; desil: number | null; status: string; updated_at: Date }>(
        'version',
        'desil',
        'status',
        'updated_at',
      );
  const auditRows = (action: string) =>
    db
      .knex('audit_log')
      .where({ action, username: 't.admin' })
      .whereRaw('entity_ids @> ?::text[]', [[household.id]])
      .count<Array<{ count: string }>>('* as count')
      .then((r) => Number(r[0]!.count));
  const firstMember = () =>
    db
      .knex('members')
      .where({ period_code: PERIOD, household_id: household.id })
      .orderBy('id')
      .first<{ id: string; relation: string }>('id', 'relation');
  const disabilities = (memberId: string) =>
    db
      .knex('member_disabilities')
      .where({ period_code: PERIOD, member_id: memberId })
      .orderBy('disability_type')
      .select('disability_type', 'severity');

  it('rolls back a household edit whose audit row fails, and stores it once the audit works', async () => {
    const before = await row();
    const newDesil = before.desil === 1 ? 2 : 1;
    await refuseAudit(['update']);
    const refused = await send('PATCH', `/api/v1/households/${household.id}`, {
      version: before.version,
      changes: { desil: newDesil },
    });
    expect(refused.statusCode).toBe(500);
    expect(await row()).toEqual(before);
    expect(await auditRows('update')).toBe(0);

    await refuseAudit(null);
    const saved = await send('PATCH', `/api/v1/households/${household.id}`, {
      version: before.version,
      changes: { desil: newDesil },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await row()).desil).toBe(newDesil);
    expect(await auditRows('update')).toBe(1);
  });

  it("rolls back a member's edit and an added member whose audit row fails", async () => {
    const before = await row();
    const member = await firstMember();
    const had = await disabilities(member.id);
    const count = () =>
      db.knex('members').where({ period_code: PERIOD, household_id: household.id }).count('* as n');
    const members = await count();
    await refuseAudit(['update', 'create']);
    const edit = await send('PATCH', `/api/v1/households/${household.id}/members/${member.id}`, {
      version: before.version,
      changes: {
        relation: member.relation === 'lainnya' ? 'famili_lain' : 'lainnya',
        disabilities: [{ type: 'sensorik_netra', severity: 'berat' }],
      },
    });
    expect(edit.statusCode).toBe(500);
    expect(await disabilities(member.id)).toEqual(had);
    expect((await firstMember()).relation).toBe(member.relation);
    const baby = {
      nik: makeNik(household.kelurahan_code.slice(0, 8), '2025-09-15', 'P', 9921),
      name: 'Bayi Uji',
      sex: 'P',
      birthDate: '2025-09-15',
      relation: 'anak',
    };
    const added = await send('POST', `/api/v1/households/${household.id}/members`, {
      version: before.version,
      member: baby,
    });
    expect(added.statusCode, added.body).toBe(500);
    expect(await count()).toEqual(members);
    expect(await db.knex('members').where({ period_code: PERIOD, nik: baby.nik }).first()).toBeUndefined();
    expect(await row()).toEqual(before); // the version did not move either
  });

  it('rolls back a leave and a new household whose audit row fails', async () => {
    const before = await row();
    await refuseAudit(['leave', 'create']);
    const leave = await send('POST', `/api/v1/households/${household.id}/leave`, {
      version: before.version,
      reason: 'moved_out',
      on: '2025-11-20',
      note: 'uji atomik',
    });
    expect(leave.statusCode).toBe(500);
    expect(await row()).toEqual(before);
    expect(await auditRows('leave')).toBe(0);

    const kelurahan = household.kelurahan_code;
    const point = await kelurahanPoint(db.knex, kelurahan);
    const kk = `${kelurahan.replace(/\./g, '').slice(0, 6)}1201259901`;
    const created = await send('POST', '/api/v1/households', {
      kk,
      kelurahan,
      location: point,
      members: [
        {
          nik: makeNik(kelurahan.slice(0, 8), '1980-01-02', 'L', 9931),
          name: 'Kepala Uji',
          sex: 'L',
          birthDate: '1980-01-02',
          relation: 'kepala_keluarga',
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(500);
    expect(await db.knex('households').where({ period_code: PERIOD, kk }).first()).toBeUndefined();
  });

  it('audits a history view, and answers no read whose audit row cannot be written', async () => {
    const history = await app.inject({
      method: 'GET',
      url: `/api/v1/households/${household.id}/history`,
      headers: { cookie: planner.cookie },
    });
    expect(history.statusCode, history.body).toBe(200);
    const logged = await db
      .knex('audit_log')
      .where({ action: 'read', entity: 'household_history', username: 't.planner' })
      .orderBy('id', 'desc')
      .first<{ entity_ids: string[]; role: string; via: string }>('entity_ids', 'role', 'via');
    expect(logged).toMatchObject({ entity_ids: [household.id], role: 'planner', via: 'api' });

    await refuseAudit(['read']);
    for (const url of [
      `/api/v1/households/${household.id}`,
      `/api/v1/households/${household.id}/history`,
      `/api/v1/households/${household.id}/identifiers?reason=${encodeURIComponent('uji atomik baca')}`,
      `/api/v1/households?q=${encodeURIComponent('Jl.')}`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      expect(res.statusCode, url).toBe(500);
      expect(res.body, url).not.toMatch(/\d{16}/);
    }
  });

  it('refuses a household write outside a transaction (no row lock, no audit row alongside)', async () => {
    const repos = createRepositories(db.knex);
    await expect(
      repos.householdEdits.update('33.74', PERIOD, household.id, 1, { desil: 3 }, {}),
    ).rejects.toThrow(/inside db\.transaction/);
  });
});
