// Issue #17, "bilingual all the way down", on the screens: every screen an admin can open, in English and in
// Bahasa Indonesia, shows no word found only in the other language's catalogues (test/support/language-words.ts)
// outside proper names and the registry's own values (people, streets, usernames), and does show words of its
// own language, so an empty screen cannot pass by accident. What staff typed (a step's action, a boundary
// set's label) is shown as typed, so it counts as a value. The downloads have their own test.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { launchBrowser, logIn, openPage, waitForMap } from '../support/browser.ts';
import { registryWords } from '../support/registry-words.ts';
import { foreignWords, ONLY_IN, wordsOf, type Lang } from '../support/language-words.ts';

/** Each screen an admin opens from the header, and what to unfold on it first. */
const SCREENS: Array<{ hash: string; before?: (page: Page) => Promise<void> }> = [
  { hash: '', before: (page) => page.getByTestId('ranking-toggle').click() },
  { hash: 'records' },
  { hash: 'fieldwork' },
  { hash: 'steps' },
  { hash: 'targeting/lists-pkh' },
  { hash: 'changes' },
  { hash: 'imports' },
  { hash: 'programs' },
  { hash: 'periods' },
  { hash: 'boundaries' },
  { hash: 'users' },
  { hash: 'audit' },
  { hash: 'tokens' },
];

describe('every screen in the language chosen', () => {
  let browser: Browser;
  let names = new Set<string>();
  let values = new Set<string>();
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'sl.admin',
        displayName: 'Screens Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      ({ names, values } = await registryWords(knex));
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  for (const lang of ['en', 'id'] as Lang[])
    it(`shows ${lang === 'en' ? 'English' : 'Indonesian'} words only`, async () => {
      const w = await openPage(browser, '/');
      await waitForMap(w);
      const { page } = w;
      await logIn(w, 'sl.admin');
      await page.goto(`${inject('baseUrl')}/?lang=${lang}`);
      await waitForMap(w);
      const found: Record<string, string[]> = {};
      for (const screen of SCREENS) {
        await page.evaluate((h) => (location.hash = h), screen.hash);
        await page.waitForLoadState('networkidle');
        await screen.before?.(page);
        await page.waitForTimeout(300); // let the screen's first answers render
        const lines = (await page.locator('body').innerText()).split(/[\n\t]/).map((l) => l.trim());
        const foreign = foreignWords(lines, lang, names, values);
        if (foreign.length) found[screen.hash || 'map'] = foreign;
        const own = lines.flatMap(wordsOf).filter((x) => ONLY_IN[lang].has(x));
        expect(own.length, `${screen.hash || 'map'}: no word of its own language`).toBeGreaterThan(0);
      }
      expect(found).toEqual({});
      expect(w.errors).toEqual([]);
      await page.close();
    });
});
