// The private cluster: created once even when two processes ask at the same moment, restarted after a stop.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

const run = promisify(execFile);

describe('private cluster', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sidaksos-cluster-'));
  const port = 55000 + (process.pid % 2000);
  const opts = { dataDir, port, log: () => {} };

  afterAll(async () => {
    await stopPrivateCluster(opts);
    const loc = await locateCluster(dataDir);
    rmSync(loc.home, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

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

  it('comes back after a stop (as after a reboot)', async () => {
    expect(await stopPrivateCluster(opts)).toBe('stopped');
    expect(await privateClusterStatus(opts)).toMatch(/stopped/);
    expect(await stopPrivateCluster(opts)).toBe('not running');
    const cluster = await ensurePrivateCluster(opts);
    expect(await query(cluster.adminUrl('postgres'))).toBe(1);
  });
});
