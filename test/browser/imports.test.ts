// Importing a households file in headless Chromium (#16 task 7): an operator uploads a small CSV with one bad row,
// follows the job to its result, reads the rejected row and its reason on screen, downloads the reject report
// (CSV, XLSX) and a template, and finds the job in the history; a wrong file type shows the server's message.
// OPD staff are not offered the screen, and its URL does not open it. axe finds nothing serious at 1280 and
// 375 px, and the page does not scroll sideways on the phone.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap } from '../support/browser.ts';
import { csvText, household, kelurahanPoint } from '../support/import-files.ts';

const KEL = '33.74.02.1008';
const FILE = 'keluarga-uji-impor.csv';

/** Fetches a link's target in the page (with the session's cookie), as a download would. */
function fetchLink(page: Page, testId: string): Promise<{ status: number; type: string; size: number }> {
  return page.evaluate(async (id) => {
    const a = document.querySelector<HTMLAnchorElement>(`[data-testid="${id}"]`);
    if (!a) throw new Error(`no link ${id}`);
    const res = await fetch(a.href);
    const body = await res.arrayBuffer();
    return { status: res.status, type: res.headers.get('content-type') ?? '', size: body.byteLength };
  }, testId);
}

describe('imports', () => {
  let browser: Browser;
  let csv: string;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'b.importer',
        displayName: 'Browser Importer',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [KEL],
      });
      await userAdmin(knex).create({
        username: 'b.imports.opd',
        displayName: 'Browser Imports OPD',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
      const at = await kelurahanPoint(knex, KEL);
      const good = household({ kk: '3374021201250961', kelurahan: KEL, ...at, size: 2, serial: 961 });
      const bad = household({ kk: '3374021201250962', kelurahan: KEL, ...at, size: 1, serial: 962 });
      csv = csvText([...good, { ...bad[0]!, tanggal_lahir: '31/02/1990' }]);
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a households file, shows progress, result and rejects, serves the downloads and the history', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.importer');
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('imports').waitFor();
    // Only households for an operator, and the open period preselected.
    expect(await page.getByTestId('import-kind').locator('option').count()).toBe(1);
    await page.getByTestId('import-period').locator('option').first().waitFor({ state: 'attached' });
    expect(await page.getByTestId('import-period').inputValue()).toBe('2025-12');

    await page.getByLabel('Berkas (CSV atau XLSX)').setInputFiles({
      name: FILE,
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    // Every status the screen shows, as it shows it: the job is seen running before its result.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __importStatuses: string[] }).__importStatuses = seen;
      new MutationObserver(() => {
        const s = document.querySelector('[data-testid="import-status"]')?.getAttribute('data-status');
        if (s && seen.at(-1) !== s) seen.push(s);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('import-upload').click();
    await page.locator('[data-testid="import-status"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    const statuses = await page.evaluate(
      () => (window as unknown as { __importStatuses: string[] }).__importStatuses,
    );
    expect(statuses.at(-1)).toBe('succeeded');
    expect(
      statuses.some((s) => s === 'queued' || s === 'running'),
      statuses.join(' → '),
    ).toBe(true);
    expect(await page.getByTestId('import-status').getAttribute('role')).toBe('status');
    expect(await page.getByTestId('import-total').textContent()).toBe('3');
    expect(await page.getByTestId('import-stored').textContent()).toBe('2');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
    // The result takes the focus when it arrives.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-job-title');

    // The rejected row on screen, its reason in the user's language (Indonesian here).
    const rejects = page.getByTestId('import-rejects');
    const rejectRow = ((await rejects.locator('tbody tr').first().textContent()) ?? '').replace(/\s+/g, ' ');
    expect(rejectRow).toContain('tanggal_lahir');
    expect(rejectRow).toContain('31/02/1990');
    expect(await page.getByTestId('import-reject-reason').first().textContent()).toBe(
      '31/02/1990 bukan tanggal yang ada',
    );

    // The downloads: the reject report in both formats (in the UI's language) and the templates.
    expect(await page.getByTestId('import-rejects-csv').getAttribute('href')).toMatch(/format=csv&lang=id$/);
    const rejectsCsv = await fetchLink(page, 'import-rejects-csv');
    expect(rejectsCsv.status).toBe(200);
    expect(rejectsCsv.type).toMatch(/^text\/csv/);
    const rejectsXlsx = await fetchLink(page, 'import-rejects-xlsx');
    expect(rejectsXlsx.status).toBe(200);
    expect(rejectsXlsx.type).toContain('spreadsheetml');
    const templateCsv = await fetchLink(page, 'import-template-csv');
    expect(templateCsv.status).toBe(200);
    expect(templateCsv.type).toMatch(/^text\/csv/);
    expect(templateCsv.size).toBeGreaterThan(100);
    const templateXlsx = await fetchLink(page, 'import-template-xlsx');
    expect(templateXlsx.status).toBe(200);
    expect(templateXlsx.type).toContain('spreadsheetml');

    // The job in the history, newest first, opening its result again.
    const first = page.getByTestId('import-history-row').first();
    const firstText = (await first.textContent()) ?? '';
    expect(firstText).toContain(FILE);
    expect(firstText).toContain('Berhasil');
    await first.getByRole('button').click();
    await page.getByTestId('import-rejects').waitFor();

    expect(await seriousViolations(page), '1280 px').toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    expect(await seriousViolations(page), '375 px').toEqual([]);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(scroll).toBeLessThanOrEqual(client);
    // The reject table scrolls in its own container, not the page.
    expect(
      await page.evaluate(
        () =>
          getComputedStyle(document.querySelector('[data-testid="import-rejects"]')!.parentElement!)
            .overflowX,
      ),
    ).toBe('auto');

    // In English the reason comes in English, and the download links ask for English files.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('menu').click();
    await page.getByTestId('language').selectOption('en');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="import-reject-reason"]')?.textContent ===
        '31/02/1990 is not a real date',
    );
    expect(await page.getByTestId('import-rejects-csv').getAttribute('href')).toMatch(/lang=en$/);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it("shows the server's message for a file of the wrong type", async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.importer');
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('import-file').setInputFiles({
      name: 'catatan.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n'),
    });
    await page.getByTestId('import-upload').click();
    const error = page.getByTestId('import-error');
    await error.waitFor();
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toContain('.pdf');
    // The browser logs the refused request itself; nothing else went wrong.
    expect(w.errors.filter((e) => !/status of 415/.test(e))).toEqual([]);
    await page.close();
  });

  it('is not offered to OPD staff, and its URL does not open it', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.imports.opd');
    expect(await page.getByTestId('nav-steps').isVisible()).toBe(true);
    expect(await page.getByTestId('nav-imports').count()).toBe(0);
    await page.evaluate(() => (location.hash = '#imports'));
    await page.waitForTimeout(500);
    expect(await page.getByTestId('imports').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
