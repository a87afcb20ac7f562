// A change and its audit row commit together: with the audit insert made to fail (a constraint the owner adds
// for one kind of row), a rule change, a user's creation and disabling, a period's finalizing and opening, a
// login and a logout all leave nothing behind. Views of the audit log are audited themselves, and the CLI's
// actor reaches the same services and audits as 'cli'.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { cliActor } from '../../server/services/actor.ts';
import { createTestUsers, login, TEST_PASSWORD, type TestSession } from '../support/auth-fixtures.ts';
import { closeEveryKelurahan } from '../support/cycle.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

describe('services write a change and its audit row in one transaction', () => {
  let db: ScratchDatabase;
  let owner: Knex;
  let app: FastifyInstance;
  let admin: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('service_trx');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 300,
      seed: 9,
      periods: ['2025-07', '2025-12'],
    });
    await createTestUsers(db.knex);
    await closeEveryKelurahan(db.knex, '2025-12');
    owner = createKnex({ url: db.ownerUrl, poolMax: 1 });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
  });
  afterAll(async () => {
    await owner.destroy();
    await app.close();
    await db.drop();
  });

  /** Makes every audit insert matching `sql` fail while `work` runs. */
  async function withAuditRefused<T>(sql: string, work: () => Promise<T>): Promise<T> {
    await owner.raw(`alter table audit_log add constraint test_audit_refused check (not (${sql})) not valid`);
    try {
      return await work();
    } finally {
      await owner.raw('alter table audit_log drop constraint test_audit_refused');
    }
  }
  const send = (method: 'POST' | 'PUT' | 'GET', url: string, payload?: object, s: TestSession = admin) =>
    app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  const auditCount = async () => Number((await db.knex('audit_log').count({ n: '*' }))[0]!.n);

  it('rolls a rule change back when its audit row cannot be written', async () => {
    const before = await db
      .knex('programs')
      .where({ program_code: 'pkh' })
      .first<{ version: number; eligibility_rule: unknown }>('version', 'eligibility_rule');
    const rule = { field: 'desil', op: 'lte', value: 2 };
    const res = await withAuditRefused("entity = 'program_rule'", () =>
      send('PUT', '/api/v1/programs/pkh/rule', { rule, version: before.version }),
    );
    expect(res.statusCode).toBe(500);
    expect(
      await db
        .knex('programs')
        .where({ program_code: 'pkh' })
        .first<{ version: number; eligibility_rule: unknown }>('version', 'eligibility_rule'),
    ).toEqual(before);
    // The same change goes through once the audit log takes rows again.
    const ok = await send('PUT', '/api/v1/programs/pkh/rule', { rule, version: before.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ version: number }>().version).toBe(before.version + 1);
  });

  it('creates no user and disables none without the audit row', async () => {
    const payload = {
      username: 'new.planner',
      displayName: 'New Planner',
      role: 'planner',
      password: TEST_PASSWORD,
    };
    const refused = await withAuditRefused("entity = 'user' and action = 'admin'", () =>
      send('POST', '/api/v1/users', payload),
    );
    expect(refused.statusCode).toBe(500);
    expect(await db.knex('users').where({ username: 'new.planner' }).first()).toBeUndefined();

    const operator = await login(app, 't.operator');
    const id = (await db.knex('users').where({ username: 't.operator' }).first<{ id: string }>('id')).id;
    const disable = await withAuditRefused("entity = 'user' and action = 'admin'", () =>
      send('POST', `/api/v1/users/${id}/disable`),
    );
    expect(disable.statusCode).toBe(500);
    expect(await db.knex('users').where({ id }).first<{ disabled: boolean }>('disabled')).toEqual({
      disabled: false,
    });
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: operator.cookie } });
    expect(me.json<{ user: { username: string } | null }>().user?.username).toBe('t.operator');
  });

  it('neither finalizes nor opens a period without its audit row', async () => {
    const status = async (code: string) =>
      (await db.knex('periods').where({ period_code: code }).first<{ status: string } | undefined>('status'))
        ?.status;
    const finalize = await withAuditRefused("action = 'period_finalize'", () =>
      send('POST', '/api/v1/periods/2025-12/finalize'),
    );
    expect(finalize.statusCode).toBe(500);
    expect(await status('2025-12')).toBe('open');
    expect((await send('POST', '/api/v1/periods/2025-12/finalize')).statusCode).toBe(200);

    const open = await withAuditRefused("action = 'period_open'", () =>
      send('POST', '/api/v1/periods', { code: '2026-07' }),
    );
    expect(open.statusCode).toBe(500);
    expect(await status('2026-07')).toBeUndefined();
    expect(await db.knex('households').where({ period_code: '2026-07' }).first()).toBeUndefined();
    const opened = await send('POST', '/api/v1/periods', { code: '2026-07' });
    expect(opened.statusCode, opened.body).toBe(201);
    const row = await db
      .knex('audit_log')
      .where({ action: 'period_open' })
      .first<{ username: string; via: string; changes: { carriedFrom: string } }>(
        'username',
        'via',
        'changes',
      );
    expect(row).toMatchObject({ username: 't.admin', via: 'api', changes: { carriedFrom: '2025-12' } });
  });

  it('starts no session and ends none without the audit row', async () => {
    const sessions = async () => Number((await db.knex('sessions').count({ n: '*' }))[0]!.n);
    const before = await sessions();
    const refused = await withAuditRefused("action = 'login'", () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.planner', password: TEST_PASSWORD },
      }),
    );
    expect(refused.statusCode).toBe(500);
    expect(await sessions()).toBe(before);

    const planner = await login(app, 't.planner');
    const logout = await withAuditRefused("action = 'logout'", () =>
      send('POST', '/api/v1/auth/logout', undefined, planner),
    );
    expect(logout.statusCode).toBe(500);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: { cookie: planner.cookie } });
    expect(me.json<{ user: { username: string } | null }>().user?.username).toBe('t.planner');
    expect((await send('POST', '/api/v1/auth/logout', undefined, planner)).statusCode).toBe(204);
  });

  it('audits every view and export of the audit log with the filter used', async () => {
    const view = await send('GET', '/api/v1/audit?action=login&limit=5');
    expect(view.statusCode, view.body).toBe(200);
    const listed = view.json<Array<{ action: string; entity: string }>>();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((r) => r.action === 'login')).toBe(true);
    const last = () =>
      db
        .knex('audit_log')
        .where({ entity: 'audit_log' })
        .orderBy('id', 'desc')
        .first<{ action: string; username: string; via: string; changes: unknown }>(
          'action',
          'username',
          'via',
          'changes',
        );
    expect(await last()).toEqual({
      action: 'read',
      username: 't.admin',
      via: 'api',
      changes: { filter: { action: 'login', limit: 5 }, rows: listed.length },
    });
    // A view does not list its own row (it is written after the read).
    const again = (await send('GET', '/api/v1/audit?limit=1')).json<Array<{ entity: string }>>();
    expect(again[0]!.entity).toBe('audit_log');

    const file = await send('GET', '/api/v1/audit/export?entity=period&limit=10&lang=en');
    expect(file.statusCode).toBe(200);
    expect(await last()).toMatchObject({
      action: 'export',
      username: 't.admin',
      changes: { filter: { entity: 'period', limit: 10 } },
    });
  });

  it('answers no audit-log view whose own audit row cannot be written', async () => {
    const before = await auditCount();
    const res = await withAuditRefused("entity = 'audit_log'", () => send('GET', '/api/v1/audit?limit=5'));
    expect(res.statusCode).toBe(500);
    expect(await auditCount()).toBe(before);
  });

  it('takes the CLI through the same services, its rows naming the OS user with via cli', async () => {
    const actor = cliActor('33.74');
    const id = await app.services.users.create(
      { username: 'cli.planner', displayName: 'CLI Planner', role: 'planner', password: TEST_PASSWORD },
      actor,
    );
    await app.services.users.disableByUsername('cli.planner', actor);
    const rows = await db
      .knex('audit_log')
      .where({ entity: 'user', action: 'admin' })
      .whereRaw('? = any(entity_ids)', [id])
      .orderBy('id')
      .select<Array<{ username: string; via: string; changes: Record<string, unknown> }>>(
        'username',
        'via',
        'changes',
      );
    expect(rows.map((r) => [r.username, r.via, Object.keys(r.changes)[0]])).toEqual([
      [actor.username, 'cli', 'created'],
      [actor.username, 'cli', 'disabled'],
    ]);
    await expect(app.services.users.disableByUsername('nobody.at.all', actor)).rejects.toThrow(
      /No user named nobody\.at\.all/,
    );
  });

  it('resolves an analysis period through PeriodAccess: an unknown one is 404 before any analysis', async () => {
    const res = await send('POST', '/api/v1/analysis/what-if', {
      program: 'pkh',
      period: '2031-01',
      rule: { field: 'desil', op: 'lte', value: 2 },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ detail: string }>().detail).toBe('No period 2031-01.');
    const coverage = await send('GET', '/api/v1/programs/pkh/coverage?period=2031-01');
    expect(coverage.statusCode).toBe(404);
  });
});
