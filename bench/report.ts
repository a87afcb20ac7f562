// docs/benchmarks.md, written from the newest result file of each mode in bench/results, with each figure set
// against its PRODUCT.md target and its floor on the same machine.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/config.ts';
import type { LoadTestResults } from './loadtest.ts';
import type { BenchResults, LighthouseResults, ScaleFigures, WriteToMapResults } from './main.ts';
import type { IndicatorFigures } from './measure/indicators.ts';
import type { WebResults } from './measure/web.ts';
import { LIGHTHOUSE_FLOORS, type LighthouseFigures, type LighthousePage } from './measure/lighthouse.ts';

const k = (n: number) =>
  n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
const pass = (ok: boolean) => (ok ? 'met' : '**missed**');

/** Indicator throughput beside its floor, plain and brotli (both must reach the target). */
function throughputRow(t: IndicatorFigures['throughput'], note: string): string {
  const how = t.rounds
    ? 'the server as `npm start` runs it vs a bare Fastify route answering the same bytes, each in its own process, alternating rounds'
    : 'vs a minimal Fastify route in the bench process (after a warm-up)';
  const br = t.brotli
    ? `; ${t.brotli.ratio} × brotli (${t.brotli.indicatorRps} vs ${t.brotli.minimalRps} req/s)`
    : '';
  return `| indicator throughput, ${how} | ≥ 0.8 × ${note} | ${t.ratio} × plain (${t.indicatorRps} vs ${t.minimalRps} req/s)${br} | ${pass(t.ratio >= 0.8 && (t.brotli?.ratio ?? 1) >= 0.8)} |`;
}

function targets(r: BenchResults): string[] {
  const at500 = r.scales.find((s) => s.households >= 450_000 && s.households <= 550_000) ?? r.scales[0]!;
  const tiles = Object.values(at500.tiles);
  const worstTileP95 = Math.max(...tiles.map((t) => t.endpoint.p95));
  const biggestTile = Math.max(...tiles.map((t) => t.maxKB));
  const lines = [
    `| bar (PRODUCT.md) | target | measured (${k(at500.households)} households) | |`,
    '| --- | --- | --- | --- |',
    `| import vs bare COPY of the same rows (floor in a fresh database) | ≥ 0.7 × COPY speed (#21; PRODUCT.md 0.5) | ${r.import.ratio} × (${r.import.importRowsPerS.toLocaleString('en')} vs ${r.import.copyRowsPerS.toLocaleString('en')} rows/s, ${k(r.import.rows)} rows) | ${pass(r.import.ratio >= 0.7)} |`,
    `| import memory | flat; < 400 MB for 500k rows | ${r.import.peakRssMB} MB peak RSS (${k(r.import.rows)} rows) | ${pass(r.import.peakRssMB < 400)} |`,
    `| indicator, all kelurahan, p95 | < 20 ms | worst of ${Object.keys(at500.indicators.perIndicator).length} indicators: ${at500.indicators.worstP95} ms | ${pass(at500.indicators.worstP95 < 20)} |`,
    throughputRow(at500.indicators.throughput, '(#21; PRODUCT.md 0.5)'),
    `| household tile p95, any zoom | ≤ 20 ms (#21; PRODUCT.md 50) | worst zoom: ${worstTileP95} ms | ${pass(worstTileP95 <= 20)} |`,
    `| household tile size | < 256 KB | largest: ${biggestTile} KB | ${pass(biggestTile < 256)} |`,
  ];
  if (at500.browser)
    lines.push(
      `| first choropleth in headless Chromium | < 1500 ms | median ${at500.browser.firstChoropleth.median} ms (p95 ${at500.browser.firstChoropleth.p95}) | ${pass(at500.browser.firstChoropleth.p95 < 1500)} |`,
      `| initial JS, gzipped | < 500 KB | ${at500.browser.initialJsGzipKB} KB | ${pass(at500.browser.initialJsGzipKB < 500)} |`,
    );
  if (at500.lighthouse) lines.push(...lighthouseTargets(at500.lighthouse));
  return lines;
}

/** Older result files have no performance score or form factor per page: read them as mobile, unscored. */
type AnyLighthouse = Omit<LighthouseFigures, 'pages'> & {
  formFactor?: string;
  pages: Array<Omit<LighthousePage, 'performance' | 'formFactor'> & Partial<LighthousePage>>;
};

function lighthouseTargets(l: AnyLighthouse): string[] {
  const worst = (key: 'accessibility' | 'bestPractices') => Math.min(...l.pages.map((p) => p[key]));
  const a = worst('accessibility');
  const b = worst('bestPractices');
  const lines = [
    `| Lighthouse ${l.version} accessibility | ≥ ${LIGHTHOUSE_FLOORS.accessibility} | lowest of ${l.pages.length} runs: ${a} | ${pass(a >= LIGHTHOUSE_FLOORS.accessibility)} |`,
    `| Lighthouse ${l.version} best practices | ${LIGHTHOUSE_FLOORS.bestPractices} | lowest of ${l.pages.length} runs: ${b} | ${pass(b >= LIGHTHOUSE_FLOORS.bestPractices)} |`,
  ];
  for (const [ff, floor] of [
    ['mobile', LIGHTHOUSE_FLOORS.performanceMobile],
    ['desktop', LIGHTHOUSE_FLOORS.performanceDesktop],
  ] as const) {
    const scored = l.pages.filter((p) => (p.formFactor ?? 'mobile') === ff && p.performance !== undefined);
    if (!scored.length) continue;
    const map = scored.find((p) => p.screen === 'map' && p.role === null) ?? scored[0]!;
    lines.push(
      `| Lighthouse ${l.version} ${ff} performance, public map | ≥ ${floor} | ${map.performance} (LCP ${map.metrics?.lcpMs} ms, TBT ${map.metrics?.tbtMs} ms) | ${pass(map.performance! >= floor)} |`,
    );
  }
  return lines;
}

/** Each screen's scores beside their floors, and the audits that cost points. */
function lighthouseSection(r: {
  date: string;
  commit?: string;
  households: number;
  lighthouse: AnyLighthouse;
}) {
  const l = r.lighthouse;
  const perfFloor = (ff: string) =>
    ff === 'desktop' ? LIGHTHOUSE_FLOORS.performanceDesktop : LIGHTHOUSE_FLOORS.performanceMobile;
  return [
    `## Lighthouse — ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.commit ? ` (code at ${r.commit})` : ''}`,
    '',
    `Lighthouse ${l.version} (${(l.formFactors ?? [l.formFactor ?? 'mobile']).join(' and ')}), in Debian's Chromium against the real server (${k(r.households)} households); signed-in screens carry an admin's session cookie, and each such run is checked to have been signed in on that screen (the session named the user and the screen's own code was fetched). \`npm run bench -- --only lighthouse\` measures these alone, \`--only web\` with the first screen's figures.`,
    '',
    `| screen | signed in as | form factor | performance (floor ${LIGHTHOUSE_FLOORS.performanceMobile} mobile, ${LIGHTHOUSE_FLOORS.performanceDesktop} desktop) | FCP / LCP / TBT / CLS | accessibility (floor ${LIGHTHOUSE_FLOORS.accessibility}) | best practices (floor ${LIGHTHOUSE_FLOORS.bestPractices}) | audits that did not pass |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...l.pages.map((p) => {
      const ff = p.formFactor ?? l.formFactor ?? 'mobile';
      const perf =
        p.performance === undefined ? '—' : `${p.performance} ${pass(p.performance >= perfFloor(ff))}`;
      const m = p.metrics
        ? `${p.metrics.fcpMs} / ${p.metrics.lcpMs} / ${p.metrics.tbtMs} ms / ${p.metrics.cls}`
        : '—';
      return `| ${p.screen} | ${p.role ?? '(public)'} | ${ff} | ${perf} | ${m} | ${p.accessibility} ${pass(p.accessibility >= LIGHTHOUSE_FLOORS.accessibility)} | ${p.bestPractices} ${pass(p.bestPractices >= LIGHTHOUSE_FLOORS.bestPractices)} | ${p.failing.join('; ') || '—'} |`;
    }),
    '',
  ];
}

function curve(scales: ScaleFigures[]): string[] {
  const lines = [
    '| households | members | seed | indicator p95 (worst) | summaries SQL median | tile p95 z10 | z12 | z14 | z16 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of scales)
    lines.push(
      `| ${k(s.households)} | ${k(s.members)} | ${Math.round(s.seedMs / 1000)} s | ${s.indicators.worstP95} ms | ${s.indicators.summarySql.median} ms | ` +
        `${s.tiles['10']?.endpoint.p95} ms | ${s.tiles['12']?.endpoint.p95} ms | ${s.tiles['14']?.endpoint.p95} ms | ${s.tiles['16']?.endpoint.p95} ms |`,
    );
  return lines;
}

function tileTable(s: ScaleFigures): string[] {
  const lines = [
    '| zoom | tiles | endpoint median | endpoint p95 | tile SQL median | median size | largest |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [z, t] of Object.entries(s.tiles))
    lines.push(
      `| ${z} | ${t.tiles} | ${t.endpoint.median} ms | ${t.endpoint.p95} ms | ${t.sql.median} ms | ${t.medianKB} KB | ${t.maxKB} KB |`,
    );
  return lines;
}

function indicatorTable(s: ScaleFigures): string[] {
  const lines = ['| indicator | median | p95 |', '| --- | --- | --- |'];
  for (const [id, t] of Object.entries(s.indicators.perIndicator))
    lines.push(`| ${id} | ${t.median} ms | ${t.p95} ms |`);
  lines.push(
    `| *(floor: the summaries SQL alone)* | ${s.indicators.summarySql.median} ms | ${s.indicators.summarySql.p95} ms |`,
  );
  return lines;
}

function section(r: BenchResults): string[] {
  const main = r.scales.find((s) => s.households >= 450_000 && s.households <= 550_000) ?? r.scales[0]!;
  const m = r.machine;
  return [
    `## Latest ${r.mode} run — ${r.date.slice(0, 16).replace('T', ' ')} UTC (${r.minutes} min${r.commit ? `, code at ${r.commit}` : ''})`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}, PostGIS ${m.postgis}.`,
    '',
    ...targets(r),
    '',
    `Import phases (${k(r.import.rows)} rows): read, validate and stage ${r.import.phases.readMs} ms; cross-row and registry checks ${r.import.phases.checksMs} ms; apply ${r.import.phases.applyMs} ms. Importing the same file again: ${r.import.reimportMs} ms (every row unchanged). Bare COPY: ${r.import.copyMs} ms.`,
    '',
    '### Cost curve',
    '',
    ...curve(r.scales),
    '',
    `### Tiles at ${k(main.households)} households`,
    '',
    ...tileTable(main),
    '',
    `### Indicators at ${k(main.households)} households (public, all kelurahan, in-process)`,
    '',
    ...indicatorTable(main),
    '',
    `Throughput (autocannon, 20 connections): \`${main.indicators.throughput.url}\` ${main.indicators.throughput.indicatorRps} req/s; bare Fastify route ${main.indicators.throughput.minimalRps} req/s${main.indicators.throughput.rounds ? ` (the product as \`npm start\` runs it and the bare route each in a process of its own, in ${main.indicators.throughput.rounds.plain.product.length} alternating rounds, medians; product rounds ${main.indicators.throughput.rounds.plain.product.join(', ')}, bare ${main.indicators.throughput.rounds.plain.bare.join(', ')})` : ''}.`,
    '',
  ];
}

function loadSection(r: LoadTestResults): string[] {
  const mem = r.memoryMB.map((m) => m.rss);
  return [
    `## Load test — ${r.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `\`npm run loadtest\`: the server as \`npm start\` runs it, ${r.clients} concurrent clients for ${r.seconds} s, ${k(r.households)} households; public map reads, logged-in profiles, tiles and searches, and logins (writes). PostgreSQL was stopped at ${r.outage.stoppedAtS} s and started again at ${r.outage.startedAtS} s.`,
    '',
    `- ${r.requests.toLocaleString('en')} requests; latency p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms; ${r.errors} connection errors or timeouts.`,
    `- Answers by status: ${Object.entries(r.statuses)
      .map(([code, n]) => `${code}: ${n.toLocaleString('en')}`)
      .join(', ')}.`,
    `- Recovery: the first successful answer after the database came back arrived ${r.outage.firstOkAfterStartS ?? 'never'} s later, without restarting the server.`,
    `- Server memory (RSS, every 5 s): ${mem.length ? `${Math.min(...mem)}–${Math.max(...mem)} MB; start ${mem[0]} MB, end ${mem[mem.length - 1]} MB` : 'not sampled'}.`,
    '',
    '| from (s) | 2xx/3xx | 503 | other |',
    '| --- | --- | --- | --- |',
    ...r.timeline.map((t) => `| ${t.fromS} | ${t.ok} | ${t.unavailable} | ${t.other} |`),
    '',
  ];
}

/** Performance of the public map's Lighthouse runs (the bare page's: its only runs), by form factor. */
const mapScore = (l: LighthouseFigures | undefined, ff: string) =>
  l?.pages.find((p) => p.screen === 'map' && p.role === null && p.formFactor === ff);

/** Where a bar of the first screen is missed: its floor in this run, and what stands between. */
function webNotes(r: WebResults, layerRatio: number): string[] {
  const notes: string[] = [];
  if (layerRatio > 1.2)
    notes.push(
      "- MapLibre's layer: the app asks for MapLibre only once its first paint is on screen (earlier, MapLibre's evaluation and set-up hold that paint up), so it starts where the bare page is half done; it then draws more than the bare page (kecamatan lines, the hatch and dot patterns, labels with their glyphs), each a WebGL program that this headless Chromium compiles and draws in software (SwiftShader), on the same 2 cores. A GPU, or labels and patterns added after the first frame, would narrow it; the first paint is what the reader sees meanwhile.",
    );
  for (const [ff, floor] of [
    ['mobile', LIGHTHOUSE_FLOORS.performanceMobile],
    ['desktop', LIGHTHOUSE_FLOORS.performanceDesktop],
  ] as const) {
    const app = mapScore(r.lighthouse, ff);
    const bare = mapScore(r.bareLighthouse, ff);
    if (app && bare && app.performance < floor)
      notes.push(
        `- Lighthouse ${ff}: the bare MapLibre page scores ${bare.performance} here (TBT ${bare.metrics.tbtMs} ms), so no page that draws with MapLibre in this Chromium reaches ${floor}: its main thread waits on WebGL drawn in software (SwiftShader), which Lighthouse counts as blocking time. The app's extra ${app.metrics.tbtMs - bare.metrics.tbtMs} ms of blocking time are MapLibre's extra layers and the app around it.`,
      );
  }
  return notes.length ? [...notes, ''] : [];
}

/** `--only web` (#21): the first screen as a browser gets it, each figure beside its floor and target. */
function webSection(r: WebResults): string[] {
  const b = r.browser;
  const ratio = (a?: number, floor?: number) =>
    a !== undefined && floor ? Math.round((a / floor) * 100) / 100 : NaN;
  const paint = ratio(b.firstPaint?.median, b.bareMapLibre?.median);
  const layer = ratio(b.firstChoropleth.median, b.bareMapLibre?.median);
  const text = r.wire.filter((w) => /json|javascript|css|html|csv/.test(w.type));
  const uncompressed = text.filter((w) => w.identityKB >= 1 && w.brotliKB >= w.identityKB);
  const t = r.throughput;
  const score = (ff: 'mobile' | 'desktop', floor: number) => {
    const app = mapScore(r.lighthouse, ff);
    const bare = mapScore(r.bareLighthouse, ff);
    if (!app) return [];
    const m = (p: typeof app) => `LCP ${p.metrics.lcpMs} ms, TBT ${p.metrics.tbtMs} ms`;
    return [
      `| Lighthouse ${ff} performance, public map | ≥ ${floor} | ${app.performance} (${m(app)}); bare MapLibre page ${bare ? `${bare.performance} (${m(bare)})` : '—'} | ${pass(app.performance >= floor)} |`,
    ];
  };
  return [
    `## The first screen — ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.commit ? ` (code at ${r.commit})` : ''}`,
    '',
    `\`npm run bench -- --only web\`: the real server on ${k(r.households)} households, headless Chromium at 1280 × 800 on ${r.machine.cores} cores (${r.machine.cpu}). The floor of the first choropleth is a bare MapLibre page (in \`bench/measure/browser.ts\`) drawing the same 177 kelurahan in the same classes from the same server, its runs alternating with the app's; times are the page's clock from navigation start, medians of ${b.firstChoropleth.runs} runs. The app's first paint is its SVG of the choropleth, drawn before MapLibre loads; MapLibre's layer replaces it once drawn.`,
    '',
    '| bar (#21) | target | measured | |',
    '| --- | --- | --- | --- |',
    `| first paint of the choropleth (SVG) vs the bare MapLibre page | beats it (< 1 ×) | ${paint} × (${b.firstPaint?.median} vs ${b.bareMapLibre?.median} ms; p95 ${b.firstPaint?.p95} vs ${b.bareMapLibre?.p95}) | ${pass(paint < 1)} |`,
    `| MapLibre's choropleth in the app vs the bare MapLibre page | ≤ 1.2 × | ${layer} × (${b.firstChoropleth.median} vs ${b.bareMapLibre?.median} ms; p95 ${b.firstChoropleth.p95}) | ${pass(layer <= 1.2)} |`,
    `| JS loaded before the first choropleth | ≤ 250 KB gzipped | ${b.jsBeforeFirstPaintGzipKB} KB gzip, ${b.jsBeforeFirstPaintKB} KB as sent (br); before MapLibre's layer ${b.jsBeforeChoroplethKB} KB as sent (the bare page: ${b.bareJsKB} KB) | ${pass((b.jsBeforeFirstPaintGzipKB ?? Infinity) <= 250)} |`,
    `| every text response compressed | all | ${text.length - uncompressed.length} of ${text.length} first-screen answers${uncompressed.length ? `; not: ${uncompressed.map((w) => w.url).join(', ')}` : ''} | ${pass(uncompressed.length === 0)} |`,
    throughputRow(t, ''),
    ...score('mobile', LIGHTHOUSE_FLOORS.performanceMobile),
    ...score('desktop', LIGHTHOUSE_FLOORS.performanceDesktop),
    '',
    ...webNotes(r, layer),
    `Before MapLibre's layer the page had fetched ${b.transferBeforeChoroplethKB} KB (${b.decodedBeforeChoroplethKB} KB decoded). Entry scripts (${b.initialJsFiles.join(', ')}): ${b.initialJsBrotliKB} KB br, ${b.initialJsGzipKB} KB gzip.`,
    '',
    '| on the wire | type | none | gzip | br | Cache-Control |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.wire.map(
      (w) =>
        `| \`${w.url}\` | ${w.type.split(';')[0]} | ${w.identityKB} KB | ${w.gzipKB} KB | ${w.brotliKB} KB | ${w.cacheControl || '—'} |`,
    ),
    '',
  ];
}

/** `--only write`: from an edit to the map (#21 item 3). */
function writeSection(r: WriteToMapResults): string[] {
  const f = r.figures;
  return [
    `## From a write to the map (${r.date.slice(0, 10)}, ${r.households.toLocaleString('en')} households, commit ${r.commit ?? '?'})`,
    '',
    "An admin changes a household's desil through the API, then polls the kelurahan indicator until that",
    "kelurahan's count has moved (the tile cells are rebuilt in the same refresh). Floor: the write's own round",
    'trip plus one read with nothing to refresh. Target ≤ 1 s.',
    '',
    '| | median (ms) | p95 (ms) | runs |',
    '| --- | --- | --- | --- |',
    `| write to map | ${f.writeToMap.median} | ${f.writeToMap.p95} | ${f.writeToMap.runs} |`,
    `| floor | ${f.floor.median} | ${f.floor.p95} | ${f.floor.runs} |`,
    '',
    `Target ≤ 1 s: ${writeVerdict(f.writeToMap)}. The refresh after an edit recomputes only the kelurahan the write marked, without JIT (PostgreSQL priced one kelurahan's coverage statement as the whole city's and compiled it for longer than it ran).`,
    '',
    `A whole-period refresh (what every write cost before summaries were refreshed per kelurahan): ${f.fullRefreshMs} ms.`,
    '',
  ];
}

/** Met at p95; met at the median only; or missed. */
function writeVerdict(t: { median: number; p95: number }): string {
  if (t.p95 <= 1000) return 'met (p95 within it)';
  return t.median <= 1000 ? 'met at the median, **missed** at p95' : '**missed**';
}

export async function writeBenchmarksDoc(latest?: BenchResults): Promise<void> {
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const newest = new Map<string, BenchResults>();
  let load: LoadTestResults | undefined;
  let write: WriteToMapResults | undefined;
  let web: WebResults | undefined;
  const lighthouse: LighthouseResults[] = [];
  for (const f of files) {
    const r = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as
      BenchResults | LoadTestResults | LighthouseResults | WriteToMapResults | WebResults;
    if ('mode' in r) newest.set(r.mode, r);
    else if ('kind' in r && r.kind === 'write') write = r;
    else if ('kind' in r && r.kind === 'web') {
      web = r;
      lighthouse.push({ ...r, kind: 'lighthouse' });
    } else if ('kind' in r) lighthouse.push(r);
    else load = r;
  }
  if (latest) newest.set(latest.mode, latest);
  // The newest Lighthouse figures, from a run of their own or from a bench run's browser scale.
  for (const r of newest.values())
    for (const s of r.scales)
      if (s.lighthouse)
        lighthouse.push({ ...r, kind: 'lighthouse', households: s.households, lighthouse: s.lighthouse });
  const lh = lighthouse.sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  const order = ['full', 'single', 'quick'].filter((m) => newest.has(m));
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` from the newest file of each mode in `bench/results/` (do not edit by hand).',
    'Each figure stands beside its floor measured in the same run on the same machine: the bare `COPY` of the same',
    'rows for imports, the summaries SQL for indicators, a bare Fastify route answering the same JSON for',
    'throughput, the live tile SQL for tiles (below zoom 16 the endpoint reads clusters precomputed with the',
    'summaries, so it can beat that floor). `npm run bench` is the full cost curve (250k–2M households), `--households N` one scale, `--quick` a',
    'small city for a check within minutes. Tests never assert timings; these files are where speed is recorded.',
    '',
    ...order.flatMap((m) => section(newest.get(m)!)),
    ...(web ? webSection(web) : []),
    ...(lh ? lighthouseSection(lh) : []),
    ...(write ? writeSection(write) : []),
    ...(load ? loadSection(load) : []),
  ];
  await writeFile(path.join(PROJECT_ROOT, 'docs', 'benchmarks.md'), `${doc.join('\n')}\n`);
}
