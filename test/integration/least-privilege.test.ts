// The application's database role can do its work and nothing more: it is no superuser and owns no table,
// may only read and append to the audit log, and every way around that (TRUNCATE, DDL, disabling triggers,
// session_replication_role, COPY … PROGRAM, server files) is refused by PostgreSQL itself.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { withDatabase } from '../../server/db/provision.ts';
import { servingRole } from '../../server/db/roles.ts';
import pg from 'pg';
import { runCli } from '../support/cli.ts';
import { ownerKnex, testKnex } from '../support/test-app.ts';

/** Runs `sql` in a transaction that is always rolled back: a refusal that fails to come cannot do harm. */
async function refused(knex: Knex, sql: string): Promise<string> {
  const error = await knex
    .transaction(async (trx) => {
      await trx.raw(sql);
      throw new Error(`not refused: ${sql}`);
    })
    .catch((err: Error & { code?: string }) => err);
  expect(error.message).not.toMatch(/^not refused/);
  return `${(error as { code?: string }).code ?? ''} ${error.message}`;
}

describe("the application's database role", () => {
  let app: Knex;
  let owner: Knex;
  let tables: string[];
  beforeAll(async () => {
    app = testKnex();
    owner = ownerKnex();
    const { rows } = await owner.raw<{ rows: Array<{ name: string }> }>(
      `select c.relname as name from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
          and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')`,
    );
    tables = rows.map((r) => r.name).sort();
  });
  afterAll(async () => {
    await app.destroy();
    await owner.destroy();
  });

  it('is neither superuser nor owner of anything, and no member of the server-file roles', async () => {
    const who = await servingRole(app);
    expect(who).toEqual({ role: 'sidaksos_app', superuser: false, ownsTables: false });
    const { rows } = await app.raw<{ rows: Array<Record<string, boolean | number>> }>(
      `select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls,
              (select count(*) from pg_class where relowner = r.oid) as owned,
              pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') as exec_program,
              pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') as read_files,
              pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') as write_files,
              pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') as signal,
              has_schema_privilege('public', 'CREATE') as create_in_public,
              has_database_privilege(current_database(), 'CREATE') as create_schema
         from pg_roles r where r.rolname = current_user`,
    );
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      owned: 0,
      exec_program: false,
      read_files: false,
      write_files: false,
      signal: false,
      create_in_public: false,
      create_schema: false,
    });
    // The owner role is no superuser either.
    expect((await servingRole(owner)).superuser).toBe(false);
  });

  it('may read and append to the audit log, never change or remove a row', async () => {
    await app('audit_log').insert({ region_code: '33.74', action: 'read', entity: 'household' });
    expect(Number((await app('audit_log').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
    expect(await refused(app, "update audit_log set reason = 'tampered'")).toMatch(
      /42501 .*permission denied for table audit_log/,
    );
    expect(await refused(app, 'delete from audit_log')).toMatch(
      /42501 .*permission denied for table audit_log/,
    );
    // Views are only read: an updatable view would write with its owner's rights.
    const views = await app.raw<{ rows: Array<{ writes: boolean; reads: boolean }> }>(
      `select bool_or(has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE')) as writes,
              bool_and(has_table_privilege(c.oid, 'SELECT')) as reads
         from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'v'`,
    );
    expect(views.rows[0]).toEqual({ writes: false, reads: true });
  });

  it('may TRUNCATE no table', async () => {
    expect(tables).toContain('audit_log');
    expect(tables).toContain('households');
    for (const t of tables) expect(await refused(app, `truncate ${t}`)).toMatch(/42501 .*permission denied/);
  });

  it('cannot switch the audit log triggers off, alter or drop tables', async () => {
    for (const sql of [
      'alter table audit_log disable trigger audit_log_no_update',
      'alter table audit_log disable trigger all',
      'drop trigger audit_log_no_update on audit_log',
      'drop table audit_log',
      'alter table households add column x int',
    ]) {
      expect(await refused(app, sql)).toMatch(/42501 .*must be owner of (table|relation)/);
    }
    expect(await refused(app, 'set session_replication_role = replica')).toMatch(
      /42501 .*permission denied to set parameter "session_replication_role"/,
    );
    expect(await refused(app, "set local session_replication_role = 'replica'")).toMatch(/42501/);
  });

  it('has no DDL: no tables, functions or schemas of its own', async () => {
    for (const sql of [
      'create table intruder (x int)',
      'create view intruder as select 1',
      'create function intruder() returns int language sql as $$ select 1 $$',
      'create schema intruder',
    ]) {
      expect(await refused(app, sql)).toMatch(/42501 .*permission denied for (schema public|database)/);
    }
  });

  it('cannot run programs or read and write server files through COPY', async () => {
    expect(await refused(app, "copy (select 1) to program 'id'")).toMatch(
      /42501 .*pg_execute_server_program/,
    );
    expect(await refused(app, "copy audit_log from program 'id'")).toMatch(
      /42501 .*pg_execute_server_program/,
    );
    expect(await refused(app, "copy audit_log from '/etc/passwd'")).toMatch(/42501 .*pg_read_server_files/);
    expect(await refused(app, "copy (select 1) to '/tmp/sidaksos-copy'")).toMatch(
      /42501 .*pg_write_server_files/,
    );
    expect(await refused(app, "select pg_read_file('/etc/passwd')")).toMatch(/42501 .*permission denied/);
  });

  it('gets the same rights on tables that later migrations create (default privileges)', async () => {
    // Created by the owner, as a migration would be; the grant pass has not run for it.
    await owner.raw('create table least_privilege_probe (id bigserial primary key, v text)');
    try {
      await app('least_privilege_probe').insert({ v: 'a' });
      await app('least_privilege_probe').update({ v: 'b' });
      expect(await app('least_privilege_probe').select('v')).toEqual([{ v: 'b' }]);
      expect(await refused(app, 'truncate least_privilege_probe')).toMatch(/42501/);
    } finally {
      await owner.raw('drop table least_privilege_probe');
    }
  });

  it('refreshes statistics only through the owner-run sidaksos_analyze, and only of registry tables', async () => {
    await app.raw("select sidaksos_analyze('households')");
    expect(await refused(app, "select sidaksos_analyze('pg_catalog.pg_authid')")).toMatch(
      /42501 .*not a table of the public schema/,
    );
  });
});

describe('npm start as a superuser', () => {
  it('refuses to serve, before migrating anything, unless ALLOW_SUPERUSER is set', async () => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const superuserUrl = withDatabase(inject('maintenanceUrl'), 'postgres');
    const failed = await promisify(execFile)(tsx, ['server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: superuserUrl, PORT: '1', LOG_LEVEL: 'silent' },
      timeout: 60_000,
    }).catch((err: { code: number; stderr: string }) => err);
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(
      /cannot start: The database role postgres is a superuser: .*ALLOW_SUPERUSER=1/,
    );
  });
});

describe('npm run cli -- db create-roles', () => {
  it('prints SQL that PostgreSQL accepts, creating both roles without superuser rights', async () => {
    const database = new URL(inject('ownerUrl')).pathname.slice(1);
    const r = await runCli(['db', 'create-roles', '--database', database], {
      ...process.env,
      SIDAKSOS_APP_PASSWORD: 'app-password-of-the-dba',
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/DATABASE_URL=postgres:\/\/sidaksos_app:app-password-of-the-dba@HOST:5432\//);
    const [, server = '', inDatabase = ''] = r.out.split(/^-- [12]\. .*$/m);
    const sql = (part: string) =>
      part
        .split('\n')
        .filter((l) => !l.startsWith('--'))
        .join('\n');
    expect(sql(server)).toMatch(/ALTER ROLE sidaksos_app LOGIN NOSUPERUSER/);
    // Run as a DBA would, each part where it belongs, in a transaction that is rolled back (the roles exist).
    for (const [url, part] of [
      [inject('maintenanceUrl'), server],
      [withDatabase(inject('maintenanceUrl'), database), inDatabase],
    ] as const) {
      const c = new pg.Client(url);
      await c.connect();
      try {
        await c.query('begin');
        await c.query(sql(part));
        const roles = await c.query<{ rolname: string; rolsuper: boolean }>(
          "select rolname, rolsuper from pg_roles where rolname in ('sidaksos_owner', 'sidaksos_app') order by 1",
        );
        expect(roles.rows).toEqual([
          { rolname: 'sidaksos_app', rolsuper: false },
          { rolname: 'sidaksos_owner', rolsuper: false },
        ]);
      } finally {
        await c.query('rollback');
        await c.end();
      }
    }
  });
});
