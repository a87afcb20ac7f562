// The private PostgreSQL cluster used when DATABASE_URL is unset: created on first use, started if stopped,
// reused if running. A lock file serialises concurrent starters (npm start and npm test at once) so the cluster
// is never initialised or started twice. Every connection needs a password (scram-sha-256, never `trust`,
// under which any local user is a superuser); the generated passwords live in 0600 files beside the cluster.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { DatabaseSetupError } from './errors.ts';
import { APP_ROLE, ensureRoles, OWNER_ROLE } from './roles.ts';
import { ensureSecret, readSecret, secretFile, type FileOwner } from './secrets.ts';
import { ensurePostgresInstalled, isRoot, type PgInstall } from './system-packages.ts';

const SUPERUSER = 'postgres';
// The module under its own name: `pg` is the PostgreSQL installation in this file's functions.
const PgClient = pg.Client;

const run = promisify(execFile);

export interface ClusterOptions {
  dataDir: string;
  port: number;
  log: (msg: string) => void;
}

export interface ClusterLocation {
  /** The PostgreSQL data directory. */
  pgData: string;
  /** Folder holding the lock file and the socket. */
  home: string;
}

function postgresUid(): FileOwner | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** Can the postgres user reach (traverse into) this folder? Checked with the user itself, not guessed. */
async function postgresCanReach(dir: string): Promise<boolean> {
  try {
    await run('runuser', ['-u', 'postgres', '--', 'test', '-x', dir]);
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root the cluster runs as `postgres`, which must reach its folder.
 * A checkout under a private folder such as /root is not reachable: then the cluster lives under /var/tmp,
 * keyed by the checkout's data folder so two checkouts never share one.
 */
export async function locateCluster(dataDir: string): Promise<ClusterLocation> {
  mkdirSync(dataDir, { recursive: true });
  let home = dataDir;
  if (isRoot() && !(await postgresCanReach(dataDir))) {
    const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
    home = `/var/tmp/sidaksos-${key}`;
    mkdirSync(home, { recursive: true });
  }
  return { home, pgData: path.join(home, 'postgres') };
}

function asPostgres(pg: PgInstall, tool: string, args: string[]): [string, string[]] {
  const bin = path.join(pg.binDir, tool);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function pgTool(
  pg: PgInstall,
  tool: string,
  args: string[],
): Promise<{ stdout: string; stderr: string }> {
  const [cmd, argv] = asPostgres(pg, tool, args);
  return run(cmd, argv, { maxBuffer: 16 * 1024 * 1024 });
}

async function isRunning(pg: PgInstall, pgData: string): Promise<boolean> {
  try {
    await pgTool(pg, 'pg_ctl', ['-D', pgData, 'status']);
    return true;
  } catch {
    return false; // exit 3: not running; 4: no cluster
  }
}

/** Who owns the cluster's files: `postgres` when we run as root, else ourselves (undefined). */
function clusterFileOwner(): FileOwner | undefined {
  return isRoot() ? postgresUid() : undefined;
}

async function initCluster(pg: PgInstall, loc: ClusterLocation, log: (m: string) => void): Promise<void> {
  log(`creating a private PostgreSQL ${pg.major} cluster in ${loc.pgData}`);
  mkdirSync(loc.pgData, { recursive: true, mode: 0o700 });
  const owner = clusterFileOwner();
  if (owner) {
    chownSync(loc.home, owner.uid, owner.gid);
    chownSync(loc.pgData, owner.uid, owner.gid);
  }
  ensureSecret(loc.home, SUPERUSER, owner);
  await pgTool(pg, 'initdb', [
    '-D',
    loc.pgData,
    '-U',
    SUPERUSER,
    '--auth=scram-sha-256',
    `--pwfile=${secretFile(loc.home, SUPERUSER)}`,
    '--no-locale',
    '-E',
    'UTF8',
  ]);
  // The cluster is local and private: it listens on loopback only, with its socket inside its own folder.
  writeFileSync(
    path.join(loc.home, 'CLUSTER.txt'),
    'Private PostgreSQL cluster of Sidaksos; safe to delete.\n',
  );
}

async function startCluster(pg: PgInstall, loc: ClusterLocation, port: number, log: (m: string) => void) {
  log(`starting the private PostgreSQL cluster on 127.0.0.1:${port} (${loc.pgData})`);
  const opts = `-p ${port} -k ${loc.pgData} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  try {
    await pgTool(pg, 'pg_ctl', [
      '-D',
      loc.pgData,
      '-o',
      opts,
      '-l',
      path.join(loc.pgData, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch (err) {
    const logFile = path.join(loc.pgData, 'server.log');
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n') : '';
    throw new Error(
      `The private PostgreSQL cluster did not start on port ${port} (${loc.pgData}).` +
        ` If the port is taken, set SIDAKSOS_PG_PORT.\n${tail || String(err)}`,
    );
  }
}

const HBA_HEADER = '# Written by Sidaksos: every connection needs a password (SCRAM); never trust.\n';
const SCRAM_HBA = `${HBA_HEADER}local all all scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
`;

function hbaFile(loc: ClusterLocation): string {
  return path.join(loc.pgData, 'pg_hba.conf');
}

/** True when any active pg_hba.conf line lets a client in without a password. */
export function hbaAllowsTrust(loc: ClusterLocation): boolean {
  return readFileSync(hbaFile(loc), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .some((l) => /\b(trust|peer|ident)\b/.test(l));
}

/**
 * Clusters made by earlier versions used `trust`. While trust still lets us in, give the superuser a generated
 * password, then switch pg_hba.conf to SCRAM and reload: the data is kept, and from then on a password is needed.
 */
async function migrateTrustCluster(
  pg: PgInstall,
  loc: ClusterLocation,
  port: number,
  log: (m: string) => void,
) {
  log(
    `the private cluster in ${loc.pgData} allowed password-less logins (trust): switching it to scram-sha-256`,
  );
  const owner = clusterFileOwner();
  const password = ensureSecret(loc.home, SUPERUSER, owner);
  const client = new PgClient({ host: loc.pgData, port, user: SUPERUSER, database: 'postgres' });
  await client.connect();
  try {
    await client.query("set password_encryption = 'scram-sha-256'");
    await client.query(`alter role ${SUPERUSER} password '${password}'`);
  } finally {
    await client.end();
  }
  writeFileSync(hbaFile(loc), SCRAM_HBA, { mode: 0o600 });
  if (owner) chownSync(hbaFile(loc), owner.uid, owner.gid);
  await pgTool(pg, 'pg_ctl', ['-D', loc.pgData, 'reload']);
  // A reload is asynchronous: wait until a password-less login is refused.
  for (let i = 0; i < 50; i++) {
    const probe = new PgClient({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      database: 'postgres',
      password: '',
    });
    try {
      await probe.connect();
      await probe.end();
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      return;
    }
  }
  throw new DatabaseSetupError(
    `The private cluster in ${loc.pgData} still accepts logins without a password.`,
  );
}

function clusterUrl(port: number, role: string, password: string, db: string): string {
  return `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

export interface PrivateCluster {
  /** Superuser: CREATE/DROP DATABASE, CREATE EXTENSION. */
  adminUrl: (db: string) => string;
  /** The owner role: migrations, maintenance. */
  ownerUrl: (db: string) => string;
  /** The application's role. */
  appUrl: (db: string) => string;
}

/** Ensures the private cluster exists, runs, needs passwords and has both roles; returns their URLs. */
export async function ensurePrivateCluster(opts: ClusterOptions): Promise<PrivateCluster> {
  const pg = await ensurePostgresInstalled(opts.log);
  const loc = await locateCluster(opts.dataDir);
  const lockTarget = path.join(loc.home, 'cluster');
  if (!existsSync(lockTarget)) writeFileSync(lockTarget, '');
  const release = await lockfile.lock(lockTarget, {
    retries: { retries: 120, minTimeout: 250, maxTimeout: 1000 },
    stale: 120_000,
  });
  let passwords: { superuser: string; owner: string; app: string };
  try {
    if (!existsSync(path.join(loc.pgData, 'PG_VERSION'))) await initCluster(pg, loc, opts.log);
    if (!(await isRunning(pg, loc.pgData))) await startCluster(pg, loc, opts.port, opts.log);
    if (hbaAllowsTrust(loc)) await migrateTrustCluster(pg, loc, opts.port, opts.log);
    const superPassword = readSecret(loc.home, SUPERUSER);
    if (!superPassword) {
      throw new DatabaseSetupError(
        `The private cluster in ${loc.pgData} needs a password but ${secretFile(loc.home, SUPERUSER)} is missing. ` +
          `Stop it (npm run cli -- db stop) and delete ${loc.home} to start afresh (its data is lost).`,
      );
    }
    const owner = clusterFileOwner();
    passwords = {
      superuser: superPassword,
      owner: ensureSecret(loc.home, OWNER_ROLE, owner),
      app: ensureSecret(loc.home, APP_ROLE, owner),
    };
    const admin = new PgClient({
      connectionString: clusterUrl(opts.port, SUPERUSER, superPassword, 'postgres'),
    });
    await admin.connect();
    try {
      await ensureRoles(admin, passwords);
    } finally {
      await admin.end();
    }
  } finally {
    await release();
  }
  const pw = passwords;
  return {
    adminUrl: (db) => clusterUrl(opts.port, SUPERUSER, pw.superuser, db),
    ownerUrl: (db) => clusterUrl(opts.port, OWNER_ROLE, pw.owner, db),
    appUrl: (db) => clusterUrl(opts.port, APP_ROLE, pw.app, db),
  };
}

export async function stopPrivateCluster(opts: ClusterOptions): Promise<'stopped' | 'not running'> {
  const pg = await ensurePostgresInstalled(opts.log);
  const loc = await locateCluster(opts.dataDir);
  if (!(await isRunning(pg, loc.pgData))) return 'not running';
  await pgTool(pg, 'pg_ctl', ['-D', loc.pgData, '-m', 'fast', '-w', 'stop']);
  return 'stopped';
}

export async function privateClusterStatus(opts: ClusterOptions): Promise<string> {
  const pg = await ensurePostgresInstalled(opts.log);
  const loc = await locateCluster(opts.dataDir);
  if (!existsSync(path.join(loc.pgData, 'PG_VERSION')))
    return `no cluster yet (it would live in ${loc.pgData})`;
  const running = await isRunning(pg, loc.pgData);
  return `PostgreSQL ${pg.major} cluster in ${loc.pgData}: ${running ? `running on 127.0.0.1:${opts.port}` : 'stopped'}`;
}
