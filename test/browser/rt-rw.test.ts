// The area panel's RT/RW section (#20 items 2 and 5) as an admin would use it: opened on request from a
// kelurahan's panel, each RW opening to its RTs, the RW counts adding up to the kelurahan's, the downloads and
// the musyawarah kelurahan PDF linked in the screen's language, for one RW once chosen; at 1440 px in Bahasa
// Indonesia, with axe (375 px and English: not yet). The public's panel has no such section.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, withDb } from '../support/browser.ts';

const ADMIN = 'rtrw.admin';

async function openFirstKelurahan(page: Page): Promise<string> {
  await page.getByTestId('ranking-toggle').click();
  const row = page.getByTestId('ranking-table').locator('tbody button').first();
  const name = ((await row.textContent()) ?? '').trim();
  await row.click();
  await page.getByTestId('area-panel').getByRole('heading', { level: 2 }).waitFor();
  return name;
}

describe('RT/RW detail in the area panel', () => {
  let browser: Browser;

  beforeAll(async () => {
    await withDb((knex) =>
      userAdmin(knex).create({
        username: ADMIN,
        displayName: 'RT/RW Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      }),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the RW table on request, adds up, expands an RW, and links the muskel PDF (1440 px, Indonesian)', async () => {
    const w = await openPage(browser, '/?indicator=poor_households', { width: 1440, height: 900 });
    await waitForMap(w);
    const { page } = w;
    // The public sees no RT/RW section.
    await openFirstKelurahan(page);
    expect(await page.getByTestId('rtrw-section').count()).toBe(0);
    await page.getByTestId('area-panel').getByRole('button', { name: 'Tutup' }).click();
    await logIn(w, ADMIN);
    await openFirstKelurahan(page);
    await page.getByTestId('rtrw-show').click();
    const table = page.getByTestId('rtrw-table');
    await table.waitFor();
    const rws = page.getByTestId('rtrw-rw');
    expect(await rws.count()).toBeGreaterThan(0);
    const households = async (rows: ReturnType<Page['getByTestId']>) =>
      (await rows.locator('td:nth-child(2)').allTextContents()).map((t) => Number(t.replace(/\./g, '')));
    const total = Number(((await table.locator('tfoot td').first().textContent()) ?? '').replace(/\./g, ''));
    expect((await households(rws)).reduce((a, b) => a + b, 0)).toBe(total);
    const first = rws.first();
    await first.getByRole('button').click();
    expect(await first.getByRole('button').getAttribute('aria-expanded')).toBe('true');
    const rts = page.getByTestId('rtrw-rt');
    expect(await rts.count()).toBeGreaterThan(0);
    expect((await households(rts)).reduce((a, b) => a + b, 0)).toBe((await households(first))[0]);
    expect(await page.getByTestId('rtrw-csv').getAttribute('href')).toMatch(
      /rt-rw\?period=.*format=csv&lang=id/,
    );
    const rwSelect = page.getByTestId('muskel-rw');
    const option = await rwSelect.locator('option').nth(1).getAttribute('value');
    await rwSelect.selectOption(option ?? '');
    const href = (await page.getByTestId('muskel-pdf').getAttribute('href'))!;
    expect(href).toContain(`rw=${option}`);
    const pdf = await page.request.get(`${inject('baseUrl')}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
