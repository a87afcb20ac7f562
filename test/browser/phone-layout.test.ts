// Issue #17 item 4: every screen each role may open (screensFor, so a screen added later is covered without
// touching this file), on a 375 × 812 phone: the page does not scroll sideways, no visible control is cut off the
// screen (outside a scroll container of its own), the navigation is one tap away in the header's menu, axe finds
// no serious or critical violation, and on the map, its sheets folded, the map takes at least 60 % of the screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '../../server/auth/roles.ts';
import { createKnex } from '../../server/db/knex.ts';
import { screensFor } from '../../web/src/lib/app/screens.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage } from '../support/browser.ts';

const PHONE = { width: 375, height: 812 };
const WHO = [
  { role: undefined, user: undefined },
  { role: 'admin', user: 'pl.admin' },
  { role: 'planner', user: 'pl.planner' },
  { role: 'opd', user: 'pl.opd' },
  { role: 'operator', user: 'pl.operator' },
] as const;

/** Page width beyond the screen's (0: none). */
const overflow = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

/** Visible interactive elements that stick out of the viewport sideways, outside a scroll container of their own. */
function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const inScroller = (el: Element): boolean => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        // Only a container the user can scroll excuses a control outside the screen (hidden would clip it).
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      if ((r.left < -1 || r.right > window.innerWidth + 1) && !inScroller(el))
        out.push(
          `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}" at ${Math.round(r.left)}–${Math.round(r.right)} px`,
        );
    }
    return out;
  });
}

/** Share of a grid of points over the screen that land on the map's canvas. */
function mapShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('canvas.maplibregl-canvas');
    let hits = 0;
    let all = 0;
    for (let x = 5; x < window.innerWidth; x += 15)
      for (let y = 5; y < window.innerHeight; y += 15) {
        all++;
        if (document.elementFromPoint(x, y) === canvas) hits++;
      }
    return hits / all;
  });
}

/** Opens a screen by its URL, as a bookmark or a shared link does, and waits until it has drawn. */
async function goTo(page: Page, screen: string): Promise<void> {
  await page.evaluate((s) => (location.hash = `#${s}`), screen);
  await page.waitForFunction(() => !document.querySelector('main > .status[aria-live]'));
  await page.waitForLoadState('networkidle');
  // The screen's own requests are answered; one more frame so their results are laid out.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

describe('every screen on a 375 × 812 phone', () => {
  let browser: Browser;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      const users = userAdmin(knex);
      const accounts: Array<{ username: string; role: Role; programs?: string[]; kelurahan?: string[] }> = [
        { username: 'pl.admin', role: 'admin' },
        { username: 'pl.planner', role: 'planner' },
        { username: 'pl.opd', role: 'opd', programs: ['pkh'] },
        { username: 'pl.operator', role: 'operator', kelurahan: ['33.74.02.1008'] },
      ];
      for (const a of accounts)
        await users.create({ ...a, displayName: a.username, password: TEST_PASSWORD });
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  for (const who of WHO) {
    const screens: string[] = [...screensFor(who.role), ...(who.role ? [] : ['login'])];
    describe(who.role ?? 'signed out', () => {
      let w: WatchedPage;
      beforeAll(async () => {
        w = await openPage(browser, '/', PHONE);
        await waitForMap(w);
        if (who.user) await logIn(w, who.user);
      });
      afterAll(() => w.page.close());

      for (const screen of screens)
        it(`#${screen}`, async () => {
          const { page } = w;
          await goTo(page, screen);
          if (screen === 'map') await waitForMap(w);
          expect(await page.getByTestId(`nav-${screen}`).getAttribute('aria-current')).toBe('page');
          expect(await overflow(page), 'page wider than the screen').toBeLessThanOrEqual(0);
          expect(await cutOff(page), 'controls cut off').toEqual([]);
          expect(await seriousViolations(page), 'axe').toEqual([]);
          if (screen === 'map') expect(await mapShare(page), 'map share').toBeGreaterThanOrEqual(0.6);
          // The navigation is one tap away: with the header's menu open every screen of this role shows (in
          // the menu, or in the bar when they fit), nothing is cut off, and the menu folds again.
          await page.getByTestId('menu').click();
          for (const s of screens)
            expect(await page.getByTestId(`nav-${s}`).isVisible(), `link to ${s}`).toBe(true);
          expect(await page.getByTestId('language').isVisible()).toBe(true);
          expect(await cutOff(page), 'menu cut off').toEqual([]);
          await page.getByTestId('menu').click();
          await page.getByTestId('language').waitFor({ state: 'hidden' });
          expect(w.errors).toEqual([]);
        });
    });
  }
});
