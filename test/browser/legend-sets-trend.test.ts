// #18 items 5 and 6 in headless Chromium, on one page: the area panel draws the map's indicator for the area
// over both periods with the city's dashed line and a table of the values for screen readers (the API's own
// figures); an admin saves the shown classes as the indicator's fixed set after a confirmation, and the map of
// the other period then has the same legend labels (counts adding up to its areas), says "kelas tetap" with who
// saved it, switches back to computed classes and deletes the set. axe at 1280 and 375 px.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap } from '../support/browser.ts';

const INDICATOR = 'disability_rate';

interface View {
  values: { period: string; values: Array<{ code: string; value: number | null; suppressed: boolean }> };
  legend: { thresholds: number[]; colors: string[]; counts: number[]; legendFor?: { fixed: boolean } };
}

describe('area trend chart and fixed legend sets', () => {
  let browser: Browser;
  const cleanUp = async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await knex('legend_sets').where({ indicator_id: INDICATOR }).delete();
    } finally {
      await knex.destroy();
    }
  };
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'ls.admin',
        displayName: 'Legend Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await cleanUp(); // other browser tests draw this indicator with computed classes
    await browser.close();
  });

  it('draws the trend with the city line, and fixed classes give two periods the same legend', async () => {
    const w = await openPage(browser, `/?indicator=${INDICATOR}`);
    const { page } = w;
    await waitForMap(w);
    await logIn(w, 'ls.admin');
    const view = () => page.evaluate(() => (window as unknown as { __sidaksosView: View }).__sidaksosView);
    const legendRanges = () =>
      page
        .getByTestId('legend')
        .locator('ul li')
        .evaluateAll((lis) =>
          lis
            .filter((li) => !li.dataset.testid)
            .map((li) => li.textContent.replace(/\s*\(\d+\)\s*$/, '').trim()),
        );

    // The public saw the finalized July only; staff start from December.
    await page.getByTestId('period').selectOption('2025-12');
    await page.waitForFunction(
      () => (window as unknown as { __sidaksosView?: View }).__sidaksosView?.values?.period === '2025-12',
    );
    // The area panel from the ranking: the trend of the map's indicator, not the poor share.
    await page.getByTestId('ranking-toggle').click();
    const row = page.getByTestId('ranking-table').locator('tbody button').first();
    const name = (await row.textContent())!;
    await row.click();
    const panel = page.getByTestId('area-panel');
    await panel.getByTestId('trend-chart').waitFor({ timeout: 60_000 });
    const code = (await panel.locator('.sub').textContent())!.split(' · ')[1]!;
    const api = await page.evaluate(
      async ([c, id]) =>
        (await (await fetch(`/api/v1/areas/${c}/trend?indicator=${id}`)).json()) as {
          points: Array<{ period: string; value: number; city: number }>;
        },
      [code, INDICATOR] as const,
    );
    expect(api.points.map((p) => p.period)).toEqual(['2025-07', '2025-12']);
    await expect(panel.getByTestId('trend-area-line').count()).resolves.toBe(1);
    await expect(panel.getByTestId('trend-city-line').count()).resolves.toBe(1);
    const title = await panel.locator('svg title').textContent();
    expect(title).toBe('Tren Penyandang disabilitas per 1.000 jiwa (per 1.000 jiwa)');
    expect(await panel.locator('svg desc').textContent()).toContain(name);
    await expect(
      panel.getByRole('heading', { level: 3, name: /^Tren Penyandang disabilitas/ }).count(),
    ).resolves.toBe(1);
    // The table screen readers read: one row per period with the area's and the city's values, as the API says.
    const fmt = (v: number) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(v);
    const cells = await panel
      .getByTestId('trend-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    expect(cells).toEqual(api.points.map((p) => [p.period, fmt(p.value), fmt(p.city)]));
    expect(await seriousViolations(page), 'panel at 1280').toEqual([]);
    await panel.getByRole('button', { name: 'Tutup', exact: true }).click();

    // Save the December classes as the fixed set (after a confirmation).
    await page.waitForFunction(() => (window as unknown as { __sidaksosView?: View }).__sidaksosView?.values);
    const computedDecember = (await view()).legend;
    await page.getByTestId('legend-fixed-save').click();
    const dialog = page.getByTestId('legend-fixed-dialog');
    await dialog.waitFor();
    expect(await seriousViolations(page), 'save dialog').toEqual([]);
    await page.getByTestId('legend-fixed-dialog-confirm').click();
    await page.getByTestId('legend-fixed').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('legend-fixed').textContent()).toMatch(
      /Kelas tetap, disimpan oleh Legend Admin/,
    );
    const december = { legend: (await view()).legend, ranges: await legendRanges() };
    expect(december.legend.thresholds).toEqual(computedDecember.thresholds);
    expect(december.legend.legendFor?.fixed).toBe(true);

    // July with the same fixed classes: identical labels, its own counts adding up to its areas.
    await page.getByTestId('period').selectOption('2025-07');
    await page.waitForFunction(
      () => (window as unknown as { __sidaksosView: View }).__sidaksosView.values?.period === '2025-07',
    );
    const july = await view();
    expect(july.legend.thresholds).toEqual(december.legend.thresholds);
    expect(july.legend.colors).toEqual(december.legend.colors);
    expect(await legendRanges()).toEqual(december.ranges);
    const withFigure = july.values.values.filter((v) => v.value !== null && !v.suppressed).length;
    expect(july.legend.counts.reduce((a, b) => a + b, 0)).toBe(withFigure);
    expect(withFigure).toBe(177);
    await page.getByTestId('legend-fixed').waitFor();

    // Back to computed classes for July, then to the fixed ones again.
    await page.getByTestId('legend-fixed-toggle').click();
    await page.getByTestId('legend-fixed').waitFor({ state: 'detached' });
    expect((await view()).legend.legendFor?.fixed).toBe(false);
    await page.getByTestId('legend-fixed-toggle').click();
    await page.getByTestId('legend-fixed').waitFor();

    // A phone: the panel with its chart and the legend pass axe.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.getByTestId('legend-fixed').waitFor();
    expect(await seriousViolations(page), 'legend at 375').toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // Delete the set (after a confirmation), back at a desktop width, where the settings opened at 1280 px
    // stay beside the legend rather than over it: the legend goes back to computed classes.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('legend-fixed-delete').click();
    await page.getByTestId('legend-fixed-dialog-confirm').click();
    await page.getByTestId('legend-fixed').waitFor({ state: 'detached', timeout: 30_000 });
    const sets = await page.evaluate(
      async () => ((await (await fetch('/api/v1/legend-sets')).json()) as { sets: unknown[] }).sets,
    );
    expect(sets).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  }, 240_000); // one page through both features on a loaded machine
});
