// One way to get a database, used by `npm start`, `npm test` and the CLI alike:
// DATABASE_URL set → check it (reachable, PostGIS available); unset → the private cluster.
// Two roles come out of it: the owner's URL (migrations, CLI maintenance) and the application's URL (serving).
import pg from 'pg';
import type { Config } from '../config.ts';
import { DatabaseSetupError } from './errors.ts';
import { ensurePrivateCluster } from './private-cluster.ts';
import { OWNER_ROLE } from './roles.ts';

export { DatabaseSetupError };

export const DEFAULT_DATABASE = 'sidaksos';

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}/${u.pathname.replace(/^\//, '')}`;
  } catch {
    return '(unparseable URL)';
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseSetupError(
      `Cannot connect to the database at ${describeUrl(url)}: ${(err as Error).message}. ` +
        'Check DATABASE_URL, or unset it to use a private local cluster.',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the PostGIS extension if needed, or explains why it cannot. */
export async function ensurePostgis(url: string): Promise<void> {
  await withClient(url, async (c) => {
    const available = await c.query("select 1 from pg_available_extensions where name = 'postgis'");
    if (available.rowCount === 0) {
      throw new DatabaseSetupError(
        `The database at ${describeUrl(url)} has no PostGIS extension available. ` +
          'Install PostGIS on that server (Debian: postgresql-<major>-postgis-3), or unset DATABASE_URL.',
      );
    }
    try {
      await c.query('create extension if not exists postgis');
    } catch (err) {
      throw new DatabaseSetupError(
        `PostGIS is available at ${describeUrl(url)} but could not be enabled: ${(err as Error).message}. ` +
          'Ask the database owner to run CREATE EXTENSION postgis.',
      );
    }
  });
}

/**
 * Creates a database on the server of `adminUrl` (a URL to any existing database) if it does not exist,
 * owned by `owner` when given (the owner role then owns the public schema and may run migrations).
 */
export async function createDatabaseIfMissing(adminUrl: string, name: string, owner?: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new DatabaseSetupError(`Invalid database name ${name}`);
  if (owner !== undefined && !/^[a-z_][a-z0-9_]*$/.test(owner))
    throw new DatabaseSetupError(`Invalid role name ${owner}`);
  await withClient(adminUrl, async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      try {
        await c.query(`create database ${name}${owner ? ` owner ${owner}` : ''}`);
      } catch (err) {
        // Another process may have created it between our check and our create.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  });
}

/** Creates `name` as a copy of `template` (which nobody may be connected to), owned by `owner`. */
export async function copyDatabase(
  adminUrl: string,
  template: string,
  name: string,
  owner: string,
): Promise<void> {
  for (const n of [template, name, owner])
    if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new DatabaseSetupError(`Invalid name ${n}`);
  await withClient(adminUrl, (c) => c.query(`create database ${name} template ${template} owner ${owner}`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new DatabaseSetupError(`Invalid database name ${name}`);
  await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A URL fit for a log line: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Run as a superuser in a database of the private cluster: the owner role owns the database, its public
 * schema and every object in it. Databases made by earlier versions belong to `postgres`; they are handed
 * over here (extension objects such as PostGIS's stay with the superuser).
 */
async function adoptDatabase(adminDbUrl: string, owner: string): Promise<void> {
  await withClient(adminDbUrl, async (c) => {
    await c.query(`select pg_advisory_lock(hashtext('sidaksos adopt'))`);
    const { rows: state } = await c.query<{ db: string; adopted: boolean }>(
      `select current_database() as db,
              (select datdba from pg_database where datname = current_database()) = r.oid
                and (select nspowner from pg_namespace where nspname = 'public') = r.oid as adopted
         from pg_roles r where r.rolname = $1`,
      [owner],
    );
    const db = state[0]!.db;
    if (!state[0]!.adopted) {
      await c.query(`alter database ${db} owner to ${owner}`);
      await c.query(`alter schema public owner to ${owner}`);
      // PostgreSQL 14 and older let every role create tables in public; the app role must not.
      await c.query('revoke create on schema public from public');
    }
    const notExtension = `not exists (select 1 from pg_depend d where d.objid = o.oid and d.deptype = 'e')`;
    const others = `(select oid from pg_roles where rolname = $1)`;
    // Tables first: their sequences and indexes follow them.
    for (const kinds of [['r', 'p', 'v', 'm', 'f'], ['S']]) {
      const { rows } = await c.query<{ name: string; kind: string }>(
        `select o.oid::regclass::text as name, o.relkind as kind from pg_class o
          where o.relnamespace = 'public'::regnamespace and o.relkind = any($2) and o.relowner <> ${others}
            and ${notExtension}`,
        [owner, kinds],
      );
      for (const r of rows) {
        const what =
          { v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' }[r.kind] ?? 'table';
        await c.query(`alter ${what} ${r.name} owner to ${owner}`);
      }
    }
    const { rows: fns } = await c.query<{ name: string }>(
      `select o.oid::regprocedure::text as name from pg_proc o
        where o.pronamespace = 'public'::regnamespace and o.proowner <> ${others} and ${notExtension}`,
      [owner],
    );
    for (const f of fns) await c.query(`alter routine ${f.name} owner to ${owner}`);
  });
}

export interface ProvisionedDatabase {
  /** URL of the product's database as its owner: migrations and the CLI's maintenance commands. */
  url: string;
  /** URL of the product's database as the application's role (serving). */
  appUrl: string;
  /** URL of a database on the same server for CREATE/DROP DATABASE (tests create one per run). */
  maintenanceUrl: string;
}

/**
 * A new database beside the product's (tests: one per run, scratch databases, restore targets): owned by the
 * owner role, PostGIS enabled. Returns its URLs as the owner and as the application's role.
 */
export async function createProductDatabase(
  db: ProvisionedDatabase,
  name: string,
): Promise<{ ownerUrl: string; appUrl: string }> {
  const ownerName = decodeURIComponent(new URL(db.url).username);
  const adminName = decodeURIComponent(new URL(db.maintenanceUrl).username);
  await createDatabaseIfMissing(db.maintenanceUrl, name, ownerName !== adminName ? ownerName : undefined);
  await ensurePostgis(withDatabase(db.maintenanceUrl, name));
  return { ownerUrl: withDatabase(db.url, name), appUrl: withDatabase(db.appUrl, name) };
}

/** Makes a database with PostGIS available and returns its URL. */
/**
 * The private cluster's own log must not copy a failed statement's text (its bound values may be NIKs): the
 * app logs a hash and the SQLSTATE instead (server/lib/statement-errors.ts). Persistent and reloaded at once.
 */
async function quietStatementLog(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const { rows } = await c.query<{ setting: string }>(
      "select setting from pg_settings where name = 'log_min_error_statement'",
    );
    if (rows[0]?.setting === 'panic') return;
    await c.query("alter system set log_min_error_statement = 'panic'");
    await c.query('select pg_reload_conf()');
  });
}

export async function provisionDatabase(
  config: Pick<Config, 'databaseUrl' | 'databaseOwnerUrl' | 'dataDir' | 'privatePgPort'>,
  log: (msg: string) => void,
): Promise<ProvisionedDatabase> {
  if (config.databaseUrl) {
    // Without DATABASE_OWNER_URL one role does both (migrates and serves), as a single-role server allows.
    const url = config.databaseOwnerUrl ?? config.databaseUrl;
    await ensurePostgis(url);
    return { url, appUrl: config.databaseUrl, maintenanceUrl: url };
  }
  const cluster = await ensurePrivateCluster({ dataDir: config.dataDir, port: config.privatePgPort, log });
  await quietStatementLog(cluster.adminUrl('postgres'));
  await createDatabaseIfMissing(cluster.adminUrl('postgres'), DEFAULT_DATABASE, OWNER_ROLE);
  await ensurePostgis(cluster.adminUrl(DEFAULT_DATABASE));
  await adoptDatabase(cluster.adminUrl(DEFAULT_DATABASE), OWNER_ROLE);
  return {
    url: cluster.ownerUrl(DEFAULT_DATABASE),
    appUrl: cluster.appUrl(DEFAULT_DATABASE),
    maintenanceUrl: cluster.adminUrl('postgres'),
  };
}
