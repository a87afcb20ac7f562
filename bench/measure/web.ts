// `npm run bench -- --only web` (#21): what a user's browser gets from the real server on a small city, each
// beside its floor in the same run: answers' sizes on the wire (br, gzip, none), the first choropleth and the
// JavaScript fetched before it, Lighthouse performance on mobile and desktop, and indicator throughput against
// a bare Fastify route answering the same bytes (plain and brotli).
import type { FastifyInstance } from 'fastify';
import type { Machine } from '../support/machine.ts';
import { measureFirstChoropleth, type BrowserFigures } from './browser.ts';
import { measureIndicators, type IndicatorFigures } from './indicators.ts';
import { measureLighthouse, type LighthouseFigures, type LighthouseTarget } from './lighthouse.ts';
import { measureWire, type WireSize } from './wire.ts';

export interface WebResults {
  date: string;
  commit?: string;
  kind: 'web';
  machine: Machine;
  households: number;
  wire: WireSize[];
  browser: BrowserFigures;
  throughput: IndicatorFigures['throughput'];
  lighthouse: LighthouseFigures;
}

export async function measureWeb(
  app: FastifyInstance,
  opts: {
    chromiumPath: string;
    period: string;
    cookie: string;
    targets: LighthouseTarget[];
    households: number;
    machine: Machine;
    log: (m: string) => void;
  },
): Promise<WebResults> {
  const { log } = opts;
  log('sizes on the wire…');
  const wire = await measureWire(app, opts.period, opts.cookie);
  for (const w of wire)
    log(`${w.url}: ${w.identityKB} KB, gzip ${w.gzipKB} KB, br ${w.brotliKB} KB (${w.cacheControl})`);
  log('indicator throughput…');
  const indicators = await measureIndicators(app, opts.period, { runs: 3, seconds: 5 });
  const t = indicators.throughput;
  log(
    `throughput ${t.indicatorRps} vs ${t.minimalRps} req/s (${t.ratio} ×); brotli ${t.brotli?.indicatorRps} vs ${t.brotli?.minimalRps} (${t.brotli?.ratio} ×)`,
  );
  log('first choropleth…');
  const browser = await measureFirstChoropleth(app.listeningOrigin, opts.chromiumPath, 3);
  log(
    `first choropleth median ${browser.firstChoropleth.median} ms; JS before it ${browser.jsBeforeChoroplethKB} KB on the wire; entry JS ${browser.initialJsGzipKB} KB gzip, ${browser.initialJsBrotliKB} KB br`,
  );
  log('lighthouse…');
  const lighthouse = await measureLighthouse(app.listeningOrigin, opts.chromiumPath, opts.targets);
  return {
    date: new Date().toISOString(),
    kind: 'web',
    machine: opts.machine,
    households: opts.households,
    wire,
    browser,
    throughput: t,
    lighthouse,
  };
}
