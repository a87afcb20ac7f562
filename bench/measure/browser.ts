// The first choropleth in headless Chromium, the app beside its floor in the same browser and run: the app's
// first paint (the SVG of map/FirstPaint.svelte with its fills) and MapLibre's layer (loaded, tiles loaded,
// fills set, one more frame), against a bare MapLibre page drawing the same 177 polygons in the same classes
// from the same server. Times are the page's own clock from navigation start (performance.now()), runs of
// the app and the floor alternate so a busy machine slows both alike. Beside them: the JavaScript fetched
// before each first choropleth (bytes on the wire, as sent, and the same files gzip -9), and the entry
// scripts as index.html names them.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { PROJECT_ROOT, WEB_DIST } from '../../server/config.ts';
import { classify } from '../../web/src/lib/map/classify.ts';
import { timing, type Timing } from '../support/stats.ts';

export interface BrowserFigures {
  /** MapLibre's choropleth drawn in the app (what "first choropleth" meant before the first paint). */
  firstChoropleth: Timing;
  /** The app's first paint of the choropleth, before MapLibre (#21 item 2). */
  firstPaint?: Timing;
  /** The floor: a bare MapLibre page drawing the same polygons and values (bench/measure/browser.ts). */
  bareMapLibre?: Timing;
  /** index.html's entry script and module preloads, gzip -9 (what the old single script was measured by). */
  initialJsGzipKB: number;
  /** The same files as brotli, the encoding Chromium is sent. */
  initialJsBrotliKB?: number;
  initialJsFiles: string[];
  /** Scripts fetched before the app's first paint, as sent (brotli) and as gzip -9 of the same files. */
  jsBeforeFirstPaintKB?: number;
  jsBeforeFirstPaintGzipKB?: number;
  /** Every script the page fetched before MapLibre's choropleth (MapLibre and its worker included), as sent. */
  jsBeforeChoroplethKB?: number;
  /** Every response before MapLibre's choropleth, as sent, and what it would have been uncompressed. */
  transferBeforeChoroplethKB?: number;
  decodedBeforeChoroplethKB?: number;
  /** The bare page's scripts (MapLibre and its worker), as sent. */
  bareJsKB?: number;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** The size of a built file as gzip -9 (the build's precompressed copy when there is one). */
async function gzipSize(pathname: string): Promise<number> {
  const file = path.join(WEB_DIST, pathname);
  if (existsSync(`${file}.gz`)) return (await readFile(`${file}.gz`)).length;
  return existsSync(file) ? gzipSync(await readFile(file), { level: 9 }).length : 0;
}

/** The entry scripts and module preloads of index.html, compressed as the server sends them. */
export async function initialJs(): Promise<{ gzipKB: number; brotliKB: number; files: string[] }> {
  const html = await readFile(path.join(WEB_DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let gz = 0;
  let br = 0;
  for (const f of files) {
    const file = path.join(WEB_DIST, f);
    gz += await gzipSize(f);
    // A file below the build's 1 KB threshold has no .br: the server sends it as it is.
    br += (await readFile(existsSync(`${file}.br`) ? `${file}.br` : file)).length;
  }
  return { gzipKB: kb(gz), brotliKB: kb(br), files };
}

// The floor's page: MapLibre created at once (in parallel with the two requests), the answers joined by
// code, one fill layer coloured by a step over the app's class breaks and the kelurahan lines. Nothing else:
// no framework, no legend, no test hooks but the one the benchmark reads; a title, so that Lighthouse sees a
// first contentful paint (a WebGL canvas drawn by SwiftShader does not count as one).
const BARE_PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Bare MapLibre choropleth (benchmark floor)</title><link rel="stylesheet" href="/maplibre-gl.css" />
<style>html, body, #map { margin: 0; height: 100%; }</style></head>
<body><p style="position: absolute; z-index: 1; margin: 0.5rem; font: 14px system-ui">Persentase keluarga miskin</p>
<div id="map" role="region" aria-label="Peta kelurahan"></div>
<script type="module">
  import { Map, setWorkerUrl } from '/maplibre-gl.mjs';
  setWorkerUrl('/maplibre-gl-worker.mjs');
  const CLASSES = __CLASSES__;
  const map = new Map({ container: 'map', style: { version: 8, sources: {}, layers: [
    { id: 'background', type: 'background', paint: { 'background-color': '#e8edf2' } }] },
    bounds: CLASSES.bounds, fitBoundsOptions: { padding: 24 }, attributionControl: false });
  const json = (url) => fetch(url).then((r) => r.json());
  const [areas, values] = await Promise.all([json(CLASSES.regions), json(CLASSES.values)]);
  const byCode = new globalThis.Map(values.values.map((v) => [v.code, v.value]));
  for (const f of areas.features) f.properties.value = byCode.get(f.properties.code) ?? null;
  const step = ['step', ['get', 'value'], CLASSES.colors[0]];
  CLASSES.thresholds.forEach((t, i) => step.push(t, CLASSES.colors[i + 1]));
  const draw = () => {
    map.addSource('kelurahan', { type: 'geojson', data: areas });
    map.addLayer({ id: 'fill', type: 'fill', source: 'kelurahan',
      paint: { 'fill-color': ['case', ['==', ['get', 'value'], null], '#ffffff', step] } });
    map.addLayer({ id: 'line', type: 'line', source: 'kelurahan',
      paint: { 'line-color': '#7b8794', 'line-width': 0.8 } });
    window.__bareMap = map;
  };
  if (map.loaded()) draw(); else map.once('load', draw);
</script></body></html>`;

export interface BarePage {
  origin: string;
  close(): Promise<void>;
}

/**
 * The bare page on a server of its own (so Lighthouse can open it too): the page, MapLibre's files from
 * node_modules compressed as the app's build compresses them, and the app's API passed through unchanged.
 */
export async function serveBarePage(appOrigin: string, period: string): Promise<BarePage> {
  const regions = '/api/v1/regions/kelurahan?simplify=0.00005';
  const valuesUrl = `/api/v1/indicators/poor_share?period=${period}&level=kelurahan`;
  const answer = (await (await fetch(`${appOrigin}${valuesUrl}`)).json()) as {
    values: Array<{ value: number | null; suppressed: boolean }>;
  };
  const areas = (await (await fetch(`${appOrigin}${regions}`)).json()) as {
    features: Array<{ geometry: { coordinates: unknown } }>;
  };
  // The app's default classes (quantile, 5, YlOrRd) over the values it would classify.
  const shown = answer.values.filter((v) => v.value !== null && !v.suppressed).map((v) => v.value!);
  const classes = classify(shown, 'quantile', 5, 'YlOrRd');
  const coords = areas.features.flatMap((f) => (f.geometry.coordinates as unknown[]).flat(3)) as number[];
  const xs = coords.filter((_, i) => i % 2 === 0);
  const ys = coords.filter((_, i) => i % 2 === 1);
  const config = {
    regions,
    values: valuesUrl,
    thresholds: classes.thresholds,
    colors: classes.colors,
    bounds: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
  };
  const dist = path.join(PROJECT_ROOT, 'node_modules', 'maplibre-gl', 'dist');
  const files: Record<string, { type: string; bytes: Buffer }> = {
    '/': { type: 'text/html', bytes: Buffer.from(BARE_PAGE.replace('__CLASSES__', JSON.stringify(config))) },
    '/maplibre-gl.mjs': {
      type: 'text/javascript',
      bytes: await readFile(path.join(dist, 'maplibre-gl.mjs')),
    },
    '/maplibre-gl-worker.mjs': {
      type: 'text/javascript',
      bytes: await readFile(path.join(dist, 'maplibre-gl-worker.mjs')),
    },
    '/maplibre-gl.css': { type: 'text/css', bytes: await readFile(path.join(dist, 'maplibre-gl.css')) },
  };
  const brotli = Object.fromEntries(
    Object.entries(files).map(([k, f]) => [
      k,
      brotliCompressSync(f.bytes, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: f.bytes.length,
        },
      }),
    ]),
  );
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      // Passed through byte for byte (node:http does not decode), compressed as the app sent it.
      const upstream = request(`${appOrigin}${url}`, {
        headers: { 'accept-encoding': String(req.headers['accept-encoding'] ?? '') },
      });
      upstream.on('response', (answer) => {
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'content-encoding', 'cache-control', 'etag', 'vary'])
          if (answer.headers[h]) headers[h] = String(answer.headers[h]);
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      });
      upstream.on('error', (err) => res.writeHead(502).end(String(err)));
      upstream.end();
      return;
    }
    const file = files[url.split('?')[0]!];
    if (!file) return void res.writeHead(404).end();
    const br = /\bbr\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res
      .writeHead(200, {
        'content-type': `${file.type}; charset=utf-8`,
        'cache-control': 'no-cache',
        ...(br ? { 'content-encoding': 'br', vary: 'accept-encoding' } : {}),
      })
      .end(br ? brotli[url] : file.bytes);
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Resource {
  path: string;
  end: number;
  encoded: number;
  decoded: number;
}

/** Resource timing of the page so far (the document first), paths without origin. */
function resources(page: Page): Promise<Resource[]> {
  // No named helpers inside: tsx's keepNames would wrap them in a __name the page does not have.
  return page.evaluate(() => {
    const doc = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return [doc, ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[])].map((e) => ({
      path: new URL(e.name).pathname,
      end: e.responseEnd,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
    }));
  });
}

const isScript = (r: Resource) => /\.m?js$/.test(r.path);
const sum = (rs: Resource[], f: (r: Resource) => number) => rs.reduce((s, r) => s + f(r), 0);

type Moment = 'paint' | 'map' | 'bare';

/**
 * The page's clock (from navigation start) at the first frame showing it, checked in every animation frame,
 * so just before that frame is painted: the app's SVG with its fills, MapLibre's layer drawn (loaded, its
 * tiles too) in the app, or in the bare page. One predicate taking the moment as an argument: the app's CSP
 * forbids the eval a predicate built as a string would need.
 */
async function when(page: Page, moment: Moment): Promise<number> {
  const t = await page.waitForFunction(
    (m: Moment) => {
      const w = window as {
        __sidaksosView?: { fills?: object };
        __sidaksosMap?: { loaded(): boolean; areTilesLoaded(): boolean };
        __bareMap?: { loaded(): boolean; areTilesLoaded(): boolean };
      };
      const map = m === 'bare' ? w.__bareMap : w.__sidaksosMap;
      const ready =
        m === 'paint'
          ? Object.keys(w.__sidaksosView?.fills ?? {}).length > 0 &&
            document.querySelectorAll('[data-testid="first-paint"] path.area').length > 0
          : !!map?.loaded() && map.areTilesLoaded();
      return ready ? performance.now() : false;
    },
    moment,
    { timeout: 60_000, polling: 'raf' },
  );
  return Math.round((await t.jsonValue()) as number);
}

export async function measureFirstChoropleth(
  baseUrl: string,
  chromiumPath: string,
  runs: number,
  period = '2025-12',
): Promise<BrowserFigures> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const bare = await serveBarePage(baseUrl, period);
  const samples = { paint: [] as number[], map: [] as number[], bare: [] as number[] };
  let wire = { paint: 0, paintGzip: 0, map: 0, all: 0, decoded: 0, bare: 0 };
  try {
    // One run of each first warms the server's caches and Chromium; the app and the floor then alternate.
    for (let i = 0; i < runs + 1; i++) {
      let context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      let page = await context.newPage();
      await page.goto(`${baseUrl}/?indicator=poor_share`);
      const paint = await when(page, 'paint');
      // MapLibre starts on the page's first input (web/src/lib/map/map-demand.svelte.ts): a user pressing a key
      // the moment the picture shows, the earliest the map can be wanted, so the soonest it can be there.
      await page.keyboard.press('Shift');
      const map = await when(page, 'map');
      const rs = await resources(page);
      const beforePaint = rs.filter((r) => isScript(r) && r.end <= paint);
      const beforeMap = rs.filter((r) => r.end <= map);
      let paintGzip = 0;
      for (const r of beforePaint) paintGzip += await gzipSize(r.path);
      wire = {
        ...wire,
        paint: sum(beforePaint, (r) => r.encoded),
        paintGzip,
        map: sum(beforeMap.filter(isScript), (r) => r.encoded),
        all: sum(beforeMap, (r) => r.encoded),
        decoded: sum(beforeMap, (r) => r.decoded),
      };
      await context.close();

      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      await page.goto(`${bare.origin}/`);
      const floor = await when(page, 'bare');
      wire.bare = sum((await resources(page)).filter(isScript), (r) => r.encoded);
      await context.close();
      if (i > 0) {
        samples.paint.push(paint);
        samples.map.push(map);
        samples.bare.push(floor);
      }
    }
  } finally {
    await bare.close();
    await browser.close();
  }
  const js = await initialJs();
  return {
    firstChoropleth: timing(samples.map),
    firstPaint: timing(samples.paint),
    bareMapLibre: timing(samples.bare),
    initialJsGzipKB: js.gzipKB,
    initialJsBrotliKB: js.brotliKB,
    initialJsFiles: js.files,
    jsBeforeFirstPaintKB: kb(wire.paint),
    jsBeforeFirstPaintGzipKB: kb(wire.paintGzip),
    jsBeforeChoroplethKB: kb(wire.map),
    transferBeforeChoroplethKB: kb(wire.all),
    decodedBeforeChoroplethKB: kb(wire.decoded),
    bareJsKB: kb(wire.bare),
  };
}
