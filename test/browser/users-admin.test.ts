// Users and roles through the browser (#16 task 12): an admin creates an operator scoped to a kelurahan (a
// weak password refused on its field first), sees it listed with the kelurahan's name, resets its password and
// the operator logs in elsewhere with the password shown once; the admin disables it after confirming, and the
// operator's login is refused. A planner is offered neither the users nor the audit screen. axe at both widths.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, type WatchedPage } from '../support/browser.ts';

const KEL = '33.74.02.1008';
const NEW_USER = 'ua.operator';

/** Logs in through the header's form with a given password; whether the app says who is logged in. */
async function logInWith(w: WatchedPage, username: string, password: string): Promise<boolean> {
  const { page } = w;
  if (!(await page.getByTestId('nav-login').isVisible())) await page.getByTestId('menu').click();
  await page.getByTestId('nav-login').click();
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.locator('form').getByRole('button', { name: 'Masuk' }).click();
  const outcome = await Promise.race([
    page
      .getByTestId('current-user')
      .waitFor({ state: 'attached' })
      .then(() => true),
    page
      .locator('form [role="alert"]')
      .waitFor()
      .then(() => false),
  ]);
  return outcome;
}

async function openUsers(page: Page): Promise<void> {
  const link = page.getByTestId('nav-users');
  if (!(await link.isVisible())) await page.getByTestId('menu').click();
  await link.click();
  await page.getByTestId('users-table').waitFor();
}

describe('users and roles', () => {
  let browser: Browser;
  let kelName: string;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      const users = userAdmin(knex);
      await users.create({
        username: 'ua.admin',
        displayName: 'Users Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      await users.create({
        username: 'ua.planner',
        displayName: 'Users Planner',
        role: 'planner',
        password: TEST_PASSWORD,
      });
      kelName = (await knex('areas').where({ code: KEL }).first<{ name: string }>('name')).name;
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('creates an operator with a kelurahan, resets its password (shown once), and disables it after asking', async () => {
    const admin = await openPage(browser);
    const { page } = admin;
    await logIn(admin, 'ua.admin');
    // The header keeps to one line with every admin screen in it (nothing pushed past its edge).
    expect(
      await page.evaluate(() => document.querySelector('header')!.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await openUsers(page);

    // A new operator; a weak password is refused on its field, in the UI's language.
    await page.getByTestId('user-create-open').click();
    const form = page.getByTestId('user-create');
    await form.getByLabel('Nama pengguna').fill(NEW_USER);
    await form.getByLabel('Nama tampilan').fill('Operator Baru');
    await form.getByLabel('Peran').selectOption('operator');
    await form.getByLabel('Kata sandi awal').fill('pendek');
    const scope = page.getByTestId('user-kelurahan');
    await scope.getByLabel('Saring daftar').fill(kelName.slice(0, 5));
    await scope.locator(`input[value="${KEL}"]`).check();
    expect(await scope.textContent()).toContain('1 dipilih');
    await page.getByTestId('user-create-submit').click();
    const passwordError = page.getByTestId('user-password-error');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).toMatch(/Kata sandi/);
    expect(await form.getByLabel('Kata sandi awal').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Kata sandi awal').fill('Kuat-Sandi-Operator-2025');
    await page.getByTestId('user-create-submit').click();
    await page.waitForFunction(
      (u) => document.querySelector('[data-testid="users-status"]')?.textContent?.includes(u),
      NEW_USER,
    );
    const row = page.getByTestId(`user-row-${NEW_USER}`);
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(kelName); // the scope by name, not code
    expect(rowText).toContain('Operator kelurahan');
    expect(rowText).toContain('Aktif');
    expect(await seriousViolations(page)).toEqual([]);

    // Reset: asked first, then the generated password shown once with its warning.
    await row.getByTestId('user-reset').click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(NEW_USER);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Batal'); // the safe choice
    await page.getByTestId('confirm-dialog-confirm').click();
    const reveal = page.getByTestId('password-dialog');
    await page.getByTestId('password-value').waitFor();
    const shown = ((await page.getByTestId('password-value').textContent()) ?? '').trim();
    expect(shown).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    expect(await reveal.textContent()).toContain('tidak akan ditampilkan lagi');
    expect(await page.getByTestId('password-copy').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('password-done').click();
    await reveal.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('password-value').count()).toBe(0); // gone for good
    // Focus returns to the row's reset button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-reset');

    // The operator logs in elsewhere with the shown password.
    const operator = await openPage(browser);
    expect(await logInWith(operator, NEW_USER, shown)).toBe(true);
    expect(await operator.page.getByTestId('current-user').textContent()).toContain('Operator Baru');

    // Disable: cancel first (nothing happens), then confirm.
    await row.getByTestId('user-disable').click();
    await confirm.waitFor();
    await page.getByTestId('confirm-dialog-cancel').click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await row.getByTestId('user-status').textContent()).toContain('Aktif');
    await row.getByTestId('user-disable').click();
    await page.getByTestId('confirm-dialog-confirm').click();
    await page.waitForFunction(
      (u) =>
        document
          .querySelector(`[data-testid="user-row-${u}"] [data-testid="user-status"]`)
          ?.textContent?.includes('Nonaktif'),
      NEW_USER,
    );
    expect(await page.getByTestId('users-status').textContent()).toContain('dinonaktifkan');

    // The operator's session has ended, and a new login is refused.
    const me = await operator.page.evaluate(() =>
      fetch('/api/v1/auth/me').then((r) => r.json() as Promise<{ user: unknown }>),
    );
    expect(me.user).toBeNull();
    const again = await openPage(browser);
    expect(await logInWith(again, NEW_USER, shown)).toBe(false);
    expect(await again.page.getByTestId('current-user').count()).toBe(0);

    // Enabled again: the account can log in once more (with the same password).
    await row.getByTestId('user-enable').click();
    await page.waitForFunction(
      (u) =>
        document
          .querySelector(`[data-testid="user-row-${u}"] [data-testid="user-status"]`)
          ?.textContent?.includes('Aktif'),
      NEW_USER,
    );

    // The only failed requests: the refused weak password (400) and the disabled account's login (401).
    expect(admin.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(again.errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    expect(operator.errors).toEqual([]);
    for (const w of [admin, operator, again]) {
      expect(w.foreignRequests).toEqual([]);
      await w.page.close();
    }
  });

  it('is axe clean on a phone and in English, with the form open', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 812 });
    const { page } = w;
    // logIn reads the Indonesian labels: log in first, then switch the language by URL.
    await logIn(w, 'ua.admin');
    await page.goto(`${inject('baseUrl')}/?lang=en#users`);
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('user-create-open').click();
    await page.getByTestId('user-create').getByLabel('Role').selectOption('opd');
    await page.getByTestId('user-programs').waitFor();
    expect(await page.getByTestId('user-create').textContent()).toContain('Programs handled');
    expect(await seriousViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('offers a planner neither the users nor the audit screen', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, 'ua.planner');
    if (!(await page.getByTestId('nav-map').isVisible())) await page.getByTestId('menu').click();
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    // A typed URL shows the map instead, and the API refuses.
    await page.goto(`${inject('baseUrl')}/#users`);
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    expect(await page.getByTestId('users-table').count()).toBe(0);
    const status = await page.evaluate(() => fetch('/api/v1/users').then((r) => r.status));
    expect(status).toBe(403);
    expect(w.errors.filter((e) => !e.includes('403'))).toEqual([]);
    await page.close();
  });
});
