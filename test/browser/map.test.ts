// The map in headless Chromium: kelurahan outlines drawn from the API, labels from local glyphs, no page
// errors, no request leaving the machine, and the language switch.
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, waitForMap } from '../support/browser.ts';
import { classify } from '../../web/src/lib/map/classify.ts';
import { SUPPRESSED_COLOR } from '../../web/src/lib/map/base-style.ts';
import { readKecamatan } from '../../geodata/semarang.ts';
import { PointPlacer } from '../../server/demo/point-placer.ts';
import { createRandom } from '../../server/lib/random.ts';

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

/** An RGB triple from '#rrggbb' or 'rgb(r, g, b)' (d3 palettes use both). */
function hex(c: string): [number, number, number] {
  return c.startsWith('#')
    ? ([1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number])
    : (c.match(/\d+/g)!.map(Number) as [number, number, number]);
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
    // Kecamatan borders (#1f2933) and kelurahan lines (#7b8794) are drawn.
    expect(countColour(png, [0x1f, 0x29, 0x33])).toBeGreaterThan(total * 0.002);
    expect(countColour(png, [0x7b, 0x87, 0x94], 20)).toBeGreaterThan(total * 0.002);

    await expect(w.page.getByTestId('area-counts').textContent()).resolves.toContain('177 kelurahan');
    await expect(w.page.getByTestId('synthetic-banner').textContent()).resolves.toContain(
      'Data demo sintetis',
    );
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await w.page.close();
  });

  it('draws the classes the API data implies, and follows method, classes and indicator', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    interface View {
      values: { values: Array<{ code: string; value: number | null; suppressed: boolean }> };
      classification: { thresholds: number[]; colors: string[]; counts: number[] };
      fills: Record<string, string>;
    }
    const view = async () => {
      await page.waitForFunction(
        () => (window as unknown as { __sidaksosView?: { values?: unknown } }).__sidaksosView?.values,
      );
      await page.waitForFunction(() =>
        (window as unknown as { __sidaksosMap: { loaded(): boolean } }).__sidaksosMap.loaded(),
      );
      return page.evaluate(() => (window as unknown as { __sidaksosView: View }).__sidaksosView);
    };

    const first = await view();
    // The classes match an independent classification of the API's values.
    const api = (await (
      await page.request.get(`${new URL(page.url()).origin}/api/v1/indicators/poor_share`)
    ).json()) as View['values'];
    const shown = api.values.filter((v) => v.value !== null).map((v) => v.value!);
    const expected = classify(shown, 'quantile', 5, 'YlOrRd');
    expect(first.classification.thresholds).toEqual(expected.thresholds);
    // Every non-empty class colour and the suppressed colour appear on screen (public visitor: small cells hidden).
    await page.waitForTimeout(300);
    const png = PNG.sync.read(await page.screenshot());
    expect(api.values.some((v) => v.suppressed)).toBe(true);
    expect(countColour(png, hex(SUPPRESSED_COLOR), 3)).toBeGreaterThan(200);
    expected.colors.forEach((c, i) => {
      if (expected.counts[i]! > 0)
        expect(countColour(png, hex(c), 3), `class ${i} ${c}`).toBeGreaterThan(100);
    });
    await expect(page.getByTestId('legend').textContent()).resolves.toContain('Disembunyikan');

    await page.getByTestId('classes').selectOption('3');
    await page.getByTestId('method').selectOption('equal');
    const second = await view();
    expect(second.classification.colors).toHaveLength(second.classification.thresholds.length + 1);
    expect(second.classification.thresholds).toEqual(classify(shown, 'equal', 3, 'YlOrRd').thresholds);
    expect(new URL(page.url()).searchParams.get('method')).toBe('equal');

    // A change map: the previous period's comparison, in the diverging palette.
    await page.getByTestId('period').selectOption('2025-07');
    expect(await page.getByTestId('compare').isDisabled()).toBe(true); // the earliest visible period has no predecessor
    await page.getByTestId('indicator').selectOption('unverified_share');
    await page.waitForFunction(
      () =>
        (window as unknown as { __sidaksosView: { values: { indicator: string } } }).__sidaksosView.values
          .indicator === 'unverified_share',
    );
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('opens the area panel on a click, with the API’s numbers, at kecamatan level', async () => {
    const w = await openPage(browser, '/?level=kecamatan&indicator=poor_share');
    await waitForMap(w);
    const { page } = w;
    await page.waitForFunction(
      () =>
        (window as unknown as { __sidaksosView?: { values?: { level: string } } }).__sidaksosView?.values
          ?.level === 'kecamatan',
    );
    // Click inside Semarang Utara (33.74.02): points well inside its official polygon, the first one that is
    // on screen and not under a panel.
    const placer = new PointPlacer(
      readKecamatan().features.map((f) => ({
        code: f.properties.code,
        geometry:
          f.geometry.type === 'Polygon'
            ? { type: 'MultiPolygon' as const, coordinates: [f.geometry.coordinates] }
            : f.geometry,
      })),
    );
    const rng = createRandom(2);
    const candidates = Array.from({ length: 40 }, () => placer.pointIn(rng, '33.74.02'));
    const at = await page.evaluate((points) => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const canvas = map.getCanvas();
      const box = canvas.getBoundingClientRect();
      for (const lngLat of points) {
        const p = map.project(lngLat);
        const x = p.x + box.left;
        const y = p.y + box.top;
        if (document.elementFromPoint(x, y) === canvas) return { x, y };
      }
      throw new Error('no point of Semarang Utara is visible');
    }, candidates);
    await page.mouse.click(at.x, at.y);
    const panel = page.getByTestId('area-panel');
    await panel.getByRole('heading', { level: 2 }).waitFor();
    await expect(panel.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Semarang Utara');
    const api = (await (
      await page.request.get(`${new URL(page.url()).origin}/api/v1/areas/33.74.02/profile`)
    ).json()) as {
      figures: Array<{ indicator: string; value: number | null }>;
    };
    const expected = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(
      api.figures.find((f) => f.indicator === 'poor_share')!.value!,
    );
    await expect(page.getByTestId('figure-poor_share').textContent()).resolves.toBe(expected);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('ranks areas, opens one from the table, and maps program coverage gaps', async () => {
    const w = await openPage(browser, '/?indicator=poor_households');
    await waitForMap(w);
    const { page } = w;
    await page.getByTestId('ranking-toggle').click();
    const table = page.getByTestId('ranking-table');
    await table.locator('tbody tr').first().waitFor();
    const api = (await (
      await page.request.get(`${new URL(page.url()).origin}/api/v1/indicators/poor_households`)
    ).json()) as {
      values: Array<{ name: string; value: number | null }>;
    };
    const top = [...api.values].filter((v) => v.value !== null).sort((a, b) => b.value! - a.value!)[0]!;
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain(top.name);
    expect(await page.getByTestId('ranking-csv').getAttribute('href')).toMatch(/^data:text\/csv/);
    // XLSX comes from the API: the same (suppressed, for this public visitor) values as a spreadsheet.
    const xlsx = (await page.getByTestId('ranking-xlsx').getAttribute('href'))!;
    expect(xlsx).toMatch(/^\/api\/v1\/indicators\/poor_households\?.*format=xlsx/);
    const file = await page.request.get(`${new URL(page.url()).origin}${xlsx}`);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    expect(file.headers()['content-disposition']).toContain('.xlsx');
    await table.locator('tbody tr').first().getByRole('button').click();
    await expect(
      page.getByTestId('area-panel').getByRole('heading', { level: 2 }).textContent(),
    ).resolves.toBe(top.name);

    await page.getByTestId('indicator').selectOption('coverage_gap_share');
    await page.getByTestId('program').selectOption('kip');
    await page.waitForFunction(
      () =>
        (window as unknown as { __sidaksosView: { values: { indicator: string } } }).__sidaksosView.values
          .indicator === 'coverage_gap_share',
    );
    expect(new URL(page.url()).searchParams.get('program')).toBe('kip');
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('exports a PNG with title, map and legend', async () => {
    const w = await openPage(browser, '/?indicator=poor_share&classes=4');
    await waitForMap(w);
    const { page } = w;
    await page.waitForFunction(
      () => (window as unknown as { __sidaksosView?: { values?: unknown } }).__sidaksosView?.values,
    );
    const classification = await page.evaluate(
      () =>
        (window as unknown as { __sidaksosView: { classification: { colors: string[] } } }).__sidaksosView
          .classification,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sidaksos-poor_share-\d{4}-\d{2}\.png$/);
    const file = await download.path();
    const png = PNG.sync.read((await import('node:fs')).readFileSync(file));
    const canvas = await page.evaluate(() => {
      const c = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.getCanvas();
      return { w: c.width, h: c.height };
    });
    expect(png.width).toBe(canvas.w);
    expect(png.height).toBeGreaterThan(canvas.h + 100); // title above, source below
    // Every class colour appears (map and legend swatches), and the title band is written.
    for (const c of classification.colors) expect(countColour(png, hex(c), 2), c).toBeGreaterThan(50);
    const titleBand = new PNG({ width: png.width, height: 60 });
    png.data.copy(titleBand.data, 0, 0, png.width * 60 * 4);
    expect(countColour(titleBand, [0x10, 0x2a, 0x43], 40)).toBeGreaterThan(200);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('presents: a large title and the legend, no controls, Escape returns', async () => {
    const w = await openPage(browser, '/?indicator=poor_share');
    await waitForMap(w);
    const { page } = w;
    await page.getByTestId('presentation').click();
    await expect(
      page.getByTestId('presentation-title').getByRole('heading').textContent(),
    ).resolves.toContain('Persentase keluarga miskin');
    expect(await page.getByTestId('indicator').count()).toBe(0);
    expect(await page.getByTestId('ranking-toggle').count()).toBe(0);
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByTestId('legend').isVisible()).toBe(true);
    // The whole city is framed below the title block, and again after the screen changes size.
    const framedBelowTitle = async () => {
      await page.waitForTimeout(300);
      return page.evaluate(() => {
        const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
        const title = document.querySelector('[data-testid="presentation-title"]')!.getBoundingClientRect();
        const box = map.getCanvas().getBoundingClientRect();
        // The city's northernmost and southernmost points (Tanjung Mas, Gunungpati) on screen.
        const north = map.project([110.42, -6.94]);
        const south = map.project([110.36, -7.11]);
        return north.y + box.top > title.bottom - 40 && south.y < box.height && north.y > 0;
      });
    };
    expect(await framedBelowTitle()).toBe(true);
    await page.setViewportSize({ width: 900, height: 700 });
    expect(await framedBelowTitle()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('indicator').waitFor();
    expect(await page.getByTestId('presentation-title').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('switches to English and keeps the choice in the URL', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    expect(await w.page.evaluate(() => document.documentElement.lang)).toBe('id');
    // The language is in the header's menu, as on a phone.
    await w.page.getByTestId('menu').click();
    await w.page.getByTestId('language').selectOption('en');
    await expect(w.page.getByTestId('synthetic-banner').textContent()).resolves.toContain(
      'Synthetic demo data',
    );
    expect(new URL(w.page.url()).searchParams.get('lang')).toBe('en');
    expect(await w.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await w.page.reload();
    await w.page.getByTestId('synthetic-banner').waitFor();
    await expect(w.page.getByTestId('synthetic-banner').textContent()).resolves.toContain(
      'Synthetic demo data',
    );
    expect(await w.page.evaluate(() => document.title)).toContain('Social Welfare Map');
    // <html lang> follows the language from the first paint, not only after a switch.
    expect(await w.page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(w.errors).toEqual([]);
    await w.page.close();
  });
});
