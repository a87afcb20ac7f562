// The semester cycle in the browser (#16 task 14): an admin finalizes the open period after reading what will be
// frozen (counts checked against the database) and typing the period's code (a wrong word keeps the button
// disabled), then opens the next period (checked before it is sent, asked first), each confirmed by a notice
// and read back from the database and the audit log. Operators and planners get no periods screen and the
// API refuses them. axe at 1280 and 375 px, no sideways scroll, no page error.
// Finalizing changes registry-wide state, so this file runs its own app over a database of its own (the
// shared test server's open period is written to by other browser tests).
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import {
  closeNotices,
  launchBrowser,
  logIn,
  openPage,
  serveOwnApp,
  type WatchedPage,
} from '../support/browser.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

describe('periods screen', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    db = await scratchDatabase('periods_ui');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 300,
      seed: 29,
      periods: ['2025-07', '2025-12'],
    });
    const users = userAdmin(db.knex);
    const account = { password: TEST_PASSWORD };
    await users.create({ ...account, username: 'p.admin', displayName: 'p.admin', role: 'admin' });
    await users.create({ ...account, username: 'p.planner', displayName: 'p.planner', role: 'planner' });
    await users.create({
      ...account,
      username: 'p.operator',
      displayName: 'p.operator',
      role: 'operator',
      kelurahan: ['33.74.02.1008'],
    });
    ({ app, baseUrl } = await serveOwnApp(db.knex));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const open = (viewport = { width: 1280, height: 800 }): Promise<WatchedPage> =>
    openPage(browser, '/', viewport, baseUrl);
  async function openPeriods(page: Page): Promise<void> {
    const link = page.getByTestId('nav-periods');
    if (!(await link.isVisible())) await page.getByTestId('menu').click();
    await link.click();
    await page.getByTestId('periods-table').waitFor();
  }
  const count = async (sql: string, params: string[] = []) =>
    (await db.knex.raw<{ rows: Array<{ n: number }> }>(`select (${sql})::int n`, params)).rows[0]!.n;
  const status = (code: string) =>
    db.knex('periods').where({ period_code: code }).first<{ status: string } | undefined>('status');
  const fmt = (n: number) => new Intl.NumberFormat('id-ID').format(n);
  const noSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  it(
    'finalizes the open period after its summary and the typed code, then opens the next',
    { timeout: 300_000 },
    async () => {
      const w = await open();
      const { page } = w;
      await logIn(w, 'p.admin');
      await openPeriods(page);

      // Every period with its status in words, newest first.
      const rows = page.getByTestId('periods-table').locator('tbody tr');
      expect(await rows.count()).toBe(2);
      expect(
        await page.getByTestId('period-row-2025-12').getByTestId('period-status').textContent(),
      ).toContain('Terbuka');
      expect(
        await page.getByTestId('period-row-2025-07').getByTestId('period-status').textContent(),
      ).toContain('Final');
      // Only the open period can be finalized, and no period opens while one is open (said beside the field).
      expect(await page.getByTestId('period-finalize').count()).toBe(1);
      expect(await page.getByTestId('period-open').isDisabled()).toBe(true);
      expect(await page.getByTestId('period-open-error').textContent()).toContain(
        'Periode 2025-12 masih terbuka',
      );

      // What the open period holds, as the database counts it.
      const active = await count(
        `select count(*) from households where period_code = '2025-12' and status = 'active'`,
      );
      const members = await count(
        `select count(*) from members m join households h on h.period_code = m.period_code and h.id = m.household_id
       where m.period_code = '2025-12' and m.status = 'active' and h.status = 'active'`,
      );
      const openSteps = await count(
        `select count(*) from handling_steps where period_code = '2025-12' and status in ('planned', 'ongoing')`,
      );
      expect(active).toBeGreaterThan(200);
      expect(await page.getByTestId('open-period-summary-activeHouseholds').textContent()).toBe(fmt(active));

      // The open period's kelurahan: none closed yet. Closing one records the muskel's day and a note; the
      // table narrows to those still open, and the count follows.
      const kelurahan = await count(`select count(*) from areas where level = 'kelurahan'`);
      expect(kelurahan).toBeGreaterThan(100);
      const progress = page.getByTestId('cycle-progress');
      expect(await progress.textContent()).toContain(`0 dari ${fmt(kelurahan)} kelurahan sudah ditutup`);
      const KEL = '33.74.02.1008';
      const kelName = (await db.knex('areas').where({ code: KEL }).first<{ name: string }>('name')).name;
      await page.getByTestId('cycle-filter').fill(kelName);
      const kelRow = page.getByTestId(`cycle-row-${KEL}`);
      expect(await page.getByTestId('cycle-table').locator('tbody tr').count()).toBe(1);
      await kelRow.getByTestId('cycle-close').click();
      const closeDialog = page.getByTestId('cycle-close-dialog');
      await closeDialog.waitFor();
      await closeDialog.getByTestId('cycle-close-note').fill('Muskel di balai kelurahan');
      expect(await seriousViolations(page), 'close dialog').toEqual([]);
      await page.getByTestId('cycle-close-dialog-confirm').click();
      await page.getByText(`Daftar ${kelName} sudah ditutup.`).waitFor();
      await closeDialog.waitFor({ state: 'detached' });
      expect(await kelRow.getAttribute('data-status')).toBe('closed');
      const record = await db
        .knex('kelurahan_periods')
        .where({ period_code: '2025-12', kelurahan_code: KEL })
        .first<{ status: string; note: string } | undefined>('status', 'note');
      expect(record).toEqual({ status: 'closed', note: 'Muskel di balai kelurahan' });
      expect(await progress.textContent()).toContain(`1 dari ${fmt(kelurahan)} kelurahan sudah ditutup`);
      await page.getByTestId('cycle-filter').fill('');
      await page.getByTestId('cycle-only-open').check();
      expect(await page.getByTestId('cycle-table').locator('tbody tr').count()).toBe(kelurahan - 1);
      await closeNotices(page);

      // The draft adoption report of the open period is served, in the screen's language.
      const pdfHref = await page
        .getByTestId('period-row-2025-12')
        .getByTestId('adoption-pdf')
        .getAttribute('href');
      const pdf = await page.request.get(new URL(pdfHref!, baseUrl).toString());
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect(pdfHref).toContain('lang=id');

      // Finalize: the summary of what will be frozen, and the button waits for the period's code.
      await page.getByTestId('period-finalize').click();
      const dialog = page.getByTestId('finalize-dialog');
      await dialog.waitFor();
      expect(await dialog.getByRole('heading').textContent()).toBe('Finalkan periode 2025-12?');
      expect(await dialog.getByTestId('finalize-summary-activeHouseholds').textContent()).toBe(fmt(active));
      expect(await dialog.getByTestId('finalize-summary-members').textContent()).toBe(fmt(members));
      expect(await dialog.getByTestId('finalize-summary-openSteps').textContent()).toBe(fmt(openSteps));
      expect(await dialog.textContent()).toContain('tidak dapat dibatalkan');
      const confirm = page.getByTestId('finalize-dialog-confirm');
      const typed = page.getByTestId('finalize-dialog-typed');
      expect(await confirm.isDisabled()).toBe(true);
      // The focus is in the dialog (the page behind it is inert).
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      for (const wrong of ['2025-1', '2025-07', 'finalkan', '2025-122']) {
        await typed.fill(wrong);
        expect(await confirm.isDisabled(), wrong).toBe(true);
      }
      await typed.fill('2025-12');
      // Kelurahan still open: adopting waits for the override, ticked on purpose, and its reason.
      expect(await dialog.getByTestId('finalize-cycle').textContent()).toContain(
        `1 dari ${fmt(kelurahan)} kelurahan sudah ditutup`,
      );
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByTestId('finalize-override').check();
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByTestId('finalize-reason').fill('Tenggat penetapan; muskel menyusul');
      expect(await confirm.isDisabled()).toBe(false);
      expect(await seriousViolations(page), 'finalize dialog').toEqual([]);
      await confirm.click();
      await page.getByText('Periode 2025-12 sudah difinalkan.').waitFor();
      await closeNotices(page);
      await dialog.waitFor({ state: 'detached' });
      expect((await status('2025-12'))?.status).toBe('finalized');
      expect(
        await page.getByTestId('period-row-2025-12').getByTestId('period-status').getAttribute('data-status'),
      ).toBe('finalized');
      expect(
        await count(
          `select count(*) from audit_log where action = 'period_finalize' and entity_ids = array['2025-12']`,
        ),
      ).toBe(1);
      // The override is on record: which kelurahan were adopted open, and why.
      const adopted = await db
        .knex('periods')
        .where({ period_code: '2025-12' })
        .first<{ adopted_open: string[]; adoption_reason: string }>('adopted_open', 'adoption_reason');
      expect(adopted.adopted_open).toHaveLength(kelurahan - 1);
      expect(adopted.adopted_open).not.toContain(KEL);
      expect(adopted.adoption_reason).toBe('Tenggat penetapan; muskel menyusul');

      // Open the next period: the next semester is offered; a code not after the latest is refused beside the field.
      const code = page.getByTestId('period-open-code');
      expect(await code.inputValue()).toBe('2026-07');
      await code.fill('2025-11');
      await page.getByTestId('period-open').click();
      expect(await page.getByTestId('period-open-error').textContent()).toContain('sesudah 2025-12');
      expect(await code.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('open-dialog').count()).toBe(0);
      await code.fill('2026-07');
      expect(await page.getByTestId('period-open-error').textContent()).toBe('');
      await page.getByTestId('period-open').click();
      const openDialog = page.getByTestId('open-dialog');
      await openDialog.waitFor();
      const households = await count(`select count(*) from households where period_code = '2025-12'`);
      expect(await openDialog.textContent()).toContain(`Data periode 2025-12 (${fmt(households)} keluarga`);
      await page.getByTestId('open-dialog-confirm').click();
      await page
        .getByText(`Periode 2026-07 dibuka: ${fmt(households)} keluarga disalin dari 2025-12.`)
        .waitFor();
      expect((await status('2026-07'))?.status).toBe('open');
      expect(await count(`select count(*) from households where period_code = '2026-07'`)).toBe(households);
      await page.getByTestId('period-row-2026-07').waitFor();
      expect(await rows.count()).toBe(3);
      expect(await page.getByTestId('period-row-2026-07').textContent()).toContain('Disalin dari 2025-12');
      await closeNotices(page);
      expect(await seriousViolations(page), '1280 px').toEqual([]);

      // On a phone: the same screen, no sideways scroll; the finalize dialog fits, and cancelling changes nothing.
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByTestId('periods-table').waitFor();
      expect(await seriousViolations(page), '375 px').toEqual([]);
      expect(await noSideways(page)).toBe(true);
      await page.getByTestId('period-finalize').click();
      await dialog.waitFor();
      const box = await dialog.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      expect(await seriousViolations(page), '375 px dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect((await status('2026-07'))?.status).toBe('open');
      expect(w.errors).toEqual([]);
      await page.close();
    },
  );

  it(
    'offers operators and planners no periods screen, and the API refuses them',
    { timeout: 300_000 },
    async () => {
      const periodsNow = () => db.knex('periods').orderBy('period_code').select('period_code', 'status');
      const before = await periodsNow();
      for (const username of ['p.operator', 'p.planner']) {
        const w = await open();
        const { page } = w;
        await logIn(w, username);
        if (!(await page.getByTestId('nav-map').isVisible())) await page.getByTestId('menu').click();
        expect(await page.getByTestId('nav-map').isVisible(), username).toBe(true);
        expect(await page.getByTestId('nav-periods').count(), username).toBe(0);
        // A typed URL shows the map instead.
        await page.goto(`${baseUrl}/#periods`);
        await page.getByTestId('current-user').waitFor({ state: 'attached' });
        await page
          .getByRole('region', { name: /Peta kelurahan dan kecamatan/ })
          .first()
          .waitFor();
        expect(await page.getByTestId('periods-screen').count(), username).toBe(0);
        const answers = await page.evaluate(async () => {
          const csrf = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken?: string };
          const post = (url: string, body?: object) =>
            fetch(url, {
              method: 'POST',
              headers: {
                ...(body ? { 'content-type': 'application/json' } : {}),
                'x-csrf-token': csrf.csrfToken ?? '',
              },
              body: body ? JSON.stringify(body) : undefined,
            }).then((r) => r.status);
          return [
            await fetch('/api/v1/periods/2025-12/summary').then((r) => r.status),
            await post('/api/v1/periods/2025-12/finalize'),
            await post('/api/v1/periods', { code: '2026-12' }),
          ];
        });
        expect(answers, username).toEqual([403, 403, 403]);
        expect(await periodsNow()).toEqual(before);
        expect(w.errors.filter((e) => !e.includes('403'))).toEqual([]);
        await page.close();
      }
    },
  );
});
