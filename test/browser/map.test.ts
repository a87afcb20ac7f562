// The map in headless Chromium: kelurahan outlines drawn from the API, labels from local glyphs, no page
// errors, no request leaving the machine, and the language switch.
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, waitForMap } from '../support/browser.ts';

/** Pixels within a small distance of an RGB colour. */
function countColour(png: PNG, [r, g, b]: [number, number, number], tolerance = 12): number {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (
      Math.abs(png.data[i]! - r) <= tolerance &&
      Math.abs(png.data[i + 1]! - g) <= tolerance &&
      Math.abs(png.data[i + 2]! - b) <= tolerance
    ) {
      n++;
    }
  }
  return n;
}

describe('map page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('draws every kelurahan outline and kecamatan border, offline, without errors', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const rendered = await w.page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const kel = map.queryRenderedFeatures(undefined, { layers: ['kelurahan-line'] });
      const kec = map.queryRenderedFeatures(undefined, { layers: ['kecamatan-line'] });
      return {
        kelurahan: new Set(kel.map((f) => f.properties.code as string)).size,
        kecamatan: new Set(kec.map((f) => f.properties.code as string)).size,
      };
    });
    expect(rendered).toEqual({ kelurahan: 177, kecamatan: 16 });

    const png = PNG.sync.read(await w.page.screenshot());
    const total = png.width * png.height;
    // Kecamatan borders (#1f2933) and kelurahan lines (#7b8794) are drawn; land (#fbfbf8) fills the city.
    expect(countColour(png, [0x1f, 0x29, 0x33])).toBeGreaterThan(total * 0.002);
    expect(countColour(png, [0x7b, 0x87, 0x94], 20)).toBeGreaterThan(total * 0.002);
    expect(countColour(png, [0xfb, 0xfb, 0xf8], 3)).toBeGreaterThan(total * 0.3);

    await expect(w.page.getByTestId('area-counts').textContent()).resolves.toContain('177 kelurahan');
    await expect(w.page.getByTestId('synthetic-banner').textContent()).resolves.toContain(
      'Data demo sintetis',
    );
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.close();
  });

  it('switches to English and keeps the choice in the URL', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    await w.page.getByTestId('language').selectOption('en');
    await expect(w.page.getByTestId('synthetic-banner').textContent()).resolves.toContain(
      'Synthetic demo data',
    );
    expect(new URL(w.page.url()).searchParams.get('lang')).toBe('en');
    await w.page.reload();
    await w.page.getByTestId('synthetic-banner').waitFor();
    await expect(w.page.getByTestId('synthetic-banner').textContent()).resolves.toContain(
      'Synthetic demo data',
    );
    expect(await w.page.evaluate(() => document.title)).toContain('Social Welfare Map');
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
