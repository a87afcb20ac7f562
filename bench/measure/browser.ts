// The first choropleth in headless Chromium (from navigation until the map has drawn its classes and is idle),
// the JavaScript it fetched before that (bytes on the wire, as the server compressed them), and the size of
// the entry scripts as index.html names them (brotli and gzip, from the build's precompressed copies).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { WEB_DIST } from '../../server/config.ts';
import { timing, type Timing } from '../support/stats.ts';

export interface BrowserFigures {
  firstChoropleth: Timing;
  /** index.html's entry script and module preloads, gzip -9 (what the old single script was measured by). */
  initialJsGzipKB: number;
  /** The same files as brotli, the encoding Chromium is sent. */
  initialJsBrotliKB?: number;
  initialJsFiles: string[];
  /** Every script the page fetched before its first choropleth (the MapLibre worker included), as sent. */
  jsBeforeChoroplethKB?: number;
  /** Every response before the first choropleth, as sent, and what it would have been uncompressed. */
  transferBeforeChoroplethKB?: number;
  decodedBeforeChoroplethKB?: number;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** The entry scripts and module preloads of index.html, compressed as the server sends them. */
export async function initialJs(): Promise<{ gzipKB: number; brotliKB: number; files: string[] }> {
  const dist = WEB_DIST;
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let gz = 0;
  let br = 0;
  for (const f of files) {
    const file = path.join(dist, f);
    const bytes = await readFile(file);
    gz += existsSync(`${file}.gz`)
      ? (await readFile(`${file}.gz`)).length
      : gzipSync(bytes, { level: 9 }).length;
    br += existsSync(`${file}.br`) ? (await readFile(`${file}.br`)).length : NaN;
  }
  return { gzipKB: kb(gz), brotliKB: kb(br), files };
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
  let wire = { js: 0, all: 0, decoded: 0 };
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
      // Resource timing of this fresh context: bytes on the wire (encodedBodySize) before the choropleth.
      // No named helpers inside: tsx's keepNames would wrap them in a __name the page does not have.
      wire = await page.evaluate(() => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const doc = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          js: entries
            .filter((e) => /\.m?js(\?|$)/.test(new URL(e.name).pathname))
            .reduce((s, e) => s + e.encodedBodySize, 0),
          all: entries.reduce((s, e) => s + e.encodedBodySize, doc.encodedBodySize),
          decoded: entries.reduce((s, e) => s + e.decodedBodySize, doc.decodedBodySize),
        };
      });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const js = await initialJs();
  return {
    firstChoropleth: timing(samples),
    initialJsGzipKB: js.gzipKB,
    initialJsBrotliKB: js.brotliKB,
    initialJsFiles: js.files,
    jsBeforeChoroplethKB: kb(wire.js),
    transferBeforeChoroplethKB: kb(wire.all),
    decodedBeforeChoroplethKB: kb(wire.decoded),
  };
}
