// `npm run bench -- --only web` (#21): what a user's browser gets from the real server on a small city, each
// beside its floor in the same run: answers' sizes on the wire (br, gzip, none), the first choropleth (the
// app's first paint and MapLibre's layer against a bare MapLibre page drawing the same polygons and values)
// with the JavaScript fetched before it, Lighthouse performance on mobile and desktop (the bare page's too:
// what any page drawing with MapLibre scores in this Chromium), and indicator throughput against a bare
// Fastify route answering the same bytes (plain and brotli).
import type { FastifyInstance } from 'fastify';
import type { Machine } from '../support/machine.ts';
import { measureFirstChoropleth, serveBarePage, type BrowserFigures } from './browser.ts';
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
  /** Lighthouse on the bare MapLibre page, mobile and desktop: the floor of the performance scores. */
  bareLighthouse?: LighthouseFigures;
}

export async function measureWeb(
  app: FastifyInstance,
  opts: {
    chromiumPath: string;
    period: string;
    cookie: string;
    targets: LighthouseTarget[];
    households: number;
    databaseUrl: string;
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
  const indicators = await measureIndicators(app, opts.period, {
    runs: 3,
    seconds: 5,
    databaseUrl: opts.databaseUrl,
  });
  const t = indicators.throughput;
  log(
    `throughput ${t.indicatorRps} vs ${t.minimalRps} req/s (${t.ratio} ×); brotli ${t.brotli?.indicatorRps} vs ${t.brotli?.minimalRps} (${t.brotli?.ratio} ×)`,
  );
  log('first choropleth…');
  const browser = await measureFirstChoropleth(app.listeningOrigin, opts.chromiumPath, 5, opts.period);
  log(
    `first paint median ${browser.firstPaint?.median} ms, MapLibre's layer ${browser.firstChoropleth.median} ms, bare MapLibre page ${browser.bareMapLibre?.median} ms; JS before the first paint ${browser.jsBeforeFirstPaintKB} KB on the wire (${browser.jsBeforeFirstPaintGzipKB} KB gzip), before MapLibre's ${browser.jsBeforeChoroplethKB} KB`,
  );
  log('lighthouse…');
  const lighthouse = await measureLighthouse(app.listeningOrigin, opts.chromiumPath, opts.targets);
  log('lighthouse on the bare MapLibre page…');
  const bare = await serveBarePage(app.listeningOrigin, opts.period);
  let bareLighthouse: LighthouseFigures | undefined;
  try {
    bareLighthouse = await measureLighthouse(bare.origin, opts.chromiumPath, [
      { screen: 'map', session: null },
    ]);
    for (const p of bareLighthouse.pages)
      log(
        `lighthouse ${p.formFactor} bare MapLibre page: performance ${p.performance} (TBT ${p.metrics.tbtMs} ms)`,
      );
  } catch (err) {
    // The floor's scores are context, not a bar: the app's figures are kept without them.
    log(`lighthouse on the bare MapLibre page failed: ${String(err)}`);
  } finally {
    await bare.close();
  }
  return {
    date: new Date().toISOString(),
    kind: 'web',
    machine: opts.machine,
    households: opts.households,
    wire,
    browser,
    throughput: t,
    lighthouse,
    bareLighthouse,
  };
}
