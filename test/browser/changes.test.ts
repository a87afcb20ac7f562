// Entries and exits between two periods in the browser (#16 task 18): a planner picks two periods, a level and a
// flow; the map colours that flow by area and the table lists every flow by area name (never a code), most first,
// with the whole city, as the API and the database count them; the choice lives in the URL (a reload keeps it);
// a suppressed cell says so in words; a wrong period order is said in the user's language. In English, at 1280
// and 375 px: axe finds nothing serious and the page does not scroll sideways. Signed out, the screen asks to
// sign in first.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { askForMap, launchBrowser, logIn, openPage } from '../support/browser.ts';

interface FlowsAnswer {
  areas: Array<{ code: string; name: string; flows: Record<string, number | null>; suppressed: string[] }>;
}

/** Waits until the changes map (asked for) has coloured the areas asked for, and returns their fills. */
async function mapFills(page: Page, level: string, codes: string[]): Promise<Array<string | null>> {
  await askForMap(page);
  const read = ({ level, codes }: { level: string; codes: string[] }) => {
    const m = (window as unknown as { __sidaksosChangesMap?: import('maplibre-gl').Map })
      .__sidaksosChangesMap;
    if (!m?.getLayer('kelurahan-fill')) return null;
    return codes.map(
      (id) => (m.getFeatureState({ source: level, id }) as { fill?: string | null }).fill ?? null,
    );
  };
  await page.waitForFunction(read, { level, codes }, { timeout: 60_000 });
  await page.waitForFunction(
    (arg) => {
      const m = (window as unknown as { __sidaksosChangesMap: import('maplibre-gl').Map })
        .__sidaksosChangesMap;
      return arg.codes.some(
        (id) => typeof (m.getFeatureState({ source: arg.level, id }) as { fill?: unknown }).fill === 'string',
      );
    },
    { level, codes },
    { timeout: 60_000 },
  );
  return (await page.evaluate(read, { level, codes }))!;
}

const cellTexts = (page: Page, column: number) =>
  page
    .getByTestId('flows-row')
    .evaluateAll((rows, i) => rows.map((r) => r.children[i]!.textContent.trim()), column);

describe('entries and exits between periods', () => {
  let browser: Browser;
  let kecamatanNames: Map<string, string>;
  let enteredCity: number;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'b.changes.planner',
        displayName: 'Browser Changes Planner',
        role: 'planner',
        password: TEST_PASSWORD,
      });
      const kec = await knex.raw<{ rows: Array<{ code: string; name: string }> }>(
        `select code, name from areas where level = 'kecamatan' and code like '33.74.%'`,
      );
      kecamatanNames = new Map(kec.rows.map((r) => [r.code, r.name]));
      // Households in the register in 2025-12 that were not in it in 2025-07.
      enteredCity = (
        await knex.raw<{ rows: Array<{ n: number }> }>(
          `select count(*)::int n from households b where b.period_code = '2025-12' and b.status = 'active'
           and not exists (select 1 from households a where a.period_code = '2025-07' and a.id = b.id)`,
        )
      ).rows[0]!.n;
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(
    'shows a planner the flows between two periods as a map and a table with names, in English',
    { timeout: 300_000 },
    async () => {
      const w = await openPage(browser);
      const { page } = w;
      await logIn(w, 'b.changes.planner');
      await page.goto(`${inject('baseUrl')}/?lang=en`);
      await page.getByTestId('current-user').waitFor({ state: 'attached' });
      const link = page.getByTestId('nav-changes');
      if (!(await link.isVisible())) await page.getByTestId('menu').click();
      expect(await link.textContent()).toBe('Entries/exits');
      await link.click();
      await page.getByTestId('flows-table').waitFor();

      // The latest two periods by kecamatan, households entering the register, all in the URL.
      expect(await page.getByTestId('changes-from').inputValue()).toBe('2025-07');
      expect(await page.getByTestId('changes-to').inputValue()).toBe('2025-12');
      expect(new URL(page.url()).hash).toBe('#changes/2025-07~2025-12~kecamatan~entered');
      expect(await page.getByTestId('flows-table').locator('caption').textContent()).toContain(
        'Changes from 2025-07 to 2025-12 by kecamatan',
      );
      const names = await cellTexts(page, 0);
      expect(names.length).toBe(kecamatanNames.size);
      expect(new Set(names)).toEqual(new Set(kecamatanNames.values()));
      for (const n of names) expect(n).not.toMatch(/\d{2}\.\d{2}/);
      // The city's total as the database counts it, in the table's last row and in words.
      const cityRow = page.getByTestId('flows-city');
      expect(await cityRow.locator('th').textContent()).toBe('Whole city');
      expect(await page.getByTestId('changes-city-line').textContent()).toContain(
        `entered the register ${new Intl.NumberFormat('en-GB').format(enteredCity)} households`,
      );
      // Every cell as the API counts it (staff see every count), most first by the chosen flow.
      const api = await page.evaluate(() =>
        fetch('/api/v1/flows?from=2025-07&to=2025-12&level=kecamatan').then(
          (r) => r.json() as Promise<FlowsAnswer>,
        ),
      );
      const byName = new Map(api.areas.map((a) => [a.name, a]));
      const entered = (await cellTexts(page, 1)).map((t) => Number(t.replace(/,/g, '')));
      names.forEach((n, i) => expect(entered[i], n).toBe(byName.get(n)!.flows.entered));
      expect([...entered].sort((a, b) => b - a)).toEqual(entered);
      expect(entered.reduce((a, b) => a + b, 0)).toBe(enteredCity);
      // The map colours the same areas.
      const codes = names.map((n) => byName.get(n)!.code);
      const fills = await mapFills(page, 'kecamatan', codes);
      expect(
        fills.every((f) => typeof f === 'string' && f.startsWith('#')),
        fills.join(),
      ).toBe(true);
      expect(await page.getByTestId('legend').textContent()).toContain('Entered the register');

      // Kelurahan, leaving poverty: names with their kecamatan; the URL follows and survives a reload.
      await page.getByTestId('changes-level').selectOption('kelurahan');
      await page.getByTestId('changes-flow').selectOption('left_poverty');
      await page.waitForFunction(() => location.hash === '#changes/2025-07~2025-12~kelurahan~left_poverty');
      await page.getByTestId('flows-table').getByRole('columnheader', { name: 'Kecamatan' }).waitFor();
      await page.reload();
      await page.getByTestId('flows-table').getByRole('columnheader', { name: 'Kecamatan' }).waitFor();
      expect(await page.getByTestId('changes-level').inputValue()).toBe('kelurahan');
      expect(await page.getByTestId('changes-flow').inputValue()).toBe('left_poverty');
      const kelNames = await cellTexts(page, 0);
      expect(kelNames.length).toBeGreaterThan(150);
      for (const n of kelNames) expect(n).not.toMatch(/\d{2}\.\d{2}/);
      const kecOfRows = await cellTexts(page, 1);
      for (const k of kecOfRows)
        expect(kecamatanNames.has(k) || [...kecamatanNames.values()].includes(k)).toBe(true);
      const sortedHeader = page.getByTestId('flows-table').locator('th[aria-sort="descending"]');
      expect(await sortedHeader.textContent()).toBe('Left poverty');
      const left = (await cellTexts(page, 3)).map((t) => Number(t.replace(/,/g, '')));
      expect([...left].sort((a, b) => b - a)).toEqual(left);
      expect(left[0]).toBeGreaterThan(0);
      const kelApi = (await page.evaluate(() =>
        fetch('/api/v1/flows?from=2025-07&to=2025-12&level=kelurahan').then((r) => r.json()),
      )) as FlowsAnswer;
      const top = kelApi.areas.find((a) => a.name === kelNames[0])!;
      expect(top.flows.left_poverty).toBe(left[0]);
      const [topFill] = await mapFills(page, 'kelurahan', [top.code]);
      expect(topFill).toMatch(/^#/);
      expect(await seriousViolations(page), '1280 px').toEqual([]);

      // A period order that cannot be compared is said, in English.
      await page.getByTestId('changes-from').selectOption('2025-12');
      await page.getByTestId('changes-to').selectOption('2025-07');
      expect(await page.getByTestId('changes-error').textContent()).toBe(
        'The first period must come before the second.',
      );
      await page.getByTestId('changes-from').selectOption('2025-07');
      await page.getByTestId('changes-to').selectOption('2025-12');
      await page.getByTestId('flows-table').waitFor();

      // On a phone: no sideways scroll (the table scrolls in its own region), axe clean.
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByTestId('flows-table').waitFor();
      expect(await seriousViolations(page), '375 px').toEqual([]);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true);
      const selectBox = await page.getByTestId('changes-flow').boundingBox();
      expect(selectBox!.height).toBeGreaterThanOrEqual(44);
      expect(w.errors).toEqual([]);
      await page.close();
    },
  );

  it('says a suppressed cell in words, in the table and the legend', { timeout: 180_000 }, async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, 'b.changes.planner');
    // The public's small cells never reach staff: the answer is shaped as the public would get it.
    await page.route('**/api/v1/flows?*level=kecamatan', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as FlowsAnswer;
      body.areas[0]!.flows.entered = null;
      body.areas[0]!.suppressed = ['entered'];
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${inject('baseUrl')}/#changes/2025-07~2025-12~kecamatan~entered`);
    await page.getByTestId('flows-table').waitFor();
    const hidden = page.getByTestId('flow-suppressed');
    expect(await hidden.count()).toBe(1);
    expect(await hidden.textContent()).toBe('disembunyikan');
    // Suppressed cells sort last, and the note says why they are hidden.
    expect(await page.getByTestId('flows-row').last().getByTestId('flow-suppressed').count()).toBe(1);
    expect(await page.getByTestId('flows-suppressed-note').textContent()).toContain(
      'terlalu sedikit keluarga',
    );
    expect(await page.getByTestId('legend').textContent()).toMatch(/Disembunyikan \(sel kecil\)\s*\(1\)/);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('asks a visitor to sign in before it opens', async () => {
    const w = await openPage(browser, '/#changes');
    const { page } = w;
    await page.getByLabel('Nama pengguna').waitFor();
    expect(await page.getByTestId('changes-screen').count()).toBe(0);
    if (!(await page.getByTestId('nav-login').isVisible())) await page.getByTestId('menu').click();
    expect(await page.getByTestId('nav-changes').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
