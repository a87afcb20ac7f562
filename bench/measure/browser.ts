// The first choropleth in headless Chromium (from navigation until the map has drawn its classes and is idle)
// and the gzipped size of the JavaScript the page loads before it can draw.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../../server/config.ts';
import { timing, type Timing } from '../support/stats.ts';

export interface BrowserFigures {
  firstChoropleth: Timing;
  initialJsGzipKB: number;
  initialJsFiles: string[];
}

/** The entry scripts and module preloads of index.html, gzipped as a server would send them. */
export async function initialJs(): Promise<{ kb: number; files: string[] }> {
  const dist = path.join(PROJECT_ROOT, 'web', 'dist');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(await readFile(path.join(dist, f)), { level: 9 }).length;
  return { kb: Math.round((bytes / 1024) * 10) / 10, files };
}

export async function measureFirstChoropleth(
  baseUrl: string,
  chromiumPath: string,
  runs: number,
): Promise<BrowserFigures> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${baseUrl}/?indicator=poor_share`);
      await page.waitForFunction(
        () => {
          const w = window as unknown as {
            __sidaksosMap?: { loaded(): boolean; areTilesLoaded(): boolean };
            __sidaksosView?: { fills?: Record<string, string> };
          };
          return (
            !!w.__sidaksosMap?.loaded() &&
            w.__sidaksosMap.areTilesLoaded() &&
            Object.keys(w.__sidaksosView?.fills ?? {}).length > 0
          );
        },
        null,
        { timeout: 60_000, polling: 16 },
      );
      // One more frame so that the fills are on screen, not just in the style.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      if (i > 0) samples.push(Date.now() - started); // the first run warms the server's caches
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const js = await initialJs();
  return { firstChoropleth: timing(samples), initialJsGzipKB: js.kb, initialJsFiles: js.files };
}
