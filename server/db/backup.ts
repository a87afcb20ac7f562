// Backup and restore of the whole database (registry, audit log, boundary sets, users, jobs, migrations) with
// PostgreSQL's own pg_dump/pg_restore: a consistent snapshot while the service runs, schema and data together,
// triggers and foreign keys created after the data (so a restore is not refused by the finalized-period guard
// or the audit log's append-only triggers). Both run as the owner role; the app role gets its grants afterwards.
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { DatabaseSetupError } from './errors.ts';
import { installOrExplain } from './system-packages.ts';

const run = promisify(execFile);

/** A DatabaseSetupError, so the CLI shows its message as one line. */
export class BackupError extends DatabaseSetupError {
  override name = 'BackupError';
}

/** The newest pg_dump/pg_restore installed (server or client package), installing the client as root. */
async function pgClientBin(log: (m: string) => void): Promise<string> {
  const find = () => {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const major = readdirSync(base)
      .map(Number)
      .filter((m) => Number.isInteger(m) && existsSync(`${base}/${m}/bin/pg_restore`))
      .sort((a, b) => b - a)[0];
    return major === undefined ? undefined : `${base}/${major}/bin`;
  };
  let bin = find();
  if (!bin) {
    await installOrExplain(
      ['postgresql-client'],
      'pg_dump (PostgreSQL client tools)',
      'Backups use pg_dump and pg_restore.',
      log,
    );
    bin = find();
  }
  if (!bin) throw new DatabaseSetupError('postgresql-client was installed but pg_dump was not found.');
  return bin;
}

/** libpq gets the URL without its password (which would show in `ps`); the password goes by environment. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function tool(bin: string, name: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(`${bin}/${name}`, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const stderr = ((err as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new BackupError(`${name} failed: ${stderr || (err as Error).message}`);
  }
}

export interface DatabaseFigures {
  tables: number;
  households: number;
  auditRows: number;
  boundarySets: number;
}

export async function databaseFigures(knex: Knex): Promise<DatabaseFigures> {
  const { rows } = await knex.raw<{ rows: DatabaseFigures[] }>(
    `select (select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
               and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e'))::int
              as tables,
            (select count(*) from households)::int as households,
            (select count(*) from audit_log)::int as "auditRows",
            (select count(*) from boundary_sets)::int as "boundarySets"`,
  );
  return rows[0]!;
}

/** Writes a pg_dump custom-format archive of the database to `file` (created 0600; an existing file is refused). */
export async function backupDatabase(
  ownerUrl: string,
  file: string,
  log: (m: string) => void,
): Promise<void> {
  const bin = await pgClientBin(log);
  // The archive holds every NIK: readable by its owner only from the first byte; never overwrite a backup.
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    throw new BackupError(
      (err as { code?: string }).code === 'EEXIST'
        ? `${file} exists already: choose a new file name (a backup is never overwritten).`
        : `Cannot create ${file}: ${(err as Error).message}`,
    );
  }
  const { dbname, env } = connection(ownerUrl);
  try {
    await tool(
      bin,
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`],
      env,
    );
    await tool(bin, 'pg_restore', ['--list', file], env); // readable back, or the backup failed
  } catch (err) {
    unlinkSync(file);
    throw err;
  }
}

/** Tables of the schema that are not an extension's (PostGIS's spatial_ref_sys does not count). */
async function ownTables(knex: Knex): Promise<number> {
  const { rows } = await knex.raw<{ rows: Array<{ n: number }> }>(
    `select count(*)::int as n from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')`,
  );
  return rows[0]!.n;
}

/**
 * Restores an archive made by backupDatabase into the owner's database: refused unless the database is empty,
 * or `replace` is given (then the archive's objects are dropped and recreated). One transaction: a failed
 * restore leaves the database as it was. The caller migrates afterwards (newer migrations, the grant pass).
 */
export async function restoreDatabase(
  ownerKnex: Knex,
  ownerUrl: string,
  file: string,
  opts: { replace: boolean },
  log: (m: string) => void,
): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`No backup file ${file}.`);
  const bin = await pgClientBin(log);
  const { dbname, env } = connection(ownerUrl);
  const existing = await ownTables(ownerKnex);
  if (existing > 0 && !opts.replace) {
    throw new BackupError(
      `The database is not empty (${existing} tables): restore refuses to overwrite it. ` +
        'Restore into an empty database, or pass --replace to drop and replace what the backup holds.',
    );
  }
  const toc = await tool(bin, 'pg_restore', ['--list', file], env);
  // Extensions are created here instead, IF NOT EXISTS: PostGIS is not a trusted extension, so the owner role
  // may neither create, drop nor comment on it (a superuser enabled it when the database was made). Rows of
  // PostGIS's own spatial_ref_sys are the extension's, not the registry's.
  const extensions: string[] = [];
  const kept = toc.split('\n').filter((line) => {
    const ext = /^\d+; \d+ \d+ EXTENSION - (\S+)/.exec(line);
    if (ext) extensions.push(ext[1]!);
    return !ext && !/ COMMENT - EXTENSION /.test(line) && !/ TABLE DATA public spatial_ref_sys /.test(line);
  });
  for (const name of extensions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new BackupError(`Unexpected extension name ${name}`);
    await ownerKnex.raw(`create extension if not exists ${name}`).catch((err: Error) => {
      throw new BackupError(
        `The backup needs the extension ${name}, which cannot be enabled here: ${err.message}`,
      );
    });
  }
  const listFile = `${file}.restore-list-${process.pid}`;
  writeFileSync(listFile, kept.join('\n'), { mode: 0o600 });
  try {
    await tool(
      bin,
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        ...(opts.replace ? ['--clean', '--if-exists'] : []),
        `--use-list=${listFile}`,
        `--dbname=${dbname}`,
        file,
      ],
      env,
    );
  } finally {
    unlinkSync(listFile);
  }
  // pg_restore leaves the planner without statistics.
  await ownerKnex.raw('analyze');
}
