// Logging in, the admin audit screen and logging out, in headless Chromium against the real app.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { launchBrowser, openPage, waitForMap } from '../support/browser.ts';

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

    await page.getByTestId('nav-audit').click();
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

    await page.getByTestId('logout').click();
    await page.getByTestId('nav-login').waitFor();
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    // The failed login answers 401: the browser logs that resource error; nothing else may appear.
    expect(w.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });
});
