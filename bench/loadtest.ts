// `npm run loadtest [--clients 100] [--seconds 120] [--households 100000]`: the real server (a child process,
// as `npm start` runs it) under a mixed public and logged-in workload; the private PostgreSQL cluster is
// stopped in the middle and started again. Reports p50/p99, errors, a per-5-second timeline of answers (503
// during the outage, 2xx again after it without restarting the server) and the server's memory over time.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { ensurePrivateCluster, stopPrivateCluster } from '../server/db/private-cluster.ts';
import { seedRegistry } from '../server/demo/seed-registry.ts';
import { createServices } from '../server/services/container.ts';
import { ensureWebBuilt } from '../server/web-build.ts';
import { benchDatabase } from './support/bench-database.ts';
import { writeBenchmarksDoc } from './report.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '120' },
    households: { type: 'string', default: '100000' },
  },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const households = Number(args.households);
const log = (m: string) => console.log(`[loadtest] ${m}`);
const PASSWORD = 'Beban-Uji-Rahasia-2025!';
const SERVER_LOG = path.join(tmpdir(), 'sidaksos-loadtest-server.log');

export interface LoadTestResults {
  date: string;
  clients: number;
  seconds: number;
  households: number;
  requests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statuses: Record<string, number>;
  errors: number;
  outage: { stoppedAtS: number; startedAtS: number; firstOkAfterStartS: number | null };
  timeline: Array<{ fromS: number; ok: number; unavailable: number; other: number }>;
  memoryMB: Array<{ atS: number; rss: number }>;
}

async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function startServer(url: string, port: number): Promise<ChildProcess> {
  // node --import tsx (not the tsx wrapper) so that the child's pid is the server's, for its memory.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    },
    // The server's own log (connection errors during the outage) goes to a file, not over the report.
    stdio: ['ignore', openSync(SERVER_LOG, 'w'), openSync(SERVER_LOG, 'a')],
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('the server did not become ready');
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.databaseUrl)
    throw new Error('npm run loadtest restarts the private PostgreSQL cluster: run it without DATABASE_URL.');
  await ensureWebBuilt(log);
  const db = await benchDatabase('load');
  let server: ChildProcess | undefined;
  try {
    log(`seeding ${households} households (two periods)…`);
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households,
      seed: 7,
      periods: ['2025-07', '2025-12'],
    });
    const users = createServices({ knex: db.knex, config }).users;
    await users.create({
      username: 'load.planner',
      displayName: 'Load',
      role: 'planner',
      password: PASSWORD,
    });
    const port = 39000 + Math.floor(Math.random() * 1000);
    server = await startServer(db.url, port);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'load.planner', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const planner = { cookie };
    // The mix: mostly public map reads, then logged-in work (profiles, tiles, searches), and logins as writes
    // (each one stores a session and an audit row).
    const reads: autocannon.Request[] = [
      { method: 'GET', path: '/api/v1/indicators/poor_share?period=2025-07' },
      { method: 'GET', path: '/api/v1/indicators/disability_rate?period=2025-07&level=kecamatan' },
      { method: 'GET', path: '/api/v1/indicators/coverage_gap?period=2025-07&program=pkh' },
      { method: 'GET', path: '/api/v1/areas/33.74.02/profile?period=2025-07' },
      { method: 'GET', path: '/api/v1/regions/kecamatan?simplify=0.001' },
      { method: 'GET', path: '/api/v1/indicators/poor_share?period=2025-12', headers: planner },
      { method: 'GET', path: '/api/v1/areas/33.74.02.1001/profile?period=2025-12', headers: planner },
      { method: 'GET', path: '/api/v1/tiles/households/13/6607/4258.mvt?period=2025-12', headers: planner },
      { method: 'GET', path: '/api/v1/tiles/households/12/3303/2129.mvt?period=2025-12', headers: planner },
      { method: 'GET', path: '/api/v1/households?q=Jl.%20Kenanga', headers: planner },
    ];
    // Each client cycles through three rounds of reads, then logs in once (about 3 % writes; a login hashes a
    // password with argon2 on purpose, so it is the costliest request there is).
    const requests: autocannon.Request[] = [
      ...reads,
      ...reads,
      ...reads,
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'load.planner', password: PASSWORD }),
      },
    ];
    const started = Date.now();
    const buckets = new Map<number, { ok: number; unavailable: number; other: number }>();
    const statuses: Record<string, number> = {};
    const memory: LoadTestResults['memoryMB'] = [];
    const outage = { stoppedAtS: 0, startedAtS: 0, firstOkAfterStartS: null as number | null };
    const memoryTimer = setInterval(() => {
      void rss(server!.pid!).then((mb) =>
        memory.push({ atS: Math.round((Date.now() - started) / 1000), rss: mb }),
      );
    }, 5000);
    // The outage: stop the cluster at 40 % of the run, start it again 10 s later.
    const outageTimer = setTimeout(() => {
      void (async () => {
        outage.stoppedAtS = Math.round((Date.now() - started) / 1000);
        log(`stopping PostgreSQL at ${outage.stoppedAtS} s`);
        await stopPrivateCluster({ dataDir: config.dataDir, port: config.privatePgPort, log });
        await new Promise((r) => setTimeout(r, 10_000));
        await ensurePrivateCluster({ dataDir: config.dataDir, port: config.privatePgPort, log });
        outage.startedAtS = Math.round((Date.now() - started) / 1000);
        log(`PostgreSQL started again at ${outage.startedAtS} s`);
      })();
    }, seconds * 400);
    log(`${clients} clients for ${seconds} s against ${base}…`);
    let finished!: (r: autocannon.Result) => void;
    let failed!: (e: unknown) => void;
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      finished = resolve;
      failed = reject;
    });
    const instance = autocannon(
      { url: base, connections: clients, duration: seconds, requests, timeout: 20 },
      (err, r) => (err ? failed(err) : finished(r)),
    );
    instance.on('response', (_client: unknown, statusCode: number) => {
      const at = (Date.now() - started) / 1000;
      const bucket = Math.floor(at / 5) * 5;
      const b = buckets.get(bucket) ?? { ok: 0, unavailable: 0, other: 0 };
      if (statusCode < 400) b.ok++;
      else if (statusCode === 503) b.unavailable++;
      else b.other++;
      buckets.set(bucket, b);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (
        outage.startedAtS &&
        outage.firstOkAfterStartS === null &&
        statusCode < 400 &&
        at > outage.startedAtS
      )
        outage.firstOkAfterStartS = Math.round((at - outage.startedAtS) * 10) / 10;
    });
    const result = await done;
    clearInterval(memoryTimer);
    clearTimeout(outageTimer);
    const out: LoadTestResults = {
      date: new Date().toISOString(),
      clients,
      seconds,
      households,
      requests: result.requests.total,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      statuses,
      errors: result.errors + result.timeouts,
      outage,
      timeline: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([fromS, b]) => ({ fromS, ...b })),
      memoryMB: memory,
    };
    const dir = path.join(PROJECT_ROOT, 'bench', 'results');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, `${out.date.slice(0, 10)}-loadtest.json`),
      `${JSON.stringify(out, null, 2)}\n`,
    );
    await writeBenchmarksDoc();
    log(
      `${out.requests} requests: p50 ${out.latencyMs.p50} ms, p99 ${out.latencyMs.p99} ms; statuses ${JSON.stringify(statuses)}; ` +
        `${out.errors} connection errors/timeouts; after the restart the first 2xx came ${outage.firstOkAfterStartS} s later; ` +
        `memory ${memory.map((m) => m.rss).join(' → ')} MB`,
    );
  } finally {
    server?.kill('SIGTERM');
    await ensurePrivateCluster({ dataDir: config.dataDir, port: config.privatePgPort, log });
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`loadtest failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
