// Least privilege in the database. Two roles: the owner runs migrations and owns every table; the application
// serves as a role that is neither superuser nor owner, with row-level DML only where it needs it and
// `INSERT, SELECT` on the audit log. A superuser or table owner can switch the audit log's triggers off
// (`ALTER TABLE … DISABLE TRIGGER`, `session_replication_role`), so "append-only" holds only against this role.
import type { Knex } from 'knex';
import pg from 'pg';
import { DatabaseSetupError } from './errors.ts';

export const OWNER_ROLE = 'sidaksos_owner';
export const APP_ROLE = 'sidaksos_app';

/** Tables the application may read and append to, never change: the audit log is evidence. */
const APPEND_ONLY = new Set(['audit_log']);
/** Migration bookkeeping: the app reads it for /readyz; only the owner migrates. */
const READ_ONLY = new Set(['knex_migrations', 'knex_migrations_lock']);

const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Creates (or brings back in line) both roles with the given passwords; run as a superuser. */
export async function ensureRoles(
  client: pg.Client,
  passwords: { owner: string; app: string },
): Promise<void> {
  await client.query("set password_encryption = 'scram-sha-256'");
  for (const [role, password] of [
    [OWNER_ROLE, passwords.owner],
    [APP_ROLE, passwords.app],
  ] as const) {
    for (const sql of roleSql(role, password)) await client.query(sql);
  }
}

function roleSql(role: string, password: string): string[] {
  return [
    `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${role}; END IF;
END $$;`,
    `ALTER ROLE ${role} ${ROLE_ATTRIBUTES} PASSWORD ${literal(password)};`,
  ];
}

/**
 * The SQL a DBA runs for a DATABASE_URL deployment (printed by `npm run cli -- db create-roles`). Idempotent:
 * running it again resets the passwords. Table grants are not here: each migration run by the owner grants
 * them (see grantAppPrivileges), including for tables added by later migrations.
 */
export function createRolesSql(opts: { database: string; ownerPassword: string; appPassword: string }): {
  server: string[];
  database: string[];
} {
  const db = opts.database;
  if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new DatabaseSetupError(`Invalid database name ${db}`);
  return {
    server: [
      "SET password_encryption = 'scram-sha-256';",
      ...roleSql(OWNER_ROLE, opts.ownerPassword),
      ...roleSql(APP_ROLE, opts.appPassword),
      `-- Create the database first if it does not exist: CREATE DATABASE ${db} OWNER ${OWNER_ROLE};`,
      `ALTER DATABASE ${db} OWNER TO ${OWNER_ROLE};`,
      `REVOKE ALL ON DATABASE ${db} FROM PUBLIC;`,
      // TEMPORARY: imports stage their rows in temp tables of their own session.
      `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${APP_ROLE};`,
    ],
    database: [
      // PostGIS is not a trusted extension: only a superuser can create it.
      'CREATE EXTENSION IF NOT EXISTS postgis;',
      `ALTER SCHEMA public OWNER TO ${OWNER_ROLE};`,
      // PostgreSQL 14 and older let every role create tables in public.
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC;',
      `GRANT USAGE ON SCHEMA public TO ${APP_ROLE};`,
    ],
  };
}

const DML = 'DELETE,INSERT,SELECT,UPDATE';

function wantedPrivileges(name: string, kind: string): string {
  if (kind === 'S') return 'SELECT,USAGE';
  // A simple view is updatable, with its owner's rights on the table below: the app only reads views.
  if (kind === 'v' || kind === 'm') return 'SELECT';
  if (APPEND_ONLY.has(name)) return 'INSERT,SELECT';
  if (READ_ONLY.has(name)) return 'SELECT';
  return DML;
}

/**
 * The grant pass, run after every migration run by the owner: the app role gets exactly its privileges on
 * every table, view and sequence of the schema (extension objects such as spatial_ref_sys excluded), and
 * default privileges so tables created by later migrations are usable at once. Does nothing when the role
 * does not exist (a single-role DATABASE_URL deployment) or when the connection does not own the tables.
 */
export async function grantAppPrivileges(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    // Processes migrating one database at once would otherwise race ("tuple concurrently updated").
    await trx.raw("select pg_advisory_xact_lock(hashtext('sidaksos grant pass'))");
    const state = await trx.raw<{ rows: Array<{ app: boolean; owner: boolean }> }>(
      `select exists (select 1 from pg_roles where rolname = ?) as app,
              coalesce(pg_has_role(current_user,
                (select relowner from pg_class where oid = to_regclass('public.knex_migrations')), 'USAGE'),
                false) as owner`,
      [APP_ROLE],
    );
    if (!state.rows[0]?.app || !state.rows[0].owner) return;
    await trx.raw(
      `alter default privileges in schema public grant select, insert, update, delete on tables to ${APP_ROLE}`,
    );
    await trx.raw(
      `alter default privileges in schema public grant usage, select on sequences to ${APP_ROLE}`,
    );
    const { rows } = await trx.raw<{ rows: Array<{ name: string; kind: string; has: string }> }>(
      `select c.relname as name, c.relkind as kind,
              coalesce((select string_agg(a.privilege_type, ',' order by a.privilege_type)
                          from aclexplode(c.relacl) a
                         where a.grantee = (select oid from pg_roles where rolname = ?)), '') as has
         from pg_class c
        where c.relnamespace = 'public'::regnamespace
          and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and pg_has_role(current_user, c.relowner, 'USAGE')
          and not exists (select 1 from pg_depend d
                           where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')`,
      [APP_ROLE],
    );
    for (const r of rows) {
      const want = wantedPrivileges(r.name, r.kind);
      if (r.has === want) continue; // no catalog write when nothing changes
      const what = r.kind === 'S' ? 'sequence' : 'table';
      await trx.raw(`revoke all on ${what} ?? from ${APP_ROLE}`, [r.name]);
      await trx.raw(`grant ${want.toLowerCase()} on ${what} ?? to ${APP_ROLE}`, [r.name]);
    }
    const analyze = await trx.raw<{ rows: unknown[] }>(
      "select 1 from pg_proc where proname = 'sidaksos_analyze' and pronamespace = 'public'::regnamespace",
    );
    if (analyze.rows.length)
      await trx.raw(`grant execute on function sidaksos_analyze(regclass) to ${APP_ROLE}`);
  });
}

export interface ServingRole {
  role: string;
  superuser: boolean;
  /** Owns the audit log: could switch its triggers off. */
  ownsTables: boolean;
}

export async function servingRole(knex: Knex): Promise<ServingRole> {
  const { rows } = await knex.raw<{ rows: ServingRole[] }>(
    `select current_user as role, r.rolsuper as superuser,
            coalesce(pg_has_role(current_user,
              (select relowner from pg_class where oid = to_regclass('public.audit_log')), 'USAGE'), false)
              as "ownsTables"
       from pg_roles r where r.rolname = current_user`,
  );
  return rows[0]!;
}

/** The app does not serve as a superuser (who can alter the audit log) unless told to (ALLOW_SUPERUSER=1). */
export async function refuseSuperuser(knex: Knex, allowSuperuser: boolean): Promise<ServingRole> {
  const who = await servingRole(knex);
  if (who.superuser && !allowSuperuser) {
    throw new DatabaseSetupError(
      `The database role ${who.role} is a superuser: it could switch off the audit log's triggers. ` +
        `Serve as a role that is neither superuser nor owner (npm run cli -- db create-roles prints the SQL), ` +
        'or set ALLOW_SUPERUSER=1 to accept the risk.',
    );
  }
  return who;
}
