// The bivariate map (#18 item 6) and the household heat layer in headless Chromium, one page throughout: the
// square legend's nine cells in nine colours with the counts an independent classification of the API's values
// gives, those colours drawn on the map (its feature states), presentation mode, the PNG's square legend
// (pixels), axe at 1280 and 375 px; the heat toggle for an admin and not for the public.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { SUPPRESSED_COLOR } from '../../web/src/lib/map/base-style.ts';
import { BIVARIATE_COLORS, classifyBivariate, pairValues } from '../../web/src/lib/map/bivariate.ts';
import type { IndicatorValue } from '../../web/src/lib/api.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage } from '../support/browser.ts';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const cssRgb = (hex: string) => `rgb(${rgb(hex).join(', ')})`;

async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = (window as unknown as { __sidaksosMap?: import('maplibre-gl').Map }).__sidaksosMap;
      return !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
    },
    null,
    { timeout: 60_000 },
  );
}

/** The fill each kelurahan was given on the main map (its feature state). */
const mapFills = (page: Page, codes: string[]) =>
  page.evaluate((cs) => {
    const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
    return Object.fromEntries(
      cs.map((id) => [
        id,
        (map.getFeatureState({ source: 'kelurahan', id }) as { fill?: string | null }).fill ?? null,
      ]),
    );
  }, codes);

describe('bivariate map and household heat', () => {
  let browser: Browser;
  let w: WatchedPage;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'b.bivariate',
        displayName: 'Bivariate Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
    w = await openPage(browser, '/?indicator=poor_share');
    await waitForMap(w);
  });
  afterAll(async () => {
    await browser.close();
  });

  it('draws poverty × disability in nine colours with a square legend, presents it and exports it', async () => {
    const { page } = w;
    // The public: no households layer, so no heat toggle either.
    expect(await page.getByTestId('households-toggle').count()).toBe(0);
    expect(await page.getByTestId('heat-toggle').count()).toBe(0);

    await page.getByTestId('bivariate').selectOption('disability_rate');
    expect(new URL(page.url()).searchParams.get('bivariate')).toBe('disability_rate');
    const legend = page.getByTestId('bivariate-legend');
    await legend.waitFor();
    await expect(legend.textContent()).resolves.toContain('Penyandang disabilitas per 1.000 jiwa');
    await expect(legend.textContent()).resolves.toContain('%'); // the first axis's unit
    expect(await page.getByTestId('legend').count()).toBe(0); // the single-indicator legend gives way

    const cells = legend.getByTestId('bivariate-cell');
    expect(await cells.count()).toBe(9);
    const readCells = () =>
      cells.evaluateAll((tds) =>
        tds.map((td) => ({ bg: getComputedStyle(td).backgroundColor, count: Number(td.textContent) })),
      );
    const first = await readCells();
    expect(new Set(first.map((c) => c.bg)).size).toBe(9);
    // Top row is the second indicator's high class; each row runs low to high of the first.
    const expectedOrder = [2, 1, 0].flatMap((y) => [0, 1, 2].map((x) => BIVARIATE_COLORS[y]![x]!));
    expect(first.map((c) => c.bg)).toEqual(expectedOrder.map(cssRgb));

    /** An independent classification of the API's values as this visitor gets them (suppressed or not). */
    const origin = new URL(page.url()).origin;
    const classifyApi = async () => {
      const period = new URL(page.url()).searchParams.get('period')!;
      const get = async (id: string) =>
        (
          (await (await page.request.get(`${origin}/api/v1/indicators/${id}?period=${period}`)).json()) as {
            values: IndicatorValue[];
          }
        ).values;
      const pairs = pairValues(await get('poor_share'), await get('disability_rate'));
      const expected = classifyBivariate(pairs);
      const counts = [2, 1, 0].flatMap((y) => expected.counts[y]!);
      // The legend shows the same counts (once the page has the same values).
      await expect
        .poll(async () => (await readCells()).map((c) => c.count), { timeout: 30_000 })
        .toEqual(counts);
      expect(counts.reduce((a, b) => a + b, 0) + expected.noData + expected.suppressed).toBe(177);
      await mapIdle(page);
      return {
        pairs,
        expected,
        counts,
        fills: await mapFills(
          page,
          pairs.map((p) => p.code),
        ),
      };
    };

    // The public: small cells suppressed in either indicator are hatched, on the map and in the legend.
    const pub = await classifyApi();
    expect(pub.expected.suppressed).toBeGreaterThan(0);
    for (const p of pub.pairs.filter((q) => q.suppressed)) expect(pub.fills[p.code]).toBe(SUPPRESSED_COLOR);
    await expect(legend.textContent()).resolves.toMatch(
      new RegExp(`Disembunyikan[^(]*(\\(sel kecil\\))? \\(${pub.expected.suppressed}\\)`),
    );

    // Staff see every area: all nine classes are filled, and each colour is drawn on the map, each area in
    // the colour of its own cell.
    await logIn(w, 'b.bivariate');
    const staff = await classifyApi();
    expect(staff.expected.suppressed).toBe(0);
    expect(staff.counts.filter((n) => n > 0)).toHaveLength(9);
    const onMap = new Set(Object.values(staff.fills));
    for (const colour of expectedOrder) expect(onMap.has(colour), colour).toBe(true);
    const c = staff.expected;
    for (const p of staff.pairs.filter((q) => q.x !== null && q.y !== null)) {
      const col = c.x.positions[c.x.thresholds.filter((t) => p.x! >= t).length]!;
      const row = c.y.positions[c.y.thresholds.filter((t) => p.y! >= t).length]!;
      expect(staff.fills[p.code], p.code).toBe(BIVARIATE_COLORS[row]![col]);
    }
    expect(await seriousViolations(page), '1280 px').toEqual([]);

    // Presentation mode keeps the square legend and the bivariate title.
    await page.getByTestId('presentation').click();
    await expect(page.getByTestId('presentation-title').textContent()).resolves.toContain('×');
    expect(await legend.isVisible()).toBe(true);
    expect(await legend.getByTestId('bivariate-cell').count()).toBe(9);
    await page.keyboard.press('Escape');
    await page.getByTestId('indicator').waitFor();

    // The PNG draws the square legend: all nine colours as blocks in the bottom-right box.
    await mapIdle(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click(),
    ]);
    const png = PNG.sync.read(readFileSync(await download.path()));
    const box = { x0: Math.floor(png.width * 0.6), y0: Math.floor(png.height * 0.35) };
    for (const colour of BIVARIATE_COLORS.flat()) {
      const [r, g, b] = rgb(colour);
      let hits = 0;
      for (let y = box.y0; y < png.height; y++)
        for (let x = box.x0; x < png.width; x++) {
          const i = (png.width * y + x) * 4;
          if (
            Math.abs(png.data[i]! - r!) <= 2 &&
            Math.abs(png.data[i + 1]! - g!) <= 2 &&
            Math.abs(png.data[i + 2]! - b!) <= 2
          )
            hits++;
        }
      // A cell is 58 × 58 px at ratio 1 (more on the map around it, for non-empty cells).
      expect(hits, colour).toBeGreaterThan(3000);
    }

    // A phone: the settings sheet folded, the square legend stays inside the screen; axe clean, no sideways
    // scroll.
    await page.setViewportSize({ width: 375, height: 812 });
    const sheet = page.getByTestId('controls-toggle');
    if ((await sheet.getAttribute('aria-expanded')) === 'true') await sheet.click();
    expect(await legend.getByTestId('bivariate-cell').count()).toBe(9);
    const bounds = (await legend.boundingBox())!;
    expect(bounds.x).toBeGreaterThanOrEqual(0);
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page), '375 px').toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(w.errors).toEqual([]);
  });

  it('offers an admin the household heat layer, with rims and a legend entry', async () => {
    const { page } = w; // signed in as the admin by the test before
    await page.getByTestId('households-toggle').check();
    const toggle = page.getByTestId('heat-toggle');
    await toggle.waitFor();
    expect(await page.getByTestId('heat-legend').count()).toBe(0);
    await toggle.check();
    await page.getByTestId('heat-legend').waitFor();
    expect(new URL(page.url()).searchParams.get('heat')).toBe('true');
    const visibility = () =>
      page.evaluate(() => {
        const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
        return ['household-heat', 'household-clusters-halo', 'household-clusters'].map((id) =>
          map.getLayer(id) ? (map.getLayoutProperty(id, 'visibility') ?? 'visible') : 'missing',
        );
      });
    await page.waitForFunction(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      return (
        !!map.getLayer('household-heat') &&
        map.getLayoutProperty('household-heat', 'visibility') === 'visible'
      );
    });
    expect(await visibility()).toEqual(['visible', 'visible', 'visible']);
    // Clusters with their white halo are drawn from the role-gated tiles.
    await mapIdle(page);
    const clusters = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      return map.queryRenderedFeatures(undefined, { layers: ['household-clusters-halo'] }).length;
    });
    expect(clusters).toBeGreaterThan(0);
    // The households layer off takes the heat and the halo with it.
    await page.getByTestId('households-toggle').uncheck();
    await page.waitForFunction(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      return map.getLayoutProperty('household-heat', 'visibility') === 'none';
    });
    expect(await visibility()).toEqual(['none', 'none', 'none']);
    expect(w.errors).toEqual([]);
  });
});
