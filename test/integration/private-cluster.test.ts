// The private cluster: created once even when two processes ask at the same moment, restarted after a stop;
// every login needs a password (scram-sha-256) kept in 0600 files; a trust cluster of an earlier version is
// switched to passwords with its data kept.
import { execFile } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import {
  ensurePrivateCluster,
  locateCluster,
  privateClusterStatus,
  stopPrivateCluster,
} from '../../server/db/private-cluster.ts';
import { secretsDir } from '../../server/db/secrets.ts';
import { findPostgres, isRoot } from '../../server/db/system-packages.ts';

const run = promisify(execFile);

/** A cluster of the test's own in a temporary folder, on a port of its own, removed when the suite ends. */
function ownCluster(prefix: string, basePort: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const opts = { dataDir, port: basePort + (process.pid % 2000), log: () => {} };
  afterAll(async () => {
    await stopPrivateCluster(opts);
    const loc = await locateCluster(dataDir);
    rmSync(loc.home, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  return opts;
}

describe('private cluster', () => {
  const opts = ownCluster('sidaksos-cluster-', 55000);
  const { dataDir, port } = opts;

  async function query(url: string): Promise<number> {
    const c = new pg.Client(url);
    await c.connect();
    const r = await c.query<{ one: number }>('select 1 as one');
    await c.end();
    return r.rows[0]!.one;
  }

  it('two processes starting at once share one cluster', async () => {
    // Two real processes, as `npm start` and `npm test` would be.
    const script = `import('./server/db/private-cluster.ts').then(m => m.ensurePrivateCluster({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, log: console.log }))`;
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const both = await Promise.all(
      [1, 2].map(() => run(tsx, ['--eval', script], { cwd: PROJECT_ROOT, timeout: 120_000 })),
    );
    const creations =
      both
        .map((r) => r.stdout)
        .join('')
        .match(/creating a private PostgreSQL/g) ?? [];
    const starts =
      both
        .map((r) => r.stdout)
        .join('')
        .match(/starting the private PostgreSQL/g) ?? [];
    expect(creations).toHaveLength(1);
    expect(starts).toHaveLength(1);
    const cluster = await ensurePrivateCluster(opts);
    expect(await query(cluster.adminUrl('postgres'))).toBe(1);
    expect(await privateClusterStatus(opts)).toMatch(new RegExp(`running on 127\\.0\\.0\\.1:${port}`));
  });

  it('needs a password for every login (scram-sha-256), kept in 0600 files', async () => {
    const loc = await locateCluster(dataDir);
    const hba = readFileSync(path.join(loc.pgData, 'pg_hba.conf'), 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(hba.length).toBeGreaterThan(0);
    for (const line of hba) expect(line).toMatch(/\sscram-sha-256$/);
    // No password: refused over TCP and over the socket, for the superuser and for both roles.
    for (const user of ['postgres', 'sidaksos_owner', 'sidaksos_app']) {
      for (const host of ['127.0.0.1', loc.pgData]) {
        await expect(
          new pg.Client({ host, port, user, database: 'postgres', password: '' }).connect(),
        ).rejects.toThrow();
        await expect(
          new pg.Client({ host, port, user, database: 'postgres', password: 'wrong' }).connect(),
        ).rejects.toThrow(/password authentication failed/);
      }
    }
    const secrets = secretsDir(loc.home);
    expect(statSync(secrets).mode & 0o777).toBe(0o700);
    const files = readdirSync(secrets).sort();
    expect(files).toEqual(['postgres.password', 'sidaksos_app.password', 'sidaksos_owner.password']);
    for (const f of files) expect(statSync(path.join(secrets, f)).mode & 0o777).toBe(0o600);
    // With the stored password the superuser gets in: the URL the product uses.
    const cluster = await ensurePrivateCluster(opts);
    expect(await query(cluster.ownerUrl('postgres'))).toBe(1);
    expect(await query(cluster.appUrl('postgres'))).toBe(1);
  });

  it('comes back after a stop (as after a reboot)', async () => {
    expect(await stopPrivateCluster(opts)).toBe('stopped');
    expect(await privateClusterStatus(opts)).toMatch(/stopped/);
    expect(await stopPrivateCluster(opts)).toBe('not running');
    const cluster = await ensurePrivateCluster(opts);
    expect(await query(cluster.adminUrl('postgres'))).toBe(1);
  });
});

describe('a trust cluster made by an earlier version', () => {
  const opts = ownCluster('sidaksos-trust-', 53000);
  const { dataDir, port } = opts;

  it('is switched to scram-sha-256 with its data kept', async () => {
    // Made exactly as earlier versions did: initdb --auth=trust, started, with a table in it.
    const pgInstall = findPostgres();
    expect(pgInstall).toBeDefined();
    const loc = await locateCluster(dataDir);
    mkdirSync(loc.pgData, { recursive: true, mode: 0o700 });
    const asPg = (tool: string, args: string[]) =>
      isRoot()
        ? run('runuser', ['-u', 'postgres', '--', path.join(pgInstall!.binDir, tool), ...args])
        : run(path.join(pgInstall!.binDir, tool), args);
    if (isRoot()) {
      const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith('postgres:'))!
        .split(':');
      chownSync(loc.home, Number(uid), Number(gid));
      chownSync(loc.pgData, Number(uid), Number(gid));
    }
    await asPg('initdb', ['-D', loc.pgData, '-U', 'postgres', '--auth=trust', '--no-locale', '-E', 'UTF8']);
    await asPg('pg_ctl', [
      '-D',
      loc.pgData,
      '-o',
      `-p ${port} -k ${loc.pgData} -c listen_addresses=127.0.0.1`,
      '-l',
      path.join(loc.pgData, 'server.log'),
      '-w',
      'start',
    ]);
    const trusting = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await trusting.connect();
    await trusting.query("create table kept as select 'still here'::text as v");
    await trusting.end();

    const cluster = await ensurePrivateCluster(opts);
    await expect(
      new pg.Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        database: 'postgres',
        password: '',
      }).connect(),
    ).rejects.toThrow();
    const c = new pg.Client(cluster.adminUrl('postgres'));
    await c.connect();
    const { rows } = await c.query<{ v: string }>('select v from kept');
    await c.end();
    expect(rows).toEqual([{ v: 'still here' }]);
    expect(readFileSync(path.join(loc.pgData, 'pg_hba.conf'), 'utf8')).not.toMatch(/^[^#]*\btrust\b/m);
  });
});
