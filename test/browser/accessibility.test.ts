// Every screen, as each role that uses it, at desktop width and on a 375 × 812 phone: axe finds no serious or
// critical violation; on the phone the page does not scroll sideways, no control is cut off the screen, the
// navigation is reachable from the menu, and the map (its sheets folded) takes most of the screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { busiestKelurahan } from '../support/cycle.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage } from '../support/browser.ts';

type Screen =
  'map' | 'login' | 'records' | 'steps' | 'targeting' | 'audit' | 'imports' | 'users' | 'verivali';
const ROLES: Array<{ user?: string; role: string; screens: Screen[] }> = [
  { role: 'public', screens: ['map', 'login'] },
  {
    user: 'a11y.admin',
    role: 'admin',
    screens: ['map', 'records', 'steps', 'targeting', 'audit', 'imports', 'users'],
  },
  { user: 'a11y.operator', role: 'operator', screens: ['records', 'steps', 'imports'] },
  { user: 'a11y.opd', role: 'opd', screens: ['steps', 'targeting'] },
  // A field verifier on its screen of assigned households (three, given in beforeAll).
  { user: 'a11y.verifier', role: 'verifier', screens: ['verivali'] },
];
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 812 },
  // WCAG 1.4.10 reflow: content usable at 320 CSS px without scrolling in two directions.
  { name: 'reflow', width: 320, height: 640 },
] as const;

/** Opens a screen the way a person does: from the header (its menu on narrow screens). */
async function openScreen(page: Page, screen: Screen): Promise<void> {
  if (screen === 'map') return;
  const link = page.getByTestId(`nav-${screen}`);
  if (!(await link.isVisible())) await page.getByTestId('menu').click();
  await link.click();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
}

/** Interactive elements that stick out of the viewport, outside any scroll container of their own. */
function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const scrolls = (el: Element | null): boolean => {
      for (let e = el?.parentElement; e; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        // Only a container the user can scroll excuses a control outside the screen (hidden would clip it).
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('a, button, input, select, textarea, [tabindex]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if ((r.left < -1 || r.right > window.innerWidth + 1) && !scrolls(el))
        out.push(
          `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${r.left}–${r.right}`,
        );
    }
    return out;
  });
}

/** Share of the screen where a point lands on the map's canvas. */
function mapShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas.maplibregl-canvas');
    let hits = 0;
    let all = 0;
    for (let x = 5; x < window.innerWidth; x += 15) {
      for (let y = 5; y < window.innerHeight; y += 15) {
        all++;
        if (document.elementFromPoint(x, y) === canvas) hits++;
      }
    }
    return hits / all;
  });
}

/**
 * A verifier with three households of a kelurahan of its own assigned by the admin, through the API as the
 * admin's screen does: the verifier's screen is checked with its cards, not empty. Not the test operators'
 * kelurahan, whose households other files count.
 */
async function assignToVerifier(knex: ReturnType<typeof createKnex>): Promise<void> {
  const { period_code: period } = await knex('periods')
    .where({ status: 'open' })
    .first<{ period_code: string }>('period_code');
  const kelurahan = await busiestKelurahan(knex, period, ['33.74.02.1008']);
  const verifierId = await userAdmin(knex).create({
    username: 'a11y.verifier',
    displayName: 'A11y Verifier',
    role: 'verifier',
    password: TEST_PASSWORD,
    kelurahan: [kelurahan],
  });
  const households = (await knex('households')
    .where({ period_code: period, status: 'active', kelurahan_code: kelurahan })
    .orderBy('id')
    .limit(3)
    .pluck('id')) as string[];
  const base = inject('baseUrl');
  const signIn = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'a11y.admin', password: TEST_PASSWORD }),
  });
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/v1/verivali/assignments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: signIn.headers.get('set-cookie')!.split(';')[0]!,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify({ verifierId, dueDate: '2099-06-30', households }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(((await res.json()) as { assigned: number }).assigned).toBe(3);
}

describe('every screen for every user', () => {
  let browser: Browser;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      const users = userAdmin(knex);
      await users.create({
        username: 'a11y.admin',
        displayName: 'A11y Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      await users.create({
        username: 'a11y.operator',
        displayName: 'A11y Operator',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: ['33.74.02.1008'],
      });
      await users.create({
        username: 'a11y.opd',
        displayName: 'A11y OPD',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
      await assignToVerifier(knex);
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('tells suppressed, coarsened and no-data areas apart without colour: patterns on the map and in the legend', async () => {
    const w = await openPage(browser, '/?indicator=disability_rate');
    await waitForMap(w);
    const { page } = w;
    await page.waitForFunction(() => {
      const v = (window as unknown as { __sidaksosView?: { values?: { indicator: string } } }).__sidaksosView;
      return v?.values?.indicator === 'disability_rate';
    });
    // The pattern layer's source is updated after the colours; wait until the map has drawn it.
    await page.waitForFunction(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      return map.querySourceFeatures('marks').length > 0 && map.loaded();
    });
    const { grey, coarsened, marked } = await page.evaluate(() => {
      const view = (
        window as unknown as {
          __sidaksosView: {
            values: { values: Array<{ code: string; suppressed: boolean; coarsened?: object | null }> };
          };
        }
      ).__sidaksosView;
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const features = map.querySourceFeatures('marks');
      const codes = (mark: string) =>
        [
          ...new Set(
            features.filter((f) => f.properties.mark === mark).map((f) => String(f.properties.code)),
          ),
        ].sort();
      const suppressed = view.values.values.filter((v) => v.suppressed);
      return {
        grey: suppressed
          .filter((v) => !v.coarsened)
          .map((v) => v.code)
          .sort(),
        coarsened: suppressed
          .filter((v) => v.coarsened)
          .map((v) => v.code)
          .sort(),
        marked: { suppressed: codes('suppressed'), coarsened: codes('coarsened') },
      };
    });
    // The public disability map: most kelurahan suppressed, many showing their kecamatan's value instead.
    expect(coarsened.length).toBeGreaterThan(0);
    expect(marked.coarsened).toEqual(coarsened);
    expect(marked.suppressed).toEqual(grey);
    const legend = page.getByTestId('legend');
    const row = legend.getByTestId('legend-coarsened');
    await row.waitFor();
    expect(await row.textContent()).toContain(`nilai tingkat kecamatan (disamarkan) (${coarsened.length})`);
    const swatches = await legend
      .locator('[data-testid^="legend-"] .swatch')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundImage));
    expect(swatches.length).toBeGreaterThanOrEqual(3);
    for (const bg of swatches) expect(bg).toMatch(/^url\("data:image\/png/);
    // The ranking marks them, and the area panel of one says its value is the kecamatan's.
    await page.getByTestId('ranking-toggle').click();
    expect(await page.getByTestId('ranking-mark').count()).toBeGreaterThanOrEqual(coarsened.length);
    const mark = page.getByTestId('ranking-mark').filter({ hasText: 'nilai kecamatan' }).first();
    await mark.locator('xpath=ancestor::tr').locator('button').click();
    await page.getByTestId('area-note').waitFor();
    expect(await page.getByTestId('area-note').textContent()).toContain('nilai tingkat kecamatan');
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('moves focus to what opens and back when it closes; search hits have names that tell them apart', async () => {
    const w = await openPage(browser, '/?indicator=poor_households');
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'a11y.admin');
    // The area panel, opened from a ranking row: focus on its heading, and back on the row after closing.
    await page.getByTestId('ranking-toggle').click();
    const row = page.getByTestId('ranking-table').locator('tbody button').first();
    const rowName = await row.textContent();
    await row.click();
    const heading = page.getByTestId('area-panel').getByRole('heading', { level: 2 });
    await heading.waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(rowName);
    await page.getByTestId('area-panel').getByRole('button', { name: 'Tutup', exact: true }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(rowName);
    // Household search: every hit's link has its own accessible name; opening one focuses the record.
    await openScreen(page, 'records');
    await page.getByTestId('records-q').fill('Kaligawe');
    await page.getByTestId('records-search').click();
    const links = page.getByTestId('records-hit');
    await links.first().waitFor();
    const names = await links.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names.length).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
    await links.first().click();
    await page.getByTestId('record').waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H3');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('KK');
    expect(w.errors).toEqual([]);
    await page.close();
  });

  for (const size of WIDTHS) {
    for (const who of ROLES) {
      it(`${who.role} at ${size.name} width: ${who.screens.join(', ')}`, async () => {
        const w: WatchedPage = await openPage(browser, '/', { width: size.width, height: size.height });
        const { page } = w;
        await waitForMap(w);
        if (who.user) await logIn(w, who.user);
        for (const screen of who.screens) {
          await openScreen(page, screen);
          if (screen === 'map') await waitForMap(w);
          if (screen === 'verivali') await page.getByTestId('assignment').nth(2).waitFor();
          expect(await seriousViolations(page), `${screen}`).toEqual([]);
          if (size.width < 720) {
            const { scroll, client } = await page.evaluate(() => ({
              scroll: document.documentElement.scrollWidth,
              client: document.documentElement.clientWidth,
            }));
            expect(scroll, `${screen}: page wider than the screen`).toBeLessThanOrEqual(client);
            expect(await cutOff(page), `${screen}: cut off`).toEqual([]);
            if (screen === 'map') expect(await mapShare(page)).toBeGreaterThanOrEqual(0.6);
          }
        }
        if (size.width < 720) {
          // The navigation is one tap away: the menu opens with this role's screens, and folds again.
          await page.getByTestId('menu').click();
          for (const screen of who.screens.filter((s) => s !== 'login'))
            expect(await page.getByTestId(`nav-${screen}`).isVisible(), screen).toBe(true);
          expect(await page.getByTestId('language').isVisible()).toBe(true);
          expect(await seriousViolations(page), 'menu open').toEqual([]);
          await page.keyboard.press('Escape');
          expect(await page.getByTestId('language').isVisible()).toBe(false);
        }
        expect(w.errors).toEqual([]);
        await page.close();
      });
    }
  }
});
