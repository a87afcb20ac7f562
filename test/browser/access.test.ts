// Logging in, the admin audit screen and logging out, in headless Chromium against the real app.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { screensFor } from '../../web/src/lib/app/screens.ts';
import { launchBrowser, logIn, openPage, openScreen, waitForMap } from '../support/browser.ts';

describe('login and the audit screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'b.admin',
        displayName: 'Browser Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('logs in, shows the audit log with the login in it, and logs out', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await page.getByTestId('nav-login').click();
    await page.getByLabel('Nama pengguna').fill('b.admin');
    await page.getByLabel('Kata sandi').fill('not the password');
    await page.locator('form').getByRole('button', { name: 'Masuk' }).click();
    // The server answers in the language the screen asked for (Indonesian by default).
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Nama pengguna atau kata sandi salah',
    );

    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Masuk' }).click();
    // The role as a word beside the name, not its code.
    const user = (await page.getByTestId('current-user').textContent()) ?? '';
    expect(user).toContain('Browser Admin');
    expect(user).toContain('Admin Dinsos');
    expect(user).not.toContain('(admin)');

    await openScreen(page, 'audit');
    const table = page.getByTestId('audit-table');
    // Actions read as words (#16: a label for every code), the code stays on the row for tools.
    await table.getByRole('cell', { name: 'Masuk', exact: true }).first().waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('b.admin');
    expect(text).toContain('Gagal masuk');
    expect(await table.locator('tr[data-action="login_failed"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('audit-export').getAttribute('href')).toMatch(
      /^\/api\/v1\/audit\/export\?/,
    );

    await page.getByTestId('audit-action').selectOption('login_failed');
    await page.waitForFunction(
      () =>
        !document.querySelector('[data-testid="audit-table"] tr[data-action="logout"]') &&
        [...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].every(
          (tr) =>
            tr.getAttribute('data-action') === 'login_failed' && tr.textContent?.includes('Gagal masuk'),
        ),
    );

    if (!(await page.getByTestId('logout').isVisible())) await page.getByTestId('menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('nav-login').waitFor({ state: 'attached' });
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    // The failed login answers 401: the browser logs that resource error; nothing else may appear.
    expect(w.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });

  // #16: a header that does not wrap. An admin has the most screens: the bar keeps those that fit, the menu holds
  // the rest, and every screen stays one click (or two) away.
  it('keeps an admin header on one line from 1024 to 1920 px, every screen reachable', async () => {
    const w = await openPage(browser, '/', { width: 1280, height: 800 });
    const { page } = w;
    await logIn(w, 'b.admin');
    const screens = screensFor('admin');
    const header = page.locator('header');
    for (const width of [1024, 1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForFunction((wd) => document.querySelector('header')!.clientWidth >= wd - 1, width);
      // One line: no taller than one row, nothing overflowing it.
      expect((await header.boundingBox())!.height, `${width} px`).toBeLessThan(64);
      expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth + 1), `${width} px`).toBe(true);
      const inBar = await page.locator('header .bar [data-testid^="nav-"]').count();
      if (width >= 1920) expect(inBar, 'a wide screen shows every screen').toBe(screens.length);
      if (width >= 1280) expect(inBar, 'a desktop keeps a bar, not only a menu').toBeGreaterThan(3);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const screen of screens.filter((s) => s !== 'map')) {
      await openScreen(page, screen);
      await page.waitForFunction((s) => location.hash.startsWith(`#${s}`), screen);
    }
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
