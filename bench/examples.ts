// `npm run examples`: regenerates docs/examples/ (see its README) from the real app. A scratch database on the
// local cluster with the official boundaries and a demo registry, the app listening on a loopback port, Debian's
// Chromium opening the map as the public does, and every PNG written by the app's own export button (so the
// files are what a user downloads); the atlas page comes from the CLI (`npm run cli -- atlas …`) on the same
// database. The scratch database is dropped afterwards.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../server/app.ts';
import { loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { ensureChromium } from '../server/db/system-packages.ts';
import { seedRegistry } from '../server/demo/seed-registry.ts';
import { ensureWebBuilt } from '../server/web-build.ts';
import { benchDatabase } from './support/bench-database.ts';

const OUT = path.join(PROJECT_ROOT, 'docs', 'examples');
/** Large enough that few public cells are suppressed, small enough to seed in about a minute. */
const HOUSEHOLDS = 50_000;
/** The last period stays open; the public (and the atlas) see the two before it. */
const PERIODS = ['2025-07', '2025-12', '2026-06'];
const PERIOD = '2025-12';

const log = (m: string) => console.error(`[examples] ${m}`);

/** Waits until the main map (and the split map, if any) has drawn what the view asks and stopped moving. */
async function mapsIdle(page: Page): Promise<void> {
  // No named function inside (tsx would wrap it in a __name() helper the page lacks) and no string (the CSP
  // forbids eval).
  await page.waitForFunction(
    () => {
      const w = window as unknown as Record<string, import('maplibre-gl').Map | undefined> & {
        __sidaksosView?: { values?: unknown };
      };
      const maps = [w.__sidaksosMap];
      if (new URL(location.href).searchParams.get('split')) maps.push(w.__sidaksosSplitMap);
      return (
        !!w.__sidaksosView?.values &&
        maps.every((m) => !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving())
      );
    },
    null,
    { timeout: 120_000 },
  );
}

/** Opens the map at `query`, waits for `ready` (a test id) and saves what the PNG button downloads. */
async function exportView(page: Page, baseUrl: string, query: string, ready: string, file: string) {
  await page.goto(`${baseUrl}/?${query}`);
  await page.getByTestId(ready).first().waitFor({ timeout: 120_000 });
  await mapsIdle(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-png').click(),
  ]);
  await copyFile(await download.path(), path.join(OUT, file));
  log(`wrote docs/examples/${file}`);
}

/** `npm run cli -- atlas …` against the scratch database, as an operator would run it. */
function atlas(databaseUrl: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npm',
      [
        'run',
        '--silent',
        'cli',
        '--',
        'atlas',
        '--period',
        PERIOD,
        '--indicator',
        'poor_share',
        '--out',
        out,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
        stdio: 'inherit',
      },
    );
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`atlas exited with ${code}`))));
  });
}

async function main() {
  await mkdir(OUT, { recursive: true });
  const chromiumPath = await ensureChromium(log);
  await ensureWebBuilt(log);
  const db = await benchDatabase('examples');
  try {
    log(`seeding ${HOUSEHOLDS} households over ${PERIODS.join(', ')}`);
    await seedRegistry(db.knex, { regionCode: '33.74', households: HOUSEHOLDS, seed: 18, periods: PERIODS });
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, knex: db.knex, logger: false });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      const base = `indicator=poor_share&period=${PERIOD}&lang=id`;
      await exportView(page, baseUrl, base, 'legend', 'city-map.png');
      await exportView(page, baseUrl, `${base}&split=disability_rate`, 'split-pane', 'split-view.png');
      await exportView(
        page,
        baseUrl,
        `${base}&bivariate=disability_rate`,
        'bivariate-legend',
        'bivariate-map.png',
      );
    } finally {
      await browser.close();
      await app.close();
    }
    await atlas(db.url, path.join(OUT, 'atlas-page.pdf'));
    log('wrote docs/examples/atlas-page.pdf');
    const sizes = await Promise.all(
      ['city-map.png', 'split-view.png', 'bivariate-map.png', 'atlas-page.pdf'].map(
        async (f) => `${f} ${((await readFile(path.join(OUT, f))).length / 1024).toFixed(0)} KiB`,
      ),
    );
    log(sizes.join(', '));
  } finally {
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
