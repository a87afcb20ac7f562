// The area panel's RT/RW section (#20 items 2 and 5) as an admin would use it: opened on request from a
// kelurahan's panel, each RW opening to its RTs, the RW counts adding up to the kelurahan's, the downloads and
// the musyawarah kelurahan PDF linked in the screen's language, for one RW once chosen; at 1440 px in Bahasa
// Indonesia, with axe. The public's panel has no such section. Below it, the kelurahan's place in the period's
// cycle (#20 items 2 and 4): its operator, in English, attaches the signed berita acara (a file that is not a
// scan is refused by its contents and nothing is kept), downloads it back, records the meeting's decisions (a
// removal becomes a pending proposal, the household stays until Dinsos approves) and closes the kelurahan's list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, typeDate, waitForMap, withDb } from '../support/browser.ts';

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
    await page.getByTestId('area-panel').getByRole('button', { name: 'Tutup', exact: true }).click();
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

  it("lets the kelurahan's operator attach the berita acara and close the list (English, 1280 px)", async () => {
    const w = await openPage(browser, '/?indicator=poor_households', { width: 1280, height: 800 });
    await waitForMap(w);
    const { page } = w;
    const code = '33.74.02.1008';
    const name = (await withDb((knex) => knex('areas').where({ code }).first<{ name: string }>('name'))).name;
    const period = (
      await withDb((knex) =>
        knex('periods').where({ status: 'open' }).first<{ period_code: string }>('period_code'),
      )
    ).period_code;
    await withDb((knex) =>
      userAdmin(knex).create({
        username: 'cycle.operator',
        displayName: 'Cycle Operator',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [code],
      }),
    );
    await logIn(w, 'cycle.operator');
    // The rest in English, as chosen in the address (the session stays).
    await page.goto(`${inject('baseUrl')}/?indicator=poor_households&lang=en`);
    await waitForMap(w);
    await page.getByTestId('ranking-toggle').click();
    await page.getByTestId('ranking-table').getByRole('button', { name, exact: true }).click();
    await page.getByTestId('area-panel').getByRole('heading', { level: 2, name }).waitFor();
    const section = page.getByTestId('cycle-section');
    await section.waitFor();
    expect(await section.getByTestId('cycle-status').getAttribute('data-status')).toBe('open');
    expect(await section.textContent()).toContain('No berita acara yet.');
    const scans = () =>
      withDb((knex) => knex('berita_acara').where({ kelurahan_code: code, period_code: period }).count());
    const scanCount = async () => Number((await scans())[0]!.count);

    // A text file named .pdf: refused by its contents, in English, beside the form; nothing kept.
    const file = section.getByTestId('berita-acara-file');
    await file.setInputFiles({
      name: 'ba.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('not a scan'),
    });
    await section.getByTestId('berita-acara-upload').click();
    const error = section.getByTestId('berita-acara-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('is not a PDF, PNG or JPEG file');
    expect(await scanCount()).toBe(0);

    // A PNG scan: attached, listed, and served back as it was sent.
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);
    await file.setInputFiles({ name: 'berita-acara.png', mimeType: 'image/png', buffer: png });
    await section.getByTestId('berita-acara-upload').click();
    const link = section.getByTestId('berita-acara-link');
    await link.waitFor();
    expect(await link.textContent()).toBe('berita-acara.png');
    expect(await scanCount()).toBe(1);
    const served = await page.request.get(`${inject('baseUrl')}${await link.getAttribute('href')}`);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('image/png');
    expect(Buffer.compare(await served.body(), png)).toBe(0);

    // The meeting's decisions: one household taken off the list (a removal proposal for Dinsos), one added.
    const target = (await withDb((knex) =>
      knex
        .raw<{ rows: Array<{ id: string; name: string }> }>(
          `select h.id, m.name from households h join members m on m.period_code = h.period_code
             and m.household_id = h.id and m.relation = 'kepala_keluarga'
           where h.period_code = ? and h.kelurahan_code = ? and h.status = 'active'
             and not exists (select 1 from proposals p where p.household_id = h.id and p.status = 'pending')
           order by h.id limit 1`,
          [period, code],
        )
        .then((r) => r.rows[0]),
    ))!;
    const decisions = section.getByTestId('muskel-decisions');
    await decisions.getByTestId('muskel-save').click();
    expect(await decisions.getByTestId('muskel-error').textContent()).toBe(
      'Fill in the date of the kelurahan meeting.',
    );
    await typeDate(page, 'muskel-day', '2025-11-20');
    await decisions.getByTestId('muskel-search').fill(target.name);
    await decisions.getByRole('button', { name: 'Search' }).click();
    await decisions.getByTestId('muskel-hits').waitFor();
    await decisions
      .getByRole('button', { name: `Remove ${target.name} from the list` })
      .first()
      .click();
    await decisions.getByTestId('muskel-reason').selectOption('died');
    await decisions.getByTestId('muskel-add-row').click();
    await decisions.getByTestId('muskel-add-head').fill('Warga Baru Sintetis');
    await decisions.getByTestId('muskel-add-rw').fill('x');
    await decisions.getByTestId('muskel-save').click();
    expect(await decisions.getByTestId('muskel-error').textContent()).toContain('Added row 1');
    await decisions.getByTestId('muskel-add-rw').fill('2');
    expect(await seriousViolations(page), 'muskel decisions').toEqual([]);
    await decisions.getByTestId('muskel-save').click();
    await page.getByText('Meeting decisions recorded: 1 removed').waitFor();
    await decisions.getByText('Recorded so far: 0 kept, 1 removed, 1 added.').waitFor();
    const saved = await withDb((knex) =>
      knex('muskel_decisions')
        .where({ kelurahan_code: code, period_code: period })
        .orderBy('decision')
        .select<Array<{ decision: string; household_id: string | null; proposal_id: string | null }>>(
          'decision',
          'household_id',
          'proposal_id',
        ),
    );
    expect(saved.map((d) => d.decision)).toEqual(['add', 'remove']);
    expect(saved[1]!.household_id).toBe(target.id);
    const proposal = await withDb((knex) =>
      knex('proposals')
        .where({ id: saved[1]!.proposal_id! })
        .first<{ kind: string; status: string; household_id: string }>('kind', 'status', 'household_id'),
    );
    expect(proposal).toMatchObject({ status: 'pending', household_id: target.id });
    // The household is still on the register until Dinsos approves.
    expect(
      await withDb((knex) =>
        knex('households').where({ id: target.id, period_code: period }).first('status'),
      ),
    ).toEqual({ status: 'active' });

    // Close the list: asked first; the record says so and the operator gets no way to reopen it.
    await section.getByTestId('cycle-close').click();
    const dialog = page.getByTestId('cycle-close-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe(`Close the list of ${name}?`);
    expect(await seriousViolations(page), 'close dialog').toEqual([]);
    await page.getByTestId('cycle-close-dialog-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await section.locator('[data-testid="cycle-status"][data-status="closed"]').waitFor();
    expect(await section.getByTestId('cycle-reopen').count()).toBe(0);
    const record = await withDb((knex) =>
      knex('kelurahan_periods')
        .where({ kelurahan_code: code, period_code: period })
        .first<{ status: string } | undefined>('status'),
    );
    expect(record).toEqual({ status: 'closed' });
    expect(await seriousViolations(page)).toEqual([]);
    // The refused file's 415 is the only failed request.
    expect(w.errors.filter((e) => !e.includes('415'))).toEqual([]);
    await page.close();
    // The shared server's period stays as other files expect it: open, no kelurahan closed.
    await withDb(async (knex) => {
      const ids = saved.flatMap((d) => (d.proposal_id ? [d.proposal_id] : []));
      await knex('muskel_decisions').where({ kelurahan_code: code, period_code: period }).delete();
      await knex('proposals').whereIn('id', ids).delete();
      await knex('berita_acara').where({ kelurahan_code: code, period_code: period }).delete();
      await knex('kelurahan_periods').where({ kelurahan_code: code, period_code: period }).delete();
    });
  });
});
