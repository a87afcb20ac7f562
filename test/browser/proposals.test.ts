// Proposals in the browser (#20 item 1): an admin makes desil changes need approval on the Usulan screen; an
// operator's desil edit on the records screen is then said to be sent for review, not saved, and the record
// lists it as waiting while its desil is unchanged; the admin sees it by kelurahan with its before/after,
// rejects without a reason only after being told one is needed, approves it, and the record then holds the new
// desil and says so in its history. At 375 px in English, with axe. The policy is set back to "nothing needs
// approval" afterwards: the other browser files share this server. The operator attaches a photo of the house
// (a text file named .jpg is refused by its contents) and the reviewer downloads it as it was sent. An
// operator's household file under that policy becomes proposals for its held households, the rest saved.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { closeNotices, launchBrowser, logIn, openPage, openScreen, withDb } from '../support/browser.ts';
import { csvText, household, kelurahanPoint, storedHouseholdRows } from '../support/import-files.ts';

const ADMIN = 'p.admin';
const OPERATOR = 'p.operator';

/** An element's text with its whitespace collapsed. */
const words = async (page: Page, testid: string) =>
  ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ');

const notice = (page: Page, words: string) => page.locator('[data-sonner-toast]').filter({ hasText: words });

describe('proposals and approval in the browser', () => {
  let browser: Browser;
  let kel: { code: string; name: string };
  let target: { id: string; kk: string; desil: number };

  beforeAll(async () => {
    await withDb(async (knex) => {
      // The last kelurahan by code: no other browser file edits its households.
      kel = await knex('areas')
        .where({ level: 'kelurahan', region_code: '33.74' })
        .orderBy('code', 'desc')
        .first<{ code: string; name: string }>('code', 'name');
      target = await knex('households')
        .where({ period_code: '2025-12', kelurahan_code: kel.code, status: 'active' })
        .whereNotNull('desil')
        .where('desil', '>', 2)
        .orderBy('id')
        .first<{ id: string; kk: string; desil: number }>('id', 'kk', 'desil');
      const users = userAdmin(knex);
      await users.create({
        username: ADMIN,
        displayName: 'Proposals Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      await users.create({
        username: OPERATOR,
        displayName: 'Proposals Operator',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [kel.code],
      });
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await withDb((knex) => knex('approval_policies').update({ requires: [] }));
    await browser.close();
  });

  it('holds an operator’s desil edit for review, shows it waiting, and applies it once an admin approves', async () => {
    // The admin ticks "desil" on the Usulan screen.
    const a = await openPage(browser, '/');
    await logIn(a, ADMIN);
    await openScreen(a.page, 'proposals');
    const policy = a.page.getByTestId('approval-policy');
    await policy.getByLabel('Desil dan sumbernya').check();
    await a.page.getByTestId('policy-save').click();
    await expect
      .poll(() => a.page.getByTestId('policy-summary').textContent())
      .toContain('Perlu persetujuan: Desil dan sumbernya');
    expect(
      await withDb((knex) =>
        knex('approval_policies')
          .pluck('requires')
          .then((r) => r[0] as string[]),
      ),
    ).toEqual(['desil']);

    // The operator changes the desil: told it went for review, the record unchanged and the proposal listed.
    const newDesil = target.desil - 1;
    const o = await openPage(browser, `/#records/${target.id}`);
    await logIn(o, OPERATOR);
    await o.page.goto(`${inject('baseUrl')}/#records/${target.id}`);
    await o.page.getByTestId('record').waitFor();
    await o.page.getByTestId('field-desil').fill(String(newDesil));
    await o.page.getByTestId('fields-save').click();
    await notice(o.page, 'Usulan dikirim untuk ditinjau Dinsos').waitFor();
    const pending = o.page.getByTestId('record-pending');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Menunggu persetujuan (1)');
    expect(await pending.getByTestId('proposal-diff').textContent()).toMatch(
      new RegExp(`Desil\\s*${target.desil}\\s*${newDesil}`),
    );
    expect(await words(o.page, 'record-summary')).toContain(`Desil ${target.desil}`);
    expect(
      await withDb((knex) =>
        knex('households').where({ id: target.id, period_code: '2025-12' }).first('desil'),
      ),
    ).toEqual({ desil: target.desil });

    // The operator adds a photo of the house to the proposal on the Usulan screen (a text file is refused).
    await openScreen(o.page, 'proposals');
    const own = o.page.getByTestId('proposal').filter({ hasText: 'Desil' }).first();
    await own.waitFor();
    const file = own.getByTestId('proposal-evidence-file');
    await file.setInputFiles({
      name: 'rumah.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('bukan foto'),
    });
    await own.getByTestId('proposal-evidence-upload').click();
    expect(await own.getByTestId('proposal-evidence-error').textContent()).toContain(
      '“rumah.jpg” bukan berkas PDF, PNG atau JPEG',
    );
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(128, 5)]);
    await file.setInputFiles({ name: 'rumah.jpg', mimeType: 'image/jpeg', buffer: photo });
    await own.getByTestId('proposal-evidence-upload').click();
    await notice(o.page, 'Bukti “rumah.jpg” dilampirkan pada usulan.').waitFor();
    await own.getByTestId('proposal-evidence-link').waitFor();
    await closeNotices(o.page);
    expect(await seriousViolations(o.page), 'evidence upload').toEqual([]);

    // The admin finds it under its kelurahan, with the masked KK and the before/after.
    await a.page.getByTestId('proposals-screen').waitFor();
    await a.page.reload();
    const card = a.page.getByTestId('proposal').filter({ hasText: 'Desil' }).first();
    await card.waitFor();
    expect(await a.page.getByRole('heading', { name: new RegExp(`Kelurahan ${kel.name}`) }).count()).toBe(1);
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).not.toContain(target.kk);
    expect(cardText).toContain(`${target.kk.slice(0, 4)}••••••••${target.kk.slice(12)}`);
    expect(cardText).toContain(OPERATOR);
    // The reviewer opens the photo beside the diff, as it was sent.
    const link = card.getByTestId('proposal-evidence-link');
    expect(await link.textContent()).toBe('rumah.jpg');
    const served = await a.page.request.get(`${inject('baseUrl')}${await link.getAttribute('href')}`);
    expect(served.headers()['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(await served.body(), photo)).toBe(0);
    // A rejection needs a reason: asked for beside the field, nothing decided.
    await card.getByTestId('proposal-reject').click();
    await a.page.getByText('Tulis alasan penolakan dulu.').waitFor();
    expect(
      await withDb((knex) => knex('proposals').where({ household_id: target.id }).pluck('status')),
    ).toEqual(['pending']);
    // Approved: the registry and the record now hold the new desil, and the history says who approved what.
    await card.getByTestId('proposal-approve').click();
    await expect
      .poll(() => a.page.getByTestId('proposals-status').textContent())
      .toContain('1 usulan disetujui');
    expect(
      await withDb((knex) =>
        knex('households').where({ id: target.id, period_code: '2025-12' }).first('desil'),
      ),
    ).toEqual({ desil: newDesil });
    await o.page.goto(`${inject('baseUrl')}/#records/${target.id}`);
    await o.page.getByTestId('record').waitFor();
    expect(await words(o.page, 'record-summary')).toContain(`Desil ${newDesil}`);
    expect(await o.page.getByTestId('record-pending').count()).toBe(0);
    await expect
      .poll(() => o.page.locator('[data-testid="record"]').textContent())
      .toMatch(/Usulan \(Perubahan data\) disetujui: Desil diubah dari \d+ menjadi \d+/);
    await a.page.close();
    await o.page.close();
  });

  it("turns an operator's household file into proposals for what the policy holds, at 375 px in English", async () => {
    // Still "desil needs approval" (the first test's policy). One stored household with its desil changed, one
    // new household (not held): the first waits for a reviewer, the second is saved.
    const { rows, household: held } = await withDb(async (knex) => {
      const h = await knex('households as h')
        .where({ 'h.period_code': '2025-12', 'h.kelurahan_code': kel.code, 'h.status': 'active' })
        .whereNot('h.id', target.id)
        .where('h.desil', '>', 2)
        .whereNotExists(
          knex('members as m').whereRaw(
            'm.period_code = h.period_code and m.household_id = h.id and not m.nik_valid',
          ),
        )
        .orderBy('h.id')
        .first<{ id: string; kk: string; desil: number }>('h.id', 'h.kk', 'h.desil');
      const at = await kelurahanPoint(knex, kel.code);
      const fresh = household({ kk: '3374029912250071', kelurahan: kel.code, ...at, size: 2, serial: 971 });
      return {
        household: h,
        rows: [
          ...(await storedHouseholdRows(knex, '2025-12', h.id)).map((r) => ({
            ...r,
            desil: String(h.desil - 1),
          })),
          ...fresh,
        ],
      };
    });
    const w = await openPage(browser, '/', { width: 375, height: 740 });
    await logIn(w, OPERATOR);
    await w.page.goto(`${inject('baseUrl')}/?lang=en#imports`);
    await w.page.getByTestId('imports').waitFor();
    await w.page.getByTestId('import-period').locator('option').first().waitFor({ state: 'attached' });
    await w.page.getByTestId('import-file').setInputFiles({
      name: 'usulan-desil.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csvText(rows), 'utf8'),
    });
    await w.page.getByTestId('import-upload').click();
    await w.page
      .locator('[data-testid="import-status"][data-status="succeeded"]')
      .waitFor({ timeout: 60_000 });
    const heldRows = rows.length - 2;
    expect(await w.page.getByTestId('import-stored').textContent()).toBe('2');
    expect(await w.page.getByTestId('import-proposed').textContent()).toBe(String(heldRows));
    expect(await w.page.getByTestId('import-proposed-note').textContent()).toContain(
      `1 household(s) (${heldRows} rows) hold changes that wait for a Dinsos reviewer`,
    );
    expect(await seriousViolations(w.page), 'import result with proposals').toEqual([]);
    expect(
      await withDb(async (knex) => ({
        desil: await knex('households').where({ id: held.id, period_code: '2025-12' }).pluck('desil'),
        fresh: await knex('households')
          .where({ kk: '3374029912250071', period_code: '2025-12' })
          .pluck('kelurahan_code'),
      })),
    ).toEqual({ desil: [held.desil], fresh: [kel.code] });
    // The link opens the proposals, where the household's card names the file and the change.
    await w.page.getByTestId('import-proposed-note').getByRole('link').click();
    const card = w.page.getByTestId('proposal').filter({ hasText: 'usulan-desil.csv' });
    await card.waitFor();
    expect(await card.textContent()).toContain('From the imported file: usulan-desil.csv');
    expect(await card.getByTestId('proposal-diff').textContent()).toMatch(
      new RegExp(`Desil\\s*${held.desil}\\s*${held.desil - 1}`),
    );
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await w.page.close();
    // A reviewer approves it: the file's desil reaches the registry.
    const a = await openPage(browser, '/');
    await logIn(a, ADMIN);
    await openScreen(a.page, 'proposals');
    const review = a.page.getByTestId('proposal').filter({ hasText: 'usulan-desil.csv' });
    await review.getByTestId('proposal-approve').click();
    await expect
      .poll(() => a.page.getByTestId('proposals-status').textContent())
      .toContain('1 usulan disetujui');
    expect(
      await withDb((knex) =>
        knex('households').where({ id: held.id, period_code: '2025-12' }).first('desil'),
      ),
    ).toEqual({ desil: held.desil - 1 });
    await a.page.close();
  });

  it('works at 375 px in English with no serious axe violations', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 740 });
    await logIn(w, ADMIN);
    await w.page.goto(`${inject('baseUrl')}/?lang=en#proposals`);
    await w.page.getByTestId('proposals-screen').waitFor();
    await w.page.getByTestId('proposal-status-filter').selectOption('approved');
    await w.page.getByTestId('proposal').first().waitFor();
    expect(await w.page.getByTestId('proposals-screen').textContent()).toContain('Proposed changes');
    // The filtered list replaces the pending one: polled, not read while it loads.
    await expect.poll(() => w.page.getByTestId('proposal').first().textContent()).toContain('Approved');
    expect(await w.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    expect(await seriousViolations(w.page)).toEqual([]);
    await w.page.close();
  });
});
