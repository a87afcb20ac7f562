// One way to get a database, used by `npm start`, `npm test` and the CLI alike:
// DATABASE_URL set → check it (reachable, PostGIS available); unset → the private cluster.
import pg from 'pg';
import type { Config } from '../config.ts';
import { ensurePrivateCluster } from './private-cluster.ts';

export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

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

/** Creates a database on the server of `adminUrl` (a URL to any existing database) if it does not exist. */
export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new DatabaseSetupError(`Invalid database name ${name}`);
  await withClient(adminUrl, async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      try {
        await c.query(`create database ${name}`);
      } catch (err) {
        // Another process may have created it between our check and our create.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  });
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

export interface ProvisionedDatabase {
  /** URL of the product's database. */
  url: string;
  /** URL of a database on the same server for CREATE/DROP DATABASE (tests create one per run). */
  maintenanceUrl: string;
}

/** Makes a database with PostGIS available and returns its URL. */
export async function provisionDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'privatePgPort'>,
  log: (msg: string) => void,
): Promise<ProvisionedDatabase> {
  if (config.databaseUrl) {
    await ensurePostgis(config.databaseUrl);
    return { url: config.databaseUrl, maintenanceUrl: config.databaseUrl };
  }
  const cluster = await ensurePrivateCluster({ dataDir: config.dataDir, port: config.privatePgPort, log });
  await createDatabaseIfMissing(cluster.adminUrl('postgres'), DEFAULT_DATABASE);
  const url = cluster.adminUrl(DEFAULT_DATABASE);
  await ensurePostgis(url);
  return { url, maintenanceUrl: cluster.adminUrl('postgres') };
}
