// Servers in processes of their own, for measures that a shared event loop or heap would bias: the bench
// process holds what seeding a city left behind (a 1 GB heap made the product's throughput 0.63-0.72x the bare
// route's where a fresh process gave 0.76-0.83x), so the product is measured as `npm start` runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export interface ChildServer {
  origin: string;
  stop(): Promise<void>;
}

/** A port nobody listens on now (the OS's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function untilReady(child: ChildProcess, origin: string, what: string, log: string): Promise<void> {
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${what} exited (${child.exitCode ?? child.signalCode}) before it was ready (see ${log})`,
      );
    try {
      if ((await fetch(`${origin}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`${what} was not ready within 2 minutes`);
}

async function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  port: number,
  what: string,
): Promise<ChildServer> {
  // Its own log (a failure to start explains itself there) beside the bench's, not over its report.
  const log = path.join(tmpdir(), `sidaksos-bench-${what.replace(/\W+/g, '-')}.log`);
  // node --import tsx (not the tsx wrapper), so that a kill reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  const origin = `http://127.0.0.1:${port}`;
  await untilReady(child, origin, what, log);
  return {
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A server that does not close within 10 s (a stuck request) is killed: the bench must go on.
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The product as `npm start` serves it, on the bench's database: its default log level (info), so the cost of
 * its request log is measured too (lib/request-log.ts); a rate limit no single client reaches.
 */
export async function startProductServer(databaseUrl: string): Promise<ChildServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  delete env.LOG_LEVEL;
  // The bench's database as the owner too: an owner URL inherited from the environment would have the child
  // migrate and load the demo into that (real) database.
  delete env.DATABASE_OWNER_URL;
  return start(['server/main.ts'], env, port, 'product server');
}

/** The bare route of bare-route.ts answering the given bytes. */
export async function startBareRoute(plainFile: string, brotliFile: string): Promise<ChildServer> {
  const port = await freePort();
  const args = ['bench/support/bare-route.ts', String(port), plainFile, brotliFile];
  return start(args, process.env, port, 'bare route');
}
