// Target lists and coverage on the targeting screen in headless Chromium (#16 tasks 10 and 11): PKH staff list
// the eligible-but-not-enrolled households of the city, a kecamatan and a kelurahan (by name), page beyond the
// first rows in priority order, download the whole list (audited), open the same view from its link, and see
// the gap and the leakage per kelurahan in a table and on the map; an operator cannot open the screen.
// Checked against the API's own answers, axe-clean at 1280 and 375 px, in Bahasa Indonesia and English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage, withDb } from '../support/browser.ts';

const PERIOD = '2025-12';
const PAGE = 25;
const fmt = (n: number) => new Intl.NumberFormat('id-ID').format(n);

interface Coverage {
  code: string;
  eligible: number;
  enrolled: number;
  gap: number;
  leakage: number;
}

describe('target lists and coverage for OPD staff', () => {
  let browser: Browser;
  let coverage: Coverage[];
  let names: Map<string, { name: string; kecamatan: string }>;
  let kecamatanNames: Map<string, string>;

  beforeAll(async () => {
    await withDb(async (knex) => {
      const users = userAdmin(knex);
      await users.create({
        username: 'tl.opd',
        displayName: 'Staf PKH Sasaran',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
      await users.create({
        username: 'tl.operator',
        displayName: 'Operator Sasaran',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: ['33.74.01.1001'],
      });
      const areas = await knex('areas')
        .whereLike('code', '33.74.%')
        .select<Array<{ code: string; name: string; level: string; parent_code: string | null }>>('*');
      names = new Map(
        areas
          .filter((a) => a.code.length === 13)
          .map((a) => [a.code, { name: a.name, kecamatan: a.code.slice(0, 8) }]),
      );
      kecamatanNames = new Map(areas.filter((a) => a.code.length === 8).map((a) => [a.code, a.name]));
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  const api = async <T>(page: Page, path: string): Promise<T> => {
    const res = await page.request.get(`${new URL(page.url()).origin}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const total = async (page: Page, area?: string) =>
    (
      await api<{ total: number }>(
        page,
        `/api/v1/programs/pkh/targets?period=${PERIOD}&limit=1${area ? `&area=${area}` : ''}`,
      )
    ).total;
  const rows = (page: Page) => page.getByTestId('targets-table').locator('tbody tr');
  const column = (page: Page, i: number) =>
    rows(page).evaluateAll((trs, n) => trs.map((tr) => (tr.children[n]?.textContent ?? '').trim()), i);
  async function openTargeting(w: WatchedPage) {
    const link = w.page.getByTestId('nav-targeting');
    if (!(await link.isVisible())) await w.page.getByTestId('menu').click();
    await link.click();
    await w.page.getByTestId('targeting-tab-lists').waitFor();
  }

  it('lists targets for the whole city, paged beyond the first rows in priority order, each page audited', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'tl.opd');
    await openTargeting(w);
    await page.getByTestId('targeting-tab-lists').click();
    expect(new URL(page.url()).hash).toBe('#targeting/lists-pkh');
    coverage = (await api<{ areas: Coverage[] }>(page, `/api/v1/programs/pkh/coverage?period=${PERIOD}`))
      .areas;

    // The whole city: the count the API gives, 25 rows a page, the next page without overlap, lowest desil first.
    const city = await total(page);
    expect(city).toBeGreaterThan(2 * PAGE);
    const count = page.getByTestId('targets-count');
    await expect.poll(() => count.textContent()).toContain(`${fmt(city)} keluarga layak, belum menerima`);
    await expect.poll(() => rows(page).count()).toBe(PAGE);
    const firstKk = await column(page, 1);
    const firstDesil = (await column(page, 5)).map(Number);
    await page.getByTestId('targets-next').click();
    const showing = page.getByTestId('targets-showing');
    await expect.poll(() => showing.textContent()).toContain(`26–50 dari ${fmt(city)}`);
    await expect.poll(async () => (await column(page, 0))[0]).toBe('26');
    const secondDesil = (await column(page, 5)).map(Number);
    const desil = [...firstDesil, ...secondDesil];
    expect(desil).toEqual([...desil].sort((a, b) => a - b));
    const secondKk = await column(page, 1);
    expect(secondKk.every((kk) => !/^[0-9]{16}$/.test(kk))).toBe(true); // masked
    expect(await column(page, 1)).not.toEqual(firstKk);
    // The server audited the page it handed out: 25 households, offset 25, this user.
    const audited = await withDb((knex) =>
      knex('audit_log')
        .where({ entity: 'target_list', username: 'tl.opd', action: 'read' })
        .orderBy('id', 'desc')
        .first<{ entity_ids: string[]; changes: { offset: number; area: string } }>('entity_ids', 'changes'),
    );
    expect(audited.entity_ids).toHaveLength(PAGE);
    expect(audited.changes).toMatchObject({ offset: PAGE, area: '33.74' });
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('lists a kecamatan and a kelurahan chosen by name, exports the whole list and opens it again from its link', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'tl.opd');
    await openTargeting(w);
    await page.getByTestId('targeting-tab-lists').click();
    const count = page.getByTestId('targets-count');
    const showing = page.getByTestId('targets-showing');
    await expect.poll(() => count.textContent()).toContain('keluarga layak, belum menerima');

    coverage = (await api<{ areas: Coverage[] }>(page, `/api/v1/programs/pkh/coverage?period=${PERIOD}`))
      .areas;
    // A kecamatan chosen by name: its count, only its kelurahan (named, never coded), its link.
    const gapOf = (prefix: string) =>
      coverage.filter((a) => a.code.startsWith(prefix)).reduce((n, a) => n + a.gap, 0);
    const kec = [...kecamatanNames.keys()].sort((a, b) => gapOf(b) - gapOf(a))[0]!;
    await page.getByTestId('targets-level').selectOption('kecamatan');
    await page.getByTestId('targets-kecamatan').selectOption({ label: kecamatanNames.get(kec)! });
    const inKec = await total(page, kec);
    expect(inKec).toBe(gapOf(kec));
    await expect.poll(() => count.textContent()).toContain(`${fmt(inKec)} keluarga layak`);
    expect(await count.textContent()).toContain(kecamatanNames.get(kec)!);
    await expect.poll(() => showing.textContent()).toContain(`1–${Math.min(PAGE, inKec)} dari`);
    const kecKelurahan = new Set([...names.values()].filter((n) => n.kecamatan === kec).map((n) => n.name));
    expect((await column(page, 4)).every((name) => kecKelurahan.has(name))).toBe(true);
    expect(new URL(page.url()).hash).toBe(`#targeting/lists-pkh-${kec}`);

    // The kelurahan with the largest gap, by name: more rows than the old top-15 table ever showed.
    const kel = [...coverage].sort((a, b) => b.gap - a.gap)[0]!;
    await page.getByTestId('targets-level').selectOption('kelurahan');
    await page.getByTestId('targets-kecamatan').selectOption(names.get(kel.code)!.kecamatan);
    await page.getByTestId('targets-kelurahan').selectOption({ label: names.get(kel.code)!.name });
    expect(await total(page, kel.code)).toBe(kel.gap);
    expect(kel.gap).toBeGreaterThan(0); // the city list pages past 15 (the test above); a kelurahan may hold fewer
    await expect.poll(() => count.textContent()).toContain(`${fmt(kel.gap)} keluarga layak`);
    await expect.poll(() => rows(page).count()).toBe(Math.min(PAGE, kel.gap));
    expect(new Set(await column(page, 4))).toEqual(new Set([names.get(kel.code)!.name]));

    // The whole list as a file, in the screen's language and order, audited as an export.
    const href = (await page.getByTestId('targets-csv').getAttribute('href'))!;
    const asked = new URL(href, 'http://x');
    expect(asked.pathname).toBe('/api/v1/programs/pkh/targets');
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      period: PERIOD,
      sort: 'priority',
      area: kel.code,
      format: 'csv',
      lang: 'id',
    });
    const file = await page.request.get(`${new URL(page.url()).origin}${href}`);
    expect(file.status()).toBe(200);
    const lines = (await file.text()).split('\r\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(2 + kel.gap); // title, header, one line per household
    const exported = await withDb((knex) =>
      knex('audit_log')
        .where({ entity: 'target_list', username: 'tl.opd', action: 'export' })
        .orderBy('id', 'desc')
        .first<{ entity_ids: string[] }>('entity_ids'),
    );
    expect(exported.entity_ids).toHaveLength(kel.gap);

    // The link opens the same view after a reload.
    await page.reload();
    await page.getByTestId('targets-table').waitFor();
    expect(await page.getByTestId('targets-kelurahan').inputValue()).toBe(kel.code);
    await expect.poll(() => count.textContent()).toContain(`${fmt(kel.gap)} keluarga layak`);
    expect(await page.getByTestId('targeting-tab-lists').getAttribute('aria-selected')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows the coverage gap and leakage per kelurahan in a table and on the map', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'tl.opd');
    await openTargeting(w);
    await page.getByTestId('targeting-tab-coverage').click();
    const table = page.getByTestId('coverage-table');
    coverage = (await api<{ areas: Coverage[] }>(page, `/api/v1/programs/pkh/coverage?period=${PERIOD}`))
      .areas;
    await expect.poll(() => table.locator('tbody tr').count()).toBe(coverage.length);
    expect(new URL(page.url()).hash).toBe('#targeting/coverage-pkh');

    // Each row by name with the API's counts; sorted by leakage, the largest first.
    await page.getByTestId('coverage-sort-leakage').click();
    const top = [...coverage].sort((a, b) => b.leakage - a.leakage)[0]!;
    expect(top.leakage).toBeGreaterThan(0);
    const first = table.locator('tbody tr').first();
    await expect.poll(() => first.getAttribute('data-code')).not.toBeNull();
    const firstCode = (await first.getAttribute('data-code'))!;
    expect(coverage.find((a) => a.code === firstCode)!.leakage).toBe(top.leakage);
    const cells = await table
      .locator(`tbody tr[data-code="${top.code}"]`)
      .locator('th, td')
      .allTextContents();
    expect(cells.map((c) => c.trim())).toEqual([
      names.get(top.code)!.name,
      fmt(top.eligible),
      fmt(top.enrolled),
      fmt(top.gap),
      fmt(top.leakage),
    ]);
    const sum = (k: keyof Omit<Coverage, 'code'>) => fmt(coverage.reduce((n, a) => n + a[k], 0));
    expect(
      (await page.getByTestId('coverage-total').locator('td').allTextContents()).map((c) => c.trim()),
    ).toEqual([sum('eligible'), sum('enrolled'), sum('gap'), sum('leakage')]);

    // The map: coloured by the gap, then by the leakage; areas without leakage share one colour.
    const fillOf = (code: string) =>
      page.evaluate((c) => {
        const map = (window as unknown as { __sidaksosTargetingMap: import('maplibre-gl').Map })
          .__sidaksosTargetingMap;
        const state = map.getFeatureState({ source: 'kelurahan', id: c }) as { fill?: string };
        return state.fill;
      }, code);
    const legend = page.getByTestId('legend');
    await expect.poll(() => legend.textContent()).toContain('kesenjangan');
    const byGap = await fillOf(top.code);
    await page.getByTestId('coverage-measure-leakage').check();
    await expect.poll(() => legend.textContent()).toContain('kebocoran');
    await expect.poll(() => fillOf(top.code)).not.toBe(byGap);
    const none = coverage.filter((a) => a.leakage === 0).slice(0, 5);
    const noneFills = new Set(await Promise.all(none.map((a) => fillOf(a.code))));
    expect(noneFills.size).toBe(1);
    expect(noneFills.has(await fillOf(top.code))).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('works in English at 375 px from a shared link', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 812 });
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'tl.opd');
    const kec = names.get([...coverage].sort((a, b) => b.gap - a.gap)[0]!.code)!.kecamatan;
    await page.goto(`${inject('baseUrl')}/?lang=en#targeting/lists-pkh-${kec}`);
    const count = page.getByTestId('targets-count');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/eligible, not enrolled/);
    expect(await count.textContent()).toContain(kecamatanNames.get(kec)!);
    expect(await page.getByTestId('targets-kecamatan').inputValue()).toBe(kec);
    await rows(page).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    const next = page.getByTestId('targets-next');
    expect((await next.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    await page.getByTestId('targeting-tab-coverage').click();
    await page.getByTestId('coverage-table').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('coverage-measure-gap').isChecked()).toBe(true);
    expect(await page.getByTestId('legend').textContent()).toContain('gap');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('does not open the targeting screen or its lists for an operator', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'tl.operator');
    expect(await page.getByTestId('nav-targeting').count()).toBe(0);
    await page.goto(`${inject('baseUrl')}/#targeting/lists-pkh`);
    await waitForMap(w);
    expect(await page.getByTestId('targeting-tab-lists').count()).toBe(0);
    expect(await page.getByTestId('targets-table').count()).toBe(0);
    const res = await page.request.get(
      `${new URL(page.url()).origin}/api/v1/programs/pkh/targets?period=${PERIOD}&limit=10`,
    );
    expect(res.status()).toBe(403);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
