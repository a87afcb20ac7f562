// Indicator endpoints (all kelurahan of a period) against the SQL that reads their precomputed summaries,
// and throughput against a minimal Fastify JSON route on the same machine (autocannon), each server in a
// process of its own.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { median } from 'simple-statistics';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../server/config.ts';
import { INDICATORS } from '../../server/domain/indicators.ts';
import { SummariesRepository } from '../../server/repositories/summaries-repository.ts';
import { startBareRoute, startProductServer, type ChildServer } from '../support/child-server.ts';
import { timeRuns, timing, type Timing } from '../support/stats.ts';

const THROUGHPUT_ROUNDS = 5;
const medianRps = (xs: number[]) => Math.round(median(xs));

const run = promisify(execFile);

export interface IndicatorFigures {
  perIndicator: Record<string, Timing>;
  worstP95: number;
  summarySql: Timing;
  throughput: {
    indicatorRps: number;
    minimalRps: number;
    ratio: number;
    url: string;
    /** Requests per second of each alternating round (the figures above are their medians). */
    rounds?: Record<'plain' | 'brotli', { product: number[]; bare: number[] }>;
    /** The same with Accept-Encoding: br, against a bare route sending the same brotli bytes (#21 item 4). */
    brotli?: { indicatorRps: number; minimalRps: number; ratio: number; bytes: number };
  };
}

/** Requests per second under 20 connections, from autocannon in a process of its own (not this event loop). */
async function rps(url: string, seconds: number, headers: string[] = []): Promise<number> {
  const { stdout } = await run(
    path.join(PROJECT_ROOT, 'node_modules', '.bin', 'autocannon'),
    ['-c', '20', '-d', String(seconds), '-j', ...headers.flatMap((h) => ['-H', h]), url],
    { maxBuffer: 16 << 20, timeout: (seconds + 60) * 1000 },
  );
  const result = JSON.parse(stdout) as { requests: { average: number }; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return Math.round(result.requests.average);
}

export async function measureIndicators(
  app: FastifyInstance,
  period: string,
  opts: { runs: number; seconds: number; databaseUrl: string },
): Promise<IndicatorFigures> {
  const perIndicator: Record<string, Timing> = {};
  for (const def of INDICATORS) {
    const url = `/api/v1/indicators/${def.id}?period=${period}&level=kelurahan${def.program ? '&program=pkh' : ''}`;
    const samples = await timeRuns(opts.runs, async () => {
      const res = await app.inject(url);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    });
    perIndicator[def.id] = timing(samples);
  }
  const summaries = new SummariesRepository(app.knex);
  const summarySql = timing(await timeRuns(opts.runs, () => summaries.read(app.config.regionCode, period)));

  // The floor: a bare Fastify route answering the very same bytes. Both servers run in processes of their
  // own (child-server.ts) and are measured in alternating rounds, so that a background flush of the database or
  // a busy neighbour falls on both, not on whichever series ran during it; each figure is the median round.
  const url = `/api/v1/indicators/poor_share?period=${period}&level=kelurahan`;
  const sample = (await app.inject(url)).rawPayload;
  const brotli = (await app.inject({ url, headers: { 'accept-encoding': 'br' } })).rawPayload;
  const dir = await mkdtemp(path.join(tmpdir(), 'sidaksos-bare-'));
  let product: ChildServer | undefined;
  let bare: ChildServer | undefined;
  try {
    await writeFile(path.join(dir, 'plain.json'), sample);
    await writeFile(path.join(dir, 'answer.br'), brotli);
    product = await startProductServer(opts.databaseUrl);
    bare = await startBareRoute(path.join(dir, 'plain.json'), path.join(dir, 'answer.br'));
    const br = ['accept-encoding=br'];
    const series = {
      plain: { product: [] as number[], bare: [] as number[] },
      brotli: { product: [] as number[], bare: [] as number[] },
    };
    // Warm-up, not measured: V8 compiles the route's hooks, the answer cache fills.
    await rps(product.origin + url, 3);
    await rps(`${bare.origin}/ping`, 3);
    const roundSeconds = Math.max(3, Math.round(opts.seconds / 2));
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      series.plain.product.push(await rps(product.origin + url, roundSeconds));
      series.plain.bare.push(await rps(`${bare.origin}/ping`, roundSeconds));
      series.brotli.product.push(await rps(product.origin + url, roundSeconds, br));
      series.brotli.bare.push(await rps(`${bare.origin}/ping-br`, roundSeconds, br));
    }
    const indicatorRps = medianRps(series.plain.product);
    const minimalRps = medianRps(series.plain.bare);
    const brIndicatorRps = medianRps(series.brotli.product);
    const brMinimalRps = medianRps(series.brotli.bare);
    return {
      perIndicator,
      worstP95: Math.max(...Object.values(perIndicator).map((t) => t.p95)),
      summarySql,
      throughput: {
        indicatorRps,
        minimalRps,
        ratio: Math.round((indicatorRps / minimalRps) * 100) / 100,
        url,
        rounds: series,
        brotli: {
          indicatorRps: brIndicatorRps,
          minimalRps: brMinimalRps,
          ratio: Math.round((brIndicatorRps / brMinimalRps) * 100) / 100,
          bytes: brotli.length,
        },
      },
    };
  } finally {
    await Promise.all([product?.stop(), bare?.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}
