// Indicator endpoints (all kelurahan of a period) against the SQL that reads their precomputed summaries,
// and throughput against a minimal Fastify JSON route on the same machine (autocannon).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../../server/config.ts';
import { INDICATORS } from '../../server/domain/indicators.ts';
import { SummariesRepository } from '../../server/repositories/summaries-repository.ts';
import { timeRuns, timing, type Timing } from '../support/stats.ts';

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
  opts: { runs: number; seconds: number },
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

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // The floor: a bare Fastify route answering the very same JSON document, so that the ratio measures what the
  // product adds per request (hooks, access checks, the answer cache), not the size of the answer.
  const sample = (await app.inject(`/api/v1/indicators/poor_share?period=${period}&level=kelurahan`)).body;
  const brotli = (
    await app.inject({
      url: `/api/v1/indicators/poor_share?period=${period}&level=kelurahan`,
      headers: { 'accept-encoding': 'br' },
    })
  ).rawPayload;
  const minimal = Fastify({ logger: false });
  minimal.get('/ping', (_request, reply) => reply.type('application/json; charset=utf-8').send(sample));
  minimal.get('/ping-br', (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('content-encoding', 'br').send(brotli),
  );
  const minimalAddress = await minimal.listen({ port: 0, host: '127.0.0.1' });
  try {
    const url = `${address}/api/v1/indicators/poor_share?period=${period}&level=kelurahan`;
    // Warm-up, not measured: the first load on a freshly seeded database ran at half speed (V8 still
    // compiling the route's hooks, autovacuum busy after the seed) and made the ratio swing 0.55-0.92.
    await rps(url, 3);
    await rps(`${minimalAddress}/ping`, 3);
    const indicatorRps = await rps(url, opts.seconds);
    const minimalRps = await rps(`${minimalAddress}/ping`, opts.seconds);
    const br = ['accept-encoding=br'];
    const brIndicatorRps = await rps(url, opts.seconds, br);
    const brMinimalRps = await rps(`${minimalAddress}/ping-br`, opts.seconds, br);
    return {
      perIndicator,
      worstP95: Math.max(...Object.values(perIndicator).map((t) => t.p95)),
      summarySql,
      throughput: {
        indicatorRps,
        minimalRps,
        ratio: Math.round((indicatorRps / minimalRps) * 100) / 100,
        url: url.replace(address, ''),
        brotli: {
          indicatorRps: brIndicatorRps,
          minimalRps: brMinimalRps,
          ratio: Math.round((brIndicatorRps / brMinimalRps) * 100) / 100,
          bytes: brotli.length,
        },
      },
    };
  } finally {
    await minimal.close();
  }
}
