// The private PostgreSQL cluster used when DATABASE_URL is unset: created on first use, started if stopped,
// reused if running. A lock file serialises concurrent starters (npm start and npm test at once) so the cluster
// is never initialised or started twice.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';
import { ensurePostgresInstalled, isRoot, type PgInstall } from './system-packages.ts';

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

function postgresUid(): { uid: number; gid: number } | undefined {
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

async function initCluster(pg: PgInstall, loc: ClusterLocation, log: (m: string) => void): Promise<void> {
  log(`creating a private PostgreSQL ${pg.major} cluster in ${loc.pgData}`);
  mkdirSync(loc.pgData, { recursive: true, mode: 0o700 });
  const owner = isRoot() ? postgresUid() : undefined;
  if (owner) {
    chownSync(loc.home, owner.uid, owner.gid);
    chownSync(loc.pgData, owner.uid, owner.gid);
  }
  await pgTool(pg, 'initdb', [
    '-D',
    loc.pgData,
    '-U',
    'postgres',
    '--auth=trust',
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

/** Ensures the private cluster exists and runs; returns its superuser URL for the given database. */
export async function ensurePrivateCluster(
  opts: ClusterOptions,
): Promise<{ adminUrl: (db: string) => string }> {
  const pg = await ensurePostgresInstalled(opts.log);
  const loc = await locateCluster(opts.dataDir);
  const lockTarget = path.join(loc.home, 'cluster');
  if (!existsSync(lockTarget)) writeFileSync(lockTarget, '');
  const release = await lockfile.lock(lockTarget, {
    retries: { retries: 120, minTimeout: 250, maxTimeout: 1000 },
    stale: 120_000,
  });
  try {
    if (!existsSync(path.join(loc.pgData, 'PG_VERSION'))) await initCluster(pg, loc, opts.log);
    if (!(await isRunning(pg, loc.pgData))) await startCluster(pg, loc, opts.port, opts.log);
  } finally {
    await release();
  }
  return { adminUrl: (db) => `postgres://postgres@127.0.0.1:${opts.port}/${db}` };
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
