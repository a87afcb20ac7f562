// #16 task 21 (and #17): every error says, in the user's language, what happened and what to do — also the
// failures that never reach the app (no network, a proxy's error page, a body refused by size), which the
// browser and proxies would otherwise show in their own English ("Failed to fetch", "Bad Gateway"). Nothing is
// lost: the screen offers to try again and works once the server answers.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, openScreen } from '../support/browser.ts';

const ADMIN = 'err.admin';

async function switchToEnglish(page: Page): Promise<void> {
  if (!(await page.getByTestId('language').isVisible())) await page.getByTestId('menu').click();
  await page.getByTestId('language').selectOption('en');
}

describe('errors in the user’s language', () => {
  let browser: Browser;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: ADMIN,
        displayName: 'Error Admin',
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

  it('says the server cannot be reached, in Indonesian then English, and recovers on retry', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, ADMIN);
    // The network drops for the users list only (the rest of the app keeps working).
    await page.route('**/api/v1/users', (route) => route.abort('internetdisconnected'));
    await openScreen(page, 'users');
    const alert = page.locator('.users [role="alert"]');
    await alert.waitFor();
    const id = (await alert.textContent()) ?? '';
    expect(id).toContain('Server Sidaksos tidak dapat dihubungi');
    expect(id).toContain('coba lagi');
    expect(id).not.toMatch(/Failed to fetch|TypeError/);
    expect(await seriousViolations(page)).toEqual([]);

    await switchToEnglish(page);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.waitForFunction(() =>
      document.querySelector('.users [role="alert"]')?.textContent?.includes('cannot be reached'),
    );
    const en = (await alert.textContent()) ?? '';
    expect(en).toContain('Check your internet connection');
    expect(en).not.toContain('tidak dapat');

    // The network is back: the same button loads the list, and the alert goes.
    await page.unroute('**/api/v1/users');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('users-table').waitFor();
    expect(await alert.count()).toBe(0);
    await page.close();
  });

  it('says what a proxy’s error page means instead of its English status text', async () => {
    const w = await openPage(browser, '/?lang=id');
    const { page } = w;
    await logIn(w, ADMIN);
    await page.route('**/api/v1/users', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' }),
    );
    await openScreen(page, 'users');
    const alert = page.locator('.users [role="alert"]');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Server mengalami gangguan (kode 502)');
    expect(text).toContain('Tidak ada yang tersimpan');
    expect(text).not.toContain('Bad Gateway');
    await page.close();
  });

  it('refuses a bad field in English beside the field, and keeps what was typed', async () => {
    const w = await openPage(browser, '/?lang=en');
    const { page } = w;
    // The login form in English: a wrong password is said in English.
    if (!(await page.getByTestId('nav-login').isVisible())) await page.getByTestId('menu').click();
    await page.getByTestId('nav-login').click();
    await page.getByLabel('Username').fill(ADMIN);
    await page.getByLabel('Password').fill('not-the-password');
    await page.locator('form').getByRole('button', { name: 'Log in' }).click();
    const refused = page.locator('form [role="alert"]');
    await refused.waitFor();
    expect((await refused.textContent()) ?? '').toMatch(/password/i);
    expect((await refused.textContent()) ?? '').not.toContain('salah');
    // Still filled in: nothing typed is lost.
    expect(await page.getByLabel('Username').inputValue()).toBe(ADMIN);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('current-user').waitFor({ state: 'attached' });

    // A new user with a weak password: the reason in English, on the password field, the other fields kept.
    await openScreen(page, 'users');
    await page.getByTestId('user-create-open').click();
    await page.locator('#user-username').fill('err.weak');
    await page.locator('#user-displayName').fill('Weak Password');
    await page.locator('#user-role').selectOption('planner');
    await page.locator('#user-password').fill('short');
    await page.getByTestId('user-create-submit').click();
    const fieldError = page.getByTestId('user-password-error');
    await fieldError.waitFor();
    const reason = (await fieldError.textContent()) ?? '';
    expect(reason.length).toBeGreaterThan(10);
    expect(reason).not.toMatch(/kata sandi|harus/i);
    expect(await page.locator('#user-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#user-username').inputValue()).toBe('err.weak');
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors.filter((e) => !/status of 40[01]/.test(e))).toEqual([]);
    await page.close();
  });
});
