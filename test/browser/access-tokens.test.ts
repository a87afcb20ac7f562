// Access tokens in the browser (#19 item 3): a planner opens the access tokens screen from the header, creates
// a token (a name is asked for first), sees the secret once with its copy button and the QGIS instructions,
// the secret reads the API as a Bearer token, closing the dialog forgets it; revoking asks first and the token
// no longer works. axe at 1280 and 375 px, no sideways scroll on a phone, no page errors.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, openScreen } from '../support/browser.ts';

const USER = 'tok.planner';

describe('access tokens screen', () => {
  let browser: Browser;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: USER,
        displayName: 'Token Planner',
        role: 'planner',
        password: TEST_PASSWORD,
      });
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('creates a token shown once, which reads the API, and revokes it after asking', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, USER);
    await openScreen(page, 'tokens');
    await page.getByTestId('tokens-own-table').waitFor();
    expect(await page.getByTestId('tokens-own-table').textContent()).toContain('Belum ada token');
    expect(await page.getByTestId('tokens-all-table').count()).toBe(0); // not an admin

    // A name is asked for first, on its field.
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-name-error').waitFor();
    expect(await page.getByLabel('Nama token').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Nama token').fill('QGIS kantor');
    await page.getByLabel('Berlaku selama').selectOption('30');
    await page.getByTestId('token-submit').click();
    const dialog = page.getByTestId('token-dialog');
    await page.getByTestId('token-value').waitFor();
    const secret = ((await page.getByTestId('token-value').textContent()) ?? '').trim();
    expect(secret).toMatch(/^sdk_[A-Za-z0-9_-]{43}$/);
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('tidak akan ditampilkan lagi');
    expect(text).toContain('/api/v1/tiles/households/style.json');
    expect(text).toContain(USER); // the Basic username to use in QGIS
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('token-copy');
    expect(await seriousViolations(page)).toEqual([]);

    // The secret reads the API as its owner.
    const baseUrl = inject('baseUrl');
    const me = await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(USER);

    await page.getByTestId('token-done').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('token-value').count()).toBe(0); // gone for good
    const row = page.getByTestId('token-row');
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('QGIS kantor');
    expect(rowText).toContain(secret.slice(0, 10));
    expect(rowText).not.toContain(secret);
    expect(rowText).toContain('Berlaku');

    // At 375 px: nothing scrolls sideways and axe is clean.
    await page.setViewportSize({ width: 375, height: 812 });
    // The header folds into its menu once the media query's change reaches the app; give it that moment (on a
    // loaded machine the desktop header was still laid out when measured), then measure.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, {
        timeout: 5000,
      })
      .catch(() => undefined);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Revoke: cancel first (nothing happens), then confirm.
    await row.getByTestId('token-revoke').click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('QGIS kantor');
    await page.getByTestId('confirm-dialog-cancel').click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await row.getByTestId('token-state').textContent()).toContain('Berlaku');
    await row.getByTestId('token-revoke').click();
    await confirm.waitFor();
    await page.getByTestId('confirm-dialog-confirm').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="token-state"]')?.textContent?.includes('Dicabut'),
    );
    expect(await page.getByTestId('tokens-status').textContent()).toContain('dicabut');
    const refused = await fetch(`${baseUrl}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(refused.status).toBe(401);
    expect(w.errors).toEqual([]);
  });
});
