// The audit log through the browser (#16 task 16): an admin filters by user and action and sees only the
// matching rows, pages forward and back (keyset), narrows by date range and entity, and the export link answers
// a CSV of the same filter in the UI's language. A planner is not offered the screen. axe at both widths.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, typeDate } from '../support/browser.ts';

const SUBJECT = 'al.subject';
const ADMIN_ROWS = 60; // more than a page (50)

async function openAudit(page: Page): Promise<void> {
  const link = page.getByTestId('nav-audit');
  if (!(await link.isVisible())) await page.getByTestId('menu').click();
  await link.click();
  await page.getByTestId('audit-table').waitFor();
}

async function waitForStatus(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="audit-status"]')?.textContent?.includes(t),
    text,
  );
}

const rowsOf = (page: Page) =>
  page.getByTestId('audit-row').evaluateAll((rows) =>
    rows.map((r) => ({
      id: Number(r.getAttribute('data-id')),
      action: r.getAttribute('data-action'),
      username: r.getAttribute('data-username'),
      text: r.textContent ?? '',
    })),
  );

describe('audit log', () => {
  let browser: Browser;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      const users = userAdmin(knex);
      await users.create({
        username: 'al.admin',
        displayName: 'Audit Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      await users.create({
        username: 'al.planner',
        displayName: 'Audit Planner',
        role: 'planner',
        password: TEST_PASSWORD,
      });
      // A user with many administration rows and a few of another action, to filter and page through.
      const row = (action: string, i: number) => ({
        region_code: '33.74',
        username: SUBJECT,
        role: 'admin',
        action,
        entity: 'user',
        entity_ids: [`u-${i}`],
        changes: JSON.stringify({ n: i }),
        via: 'api',
      });
      await knex('audit_log').insert([
        ...Array.from({ length: ADMIN_ROWS }, (_, i) => row('admin', i)),
        ...Array.from({ length: 3 }, (_, i) => row('login', i)),
      ]);
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('filters by user and action, pages through the matches, narrows by date and entity, and exports them', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, 'al.admin');
    await openAudit(page);
    await waitForStatus(page, 'Halaman 1');

    // Every action of the code list is offered, by its label.
    const actions = await page.getByTestId('audit-action').locator('option').allTextContents();
    expect(actions).toContain('Administrasi');
    expect(actions).toContain('Ganti batas wilayah');

    await page.getByTestId('audit-user').fill(SUBJECT);
    await page.getByTestId('audit-action').selectOption('admin');
    await page.getByTestId('audit-apply').click();
    await waitForStatus(page, 'Halaman 1: 50 catatan');
    const first = await rowsOf(page);
    expect(first).toHaveLength(50);
    expect(first.every((r) => r.username === SUBJECT && r.action === 'admin')).toBe(true);
    expect(first[0]!.text).toContain('Administrasi');

    await page.getByTestId('audit-next').click();
    await waitForStatus(page, `Halaman 2: ${ADMIN_ROWS - 50} catatan`);
    const second = await rowsOf(page);
    expect(second).toHaveLength(ADMIN_ROWS - 50);
    expect(Math.max(...second.map((r) => r.id))).toBeLessThan(Math.min(...first.map((r) => r.id)));
    expect(await page.getByTestId('audit-next').isDisabled()).toBe(true);
    await page.getByTestId('audit-prev').click();
    await waitForStatus(page, 'Halaman 1: 50 catatan');
    expect((await rowsOf(page))[0]!.id).toBe(first[0]!.id);
    expect(await page.getByTestId('audit-prev').isDisabled()).toBe(true);

    // The export link carries the same filter and the UI's language, and answers a CSV of those rows.
    const href = (await page.getByTestId('audit-export').getAttribute('href'))!;
    const url = new URL(href, inject('baseUrl'));
    expect(url.searchParams.get('username')).toBe(SUBJECT);
    expect(url.searchParams.get('action')).toBe('admin');
    expect(url.searchParams.get('lang')).toBe('id');
    const csv = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { type: r.headers.get('content-type'), body: await r.text() };
    }, href);
    expect(csv.type).toMatch(/text\/csv/);
    const lines = csv.body.split(/\r?\n/).filter((l) => l.includes(SUBJECT) && l.includes('Administrasi'));
    expect(lines.length).toBe(ADMIN_ROWS);

    // A date range: today includes the rows, a range ending yesterday none.
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    // Dates in the screen's language and order (day first in Bahasa Indonesia), not the browser's mm/dd/yyyy.
    expect(
      await page
        .getByTestId('audit-from')
        .locator('[data-segment]:not([data-segment="literal"])')
        .evaluateAll((e) => e.map((x) => x.dataset.segment)),
    ).toEqual(['day', 'month', 'year']);
    await typeDate(page, 'audit-from', today);
    await typeDate(page, 'audit-to', today);
    await page.getByTestId('audit-entity').selectOption('user');
    await page.getByTestId('audit-apply').click();
    await waitForStatus(page, 'Halaman 1: 50 catatan');
    expect((await page.getByTestId('audit-export').getAttribute('href'))!).toContain(`from=${today}`);
    await typeDate(page, 'audit-from', yesterday);
    await typeDate(page, 'audit-to', yesterday);
    await page.getByTestId('audit-apply').click();
    await waitForStatus(page, 'Tidak ada catatan');
    expect(await page.getByTestId('audit-row').count()).toBe(0);
    expect(await page.getByTestId('audit-next').isDisabled()).toBe(true);

    // Cleared: the whole log again, newest first (this screen's own views are in it, as 'Baca').
    await page.getByTestId('audit-clear').click();
    await waitForStatus(page, 'Halaman 1');
    expect((await rowsOf(page)).some((r) => r.action === 'read' && r.username === 'al.admin')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.foreignRequests).toEqual([]);
    await page.close();
  });

  it('is axe clean on a phone, in English, without sideways scrolling', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 812 });
    const { page } = w;
    await logIn(w, 'al.admin');
    await page.goto(`${inject('baseUrl')}/?lang=en#audit`);
    await page.getByTestId('audit-table').waitFor();
    await waitForStatus(page, 'Page 1');
    expect(await page.getByTestId('audit-apply').textContent()).toBe('Show');
    expect(await seriousViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(
      new URL(
        (await page.getByTestId('audit-export').getAttribute('href'))!,
        inject('baseUrl'),
      ).searchParams.get('lang'),
    ).toBe('en');
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('is not offered to a planner, and the API refuses them', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, 'al.planner');
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.goto(`${inject('baseUrl')}/#audit`);
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    expect(await page.getByTestId('audit-table').count()).toBe(0);
    expect(await page.evaluate(() => fetch('/api/v1/audit').then((r) => r.status))).toBe(403);
    await page.close();
  });
});
