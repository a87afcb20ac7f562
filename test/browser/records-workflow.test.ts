// The operator's records workflow in the browser (#16 tasks 1, 2 and 8, and one URL per record): find a
// household by name or address with a kelurahan and RW filter, told when more matched than are shown; open it
// (its id in the URL, kept on reload, back to the results with the query kept); edit every household field
// (codes as labelled selects), confirmed and reloaded; a stale save offers a reload that shows the record as
// it stands; the history tells each change in words; leaving the register asks first. OPD staff cannot open a
// record. At 375 px, in English, with axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeNik } from '../../server/domain/nik.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, openScreen, type WatchedPage, withDb } from '../support/browser.ts';

const KEL = '33.74.02.1008';
const OPERATOR = 'rw.operator';
const OPD = 'rw.opd';

/** Active households of the operator's kelurahan, open period, with members and a desil. */
const households = () =>
  withDb((knex) =>
    knex('households as h')
      .where({ 'h.period_code': '2025-12', 'h.kelurahan_code': KEL, 'h.status': 'active' })
      .whereNotNull('h.desil')
      .whereNotNull('h.rw')
      .whereExists((e) => {
        void e
          .select(1)
          .from('members as m')
          .whereRaw('m.period_code = h.period_code and m.household_id = h.id');
      })
      .orderBy('h.id')
      .select<Array<{ id: string; kk: string; desil: number; rw: number }>>(
        'h.id',
        'h.kk',
        'h.desil',
        'h.rw',
      ),
  );

const text = async (page: Page, testid: string) =>
  ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ');

/** The save notice (svelte-sonner's toast in its live region) with this text. */
const notice = (page: Page, words: string) => page.locator('[data-sonner-toast]').filter({ hasText: words });

describe('records workflow', () => {
  let browser: Browser;
  let kelName: string;
  let secondKel: string;
  beforeAll(async () => {
    await withDb(async (knex) => {
      kelName = (await knex('areas').where({ code: KEL }).first<{ name: string }>('name')).name;
      secondKel = (
        await knex('areas')
          .where({ level: 'kelurahan', region_code: '33.74' })
          .whereNot({ code: KEL })
          .orderBy('code')
          .first<{ code: string }>('code')
      ).code;
      const users = userAdmin(knex);
      await users.create({
        username: OPERATOR,
        displayName: 'Records Operator',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [KEL, secondKel],
      });
      await users.create({
        username: OPD,
        displayName: 'Records OPD',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  async function signedIn(path = '/', viewport?: { width: number; height: number }): Promise<WatchedPage> {
    const w = await openPage(browser, path, viewport);
    await logIn(w, OPERATOR);
    return w;
  }

  it('finds households by address with a kelurahan and RW filter, saying how many are not shown', async () => {
    const w = await signedIn();
    const { page } = w;
    await openScreen(page, 'records');
    // Every synthetic address holds "No.": far more than the 20 listed.
    await page.getByTestId('records-q').fill('No.');
    await page.getByTestId('records-search').click();
    await page.getByTestId('records-hit').first().waitFor();
    const inScope = await withDb(async (knex) =>
      Number(
        (
          await knex('households')
            .where({ period_code: '2025-12' })
            .whereIn('kelurahan_code', [KEL, secondKel])
            .whereILike('address', '%No.%')
            .count<{ n: string }>('* as n')
            .first()
        )?.n,
      ),
    );
    expect(await page.getByTestId('records-hit').count()).toBe(20);
    expect(await text(page, 'records-count')).toContain(
      `20 dari ${inScope} ditampilkan, persempit pencarian`,
    );
    // The search is in the URL.
    expect(decodeURIComponent(page.url())).toContain('#records/q=No.');

    // Narrowed to one kelurahan (offered by name) and one RW.
    const select = page.getByTestId('records-kelurahan');
    expect(await select.locator('option').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(kelName)]),
    );
    expect(((await select.textContent()) ?? '').includes(KEL)).toBe(false);
    await select.selectOption(KEL);
    await page.getByTestId('records-rw').fill('3');
    await page.getByTestId('records-search').click();
    const narrowed = await withDb(async (knex) =>
      Number(
        (
          await knex('households')
            .where({ period_code: '2025-12', kelurahan_code: KEL, rw: 3 })
            .whereILike('address', '%No.%')
            .count<{ n: string }>('* as n')
            .first()
        )?.n,
      ),
    );
    expect(narrowed).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('records-hit').count()).toBe(Math.min(20, narrowed));
    const rows = page.getByTestId('records-hits').locator('tbody tr');
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allTextContents();
      expect(cells[3]).toMatch(/\/3$/); // RT/RW
      expect(cells[4]).toBe(kelName); // by name, never the code
    }
    expect(await text(page, 'records-count')).toContain(
      narrowed > 20 ? `20 dari ${narrowed}` : `${narrowed} keluarga ditemukan`,
    );
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('opens a record at its own URL, keeps it on reload, edits every field, and goes back to the results', async () => {
    const [target] = await households();
    const w = await signedIn();
    const { page } = w;
    await openScreen(page, 'records');
    await page.getByTestId('records-q').fill(target!.kk);
    await page.getByTestId('records-search').click();
    await page.getByTestId('records-hit').first().click();
    await page.getByTestId('record').waitFor();
    expect(page.url()).toContain(`#records/${target!.id}`);
    // Labels, not codes.
    const summary = await text(page, 'record-summary');
    expect(summary).toContain('Aktif');
    expect(summary).not.toMatch(/\bactive\b|unverified|verified/);
    expect(await page.getByTestId('record').locator('h3').textContent()).toContain(kelName);

    // Every household field: numbers typed, codes chosen from labelled lists.
    const newDesil = target!.desil === 2 ? 3 : 2;
    const form = page.getByTestId('record-fields');
    await form.getByTestId('field-desil').fill(String(newDesil));
    await form.getByTestId('field-desilSource').selectOption({ label: 'Survei lokal' });
    await form.getByTestId('field-address').fill('Jl. Uji Coba No. 7');
    await form.getByTestId('field-rt').fill('5');
    await form.getByTestId('field-rw').fill('6');
    await form.getByTestId('field-floorAreaM2').fill('36,5');
    await form.getByTestId('field-unfitHouse').selectOption('true');
    await form.getByTestId('field-floorType').selectOption({ label: 'Tanah' });
    await form.getByTestId('field-wallType').selectOption({ label: 'Bambu/rumbia' });
    await form.getByTestId('field-roofType').selectOption({ label: 'Seng' });
    await form.getByTestId('field-toilet').selectOption({ label: 'Bersama/umum' });
    await form.getByTestId('field-waterSource').selectOption({ label: 'Sumur terlindung/bor' });
    await form.getByTestId('field-lighting').selectOption({ label: 'PLN 450 VA' });
    await form.getByTestId('field-cookingFuel').selectOption({ label: 'Kayu bakar/arang' });
    await form.getByTestId('field-ownership').selectOption({ label: 'Sewa/kontrak' });
    await page.getByTestId('fields-save').click();
    await notice(page, 'disimpan').waitFor();
    const stored = await withDb((knex) =>
      knex('households')
        .where({ period_code: '2025-12', id: target!.id })
        .first<Record<string, unknown>>(
          'desil',
          'desil_source',
          'address',
          'rt',
          'rw',
          'floor_area_m2',
          'unfit_house',
          'floor_type',
          'wall_type',
          'roof_type',
          'toilet',
          'water_source',
          'lighting',
          'cooking_fuel',
          'ownership',
        ),
    );
    expect({ ...stored, floor_area_m2: Number(stored.floor_area_m2) }).toEqual({
      desil: newDesil,
      desil_source: 'SURVEI_LOKAL',
      address: 'Jl. Uji Coba No. 7',
      rt: 5,
      rw: 6,
      floor_area_m2: 36.5,
      unfit_house: true,
      floor_type: 'tanah',
      wall_type: 'bambu',
      roof_type: 'seng',
      toilet: 'bersama',
      water_source: 'sumur_terlindung',
      lighting: 'pln_450',
      cooking_fuel: 'kayu_arang',
      ownership: 'sewa',
    });

    // The history says it in words, with who and when: labels, no codes, no JSON.
    await expect
      .poll(() => text(page, 'record-history'))
      .toContain(`Desil diubah dari ${target!.desil} menjadi ${newDesil}`);
    const history = await text(page, 'record-history');
    expect(history).toContain('Bahan bakar memasak diubah dari');
    expect(history).toContain('menjadi Kayu bakar/arang');
    expect(history).toContain('Sumber desil');
    expect(history).toContain(`oleh ${OPERATOR}`);
    expect(history).not.toMatch(/[{}[\]"]|kayu_arang|SURVEI_LOKAL|cooking_fuel/);

    // Reload: the same record, with what was saved.
    await page.reload();
    await page.getByTestId('record').waitFor();
    expect(page.url()).toContain(`#records/${target!.id}`);
    await expect.poll(() => page.getByTestId('field-address').inputValue()).toBe('Jl. Uji Coba No. 7');
    expect(await page.getByTestId('field-cookingFuel').inputValue()).toBe('kayu_arang');

    // Back to the results: the search is kept (in the URL) and listed again.
    await page.getByTestId('back-to-results').click();
    await page.getByTestId('records-hit').first().waitFor();
    expect(await page.getByTestId('records-q').inputValue()).toBe(target!.kk);
    expect(await page.getByTestId('record').count()).toBe(0);
    // The browser's Back returns to the record.
    await page.goBack();
    await page.getByTestId('record').waitFor();
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('answers a stale save with a reload that shows the record as it stands, and names a new member in the history', async () => {
    const [, target] = await households();
    // A shared link, signed out: the app asks to sign in, then opens the record.
    const w = await openPage(browser, `/#records/${target!.id}`);
    const { page } = w;
    await page.getByLabel('Nama pengguna').fill(OPERATOR);
    await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Masuk' }).click();
    await page.getByTestId('record').waitFor();
    expect(page.url()).toContain(`#records/${target!.id}`);
    // Someone else saves meanwhile.
    await withDb((knex) =>
      knex('households')
        .where({ period_code: '2025-12', id: target!.id })
        .update({ desil: 9, version: knex.raw('version + 1') }),
    );
    await page.getByTestId('field-desil').fill('1');
    await page.getByTestId('fields-save').click();
    await page.getByTestId('record-stale').waitFor();
    expect(await text(page, 'record-stale')).toContain('sudah diubah orang lain');
    const unchanged = await withDb((knex) =>
      knex('households').where({ period_code: '2025-12', id: target!.id }).first<{ desil: number }>('desil'),
    );
    expect(unchanged.desil).toBe(9);
    await page.getByTestId('record-reload').click();
    await expect.poll(() => page.getByTestId('record-stale').count()).toBe(0);
    // The typed 1 gave way to the record as it stands.
    await expect.poll(() => page.getByTestId('field-desil').inputValue()).toBe('9');

    // A member added (through the API, as the member form does): the history names them.
    const nik = makeNik('33.74.02', '2020-05-05', 'P', 8123);
    const added = await page.evaluate(
      async ([id, nik]) => {
        const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
        const rec = (await (await fetch(`/api/v1/households/${id}`)).json()) as { version: number };
        const res = await fetch(`/api/v1/households/${id}/members`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({
            version: rec.version,
            member: { nik, name: 'Siti Riwayat', sex: 'P', birthDate: '2020-05-05', relation: 'anak' },
          }),
        });
        return res.status;
      },
      [target!.id, nik] as const,
    );
    expect(added).toBe(201);
    await page.reload();
    await expect.poll(() => text(page, 'record-history')).toContain('Anggota Siti Riwayat ditambahkan');
    // The browser logs the refused (409) request itself; nothing else went wrong.
    expect(w.errors.filter((e) => !e.includes('409'))).toEqual([]);
    await page.close();
  });

  it('asks before removing a household from the register, and confirms it', async () => {
    const [, , target] = await households();
    const w = await signedIn();
    const { page } = w;
    await page.goto(`${inject('baseUrl')}/#records/${target!.id}`);
    await page.getByTestId('record').waitFor();
    await page.getByTestId('leave-reason').selectOption('moved_out');
    await page.getByTestId('leave').click();
    const dialog = page.getByTestId('leave-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Pindah');
    // Backing out changes nothing.
    await page.getByTestId('leave-confirm-cancel').click();
    await expect.poll(() => dialog.count()).toBe(0);
    const status = () =>
      withDb(
        async (knex) =>
          (
            await knex('households')
              .where({ period_code: '2025-12', id: target!.id })
              .first<{ status: string }>('status')
          ).status,
      );
    expect(await status()).toBe('active');
    await page.getByTestId('leave').click();
    await page.getByTestId('leave-confirm-confirm').click();
    await notice(page, 'dikeluarkan dari data aktif').waitFor();
    expect(await status()).toBe('moved_out');
    await expect.poll(() => text(page, 'record-summary')).toContain('Pindah');
    expect(await text(page, 'record-summary')).not.toContain('moved_out');
    await expect
      .poll(() => text(page, 'record-history'))
      .toContain('Keluarga dikeluarkan dari data aktif: Pindah');
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('keeps records from OPD staff, even by a shared link', async () => {
    const [target] = await households();
    const w = await openPage(browser, '/');
    const { page } = w;
    await logIn(w, OPD);
    await page.goto(`${inject('baseUrl')}/#records/${target!.id}`);
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
    expect(await page.getByTestId('nav-records').count()).toBe(0);
    expect(await page.getByTestId('record').count()).toBe(0);
    const res = await page.request.get(`${inject('baseUrl')}/api/v1/households/${target!.id}`);
    expect(res.status()).toBe(403);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('works at 375 px, in English, with no serious axe violations', async () => {
    const [, , , target] = await households();
    const w = await signedIn('/', { width: 375, height: 800 });
    const { page } = w;
    await page.goto(`${inject('baseUrl')}/?lang=en#records/q=No.`);
    await page.getByTestId('records-hit').first().waitFor();
    expect(await text(page, 'records-count')).toMatch(/20 of \d+ shown, narrow the search/);
    const fits = () =>
      page.evaluate(() => {
        const s = document.querySelector('section.records')!;
        return document.documentElement.scrollWidth <= window.innerWidth && s.scrollWidth <= s.clientWidth;
      });
    // What sticks out, to name it when the page does not fit.
    const overflowing = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((e) => !e.parentElement?.closest('.table-wrap, .confirm-dialog'))
          .slice(0, 5)
          .map((e) => `${e.tagName}.${e.className}`)
          .join(', '),
      );
    expect(await fits(), await overflowing()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${inject('baseUrl')}/?lang=en#records/${target!.id}`);
    await page.getByTestId('record').waitFor();
    expect(await text(page, 'record-fields')).toContain('Household and house');
    expect(await text(page, 'record-summary')).toContain('Active');
    const save = page.getByTestId('fields-save');
    expect((await save.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.getByTestId('field-roofType').selectOption({ label: 'Concrete' });
    await save.click();
    await notice(page, 'saved').waitFor();
    await expect.poll(() => text(page, 'record-history')).toContain('Roof type changed from');
    // This screen's own parts fit (the member and case-plan tables are their own components').
    const mineFit = await page.evaluate(() =>
      ['record-summary', 'record-fields', 'record-history', 'back-to-results'].every(
        (id) =>
          document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect().right <= window.innerWidth,
      ),
    );
    expect(mineFit).toBe(true);
    // The save's notice fades in and out (axe misjudges a fading text's contrast): check once it has gone.
    await expect.poll(() => page.locator('[data-sonner-toast]').count(), { timeout: 20_000 }).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
