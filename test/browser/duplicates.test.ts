// Duplicates in the browser: an operator opens the duplicates list, compares a pair side by side (the fields
// that differ marked in words), chooses the record that stays, backs out of the confirmation (nothing changes),
// then merges and sees the merged record say it was merged into the survivor; a stale version offers a reload;
// the pair stacks on a phone, in English too; a planner gets neither the list nor the merge. axe finds no
// serious or critical violation at 1280 and 375 px, and no page error occurs.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { maskId } from '../../server/domain/nik.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage } from '../support/browser.ts';

const KEL = '33.74.02.1008';
const PERIOD = '2025-12';

interface Pair {
  original: { id: string; kk: string };
  duplicate: { id: string; kk: string };
}

/** A second record of a household of KEL: one person both have, one only the new record has. */
async function makePair(knex: Knex, kk: string, skip: number): Promise<Pair> {
  const a = await knex('households as h')
    .where({ 'h.period_code': PERIOD, 'h.kelurahan_code': KEL, 'h.status': 'active' })
    .whereExists(
      (e) =>
        void e
          .select(1)
          .from('members as m')
          .whereRaw(
            "m.period_code = h.period_code and m.household_id = h.id and m.nik is not null and m.status = 'active'",
          ),
    )
    // A household with no duplicate yet (the seed makes some), so the pair is exactly the two records.
    .whereRaw(
      `not exists (select 1 from members m1 join members m2 on m2.period_code = m1.period_code
         and m2.nik = m1.nik and m2.household_id <> m1.household_id
       where m1.period_code = h.period_code and m1.household_id = h.id)`,
    )
    .whereRaw(
      'not exists (select 1 from households o where o.period_code = h.period_code and o.kk = h.kk and o.id <> h.id)',
    )
    .orderBy('h.id', 'desc')
    .offset(skip)
    .first<{ id: string; kk: string; region_code: string }>('h.id', 'h.kk', 'h.region_code');
  const shared = await knex('members')
    .where({ period_code: PERIOD, household_id: a.id, status: 'active' })
    .whereNotNull('nik')
    .first<{ nik: string; name: string; sex: string; birth_date: string }>(
      'nik',
      'name',
      'sex',
      'birth_date',
    );
  const id = randomUUID();
  await knex('households').insert({
    region_code: a.region_code,
    period_code: PERIOD,
    id,
    kk,
    kelurahan_code: KEL,
    record_source: 'ENTRI_KELURAHAN',
    address: 'Jl. Data Ganda 1',
    desil: 3,
  });
  await knex('members').insert([
    {
      region_code: a.region_code,
      period_code: PERIOD,
      id: randomUUID(),
      household_id: id,
      nik: shared.nik,
      nik_valid: true,
      name: shared.name,
      sex: shared.sex,
      birth_date: shared.birth_date,
      relation: 'kepala_keluarga',
    },
    {
      region_code: a.region_code,
      period_code: PERIOD,
      id: randomUUID(),
      household_id: id,
      nik: null,
      nik_valid: false,
      name: 'Anggota Hanya Di Sini',
      sex: 'P',
      birth_date: '2012-04-01',
      relation: 'anak',
    },
  ]);
  return { original: { id: a.id, kk: a.kk }, duplicate: { id, kk } };
}

async function openDuplicates(page: Page): Promise<void> {
  const link = page.getByTestId('nav-records');
  if (!(await link.isVisible())) await page.getByTestId('menu').click();
  await link.click();
  await page.getByTestId('duplicates-load').click();
  await page.getByTestId('duplicates').waitFor();
}

/** The list's button that opens the pair holding this KK (its accessible name lists the KKs). */
const openButton = (page: Page, kk: string) =>
  page.locator(`[data-testid="merge"][aria-label*="${maskId(kk)}"]`);

/** Elements wider than the screen outside any scroll container of their own (none, on a phone). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const scrolls = (el: Element): boolean => {
      for (let e = el.parentElement; e; e = e.parentElement) {
        if (e.matches('section.records')) return false;
        const o = getComputedStyle(e).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('section.records *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 1 && !scrolls(el))
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${r.right}`,
        );
    }
    return out.slice(0, 5);
  });
}

describe('duplicates: compare, keep one, merge', () => {
  let browser: Browser;
  let knex: Knex;
  let first: Pair;
  let second: Pair;

  beforeAll(async () => {
    knex = createKnex({ url: inject('databaseUrl') });
    await userAdmin(knex).create({
      username: 'dup.operator',
      displayName: 'Duplicates Operator',
      role: 'operator',
      password: TEST_PASSWORD,
      kelurahan: [KEL],
    });
    await userAdmin(knex).create({
      username: 'dup.planner',
      displayName: 'Duplicates Planner',
      role: 'planner',
      password: TEST_PASSWORD,
    });
    first = await makePair(knex, '3374021201258811', 0);
    second = await makePair(knex, '3374021201258822', 1);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await knex.destroy();
  });

  const status = (id: string) =>
    knex('households')
      .where({ period_code: PERIOD, id })
      .first<{ status: string; merged_into: string | null; version: number }>(
        'status',
        'merged_into',
        'version',
      );

  it('compares the pair side by side, backs out of the dialog, then merges into the chosen record', async () => {
    const w: WatchedPage = await openPage(browser);
    const { page } = w;
    await waitForMap(w);
    await logIn(w, 'dup.operator');
    await openDuplicates(page);
    const row = page.getByTestId('duplicates').locator('tr', { has: openButton(page, first.duplicate.kk) });
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('NIK anggota yang sama');
    expect(rowText).not.toContain(first.duplicate.kk); // masked
    expect(await seriousViolations(page)).toEqual([]);

    await openButton(page, first.duplicate.kk).click();
    const pair = page.getByTestId('duplicate-pair');
    await pair.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pair-title');
    const records = pair.getByTestId('pair-record');
    expect(await records.count()).toBe(2);
    // Side by side at desktop width: both records start on the same line.
    const [boxA, boxB] = [await records.nth(0).boundingBox(), await records.nth(1).boundingBox()];
    expect(Math.abs(boxA!.y - boxB!.y)).toBeLessThan(2);
    expect(boxB!.x).toBeGreaterThan(boxA!.x + boxA!.width - 2);
    // What differs is said in words, not colour alone: the KK and the address at least.
    const differs = await pair.getByTestId('field-differs').allTextContents();
    expect(differs.join(' ')).toContain('KK');
    expect(differs.join(' ')).toContain('berbeda');
    expect(await pair.getByTestId('member-own').count()).toBeGreaterThanOrEqual(1);
    const text = (await pair.textContent()) ?? '';
    expect(text).toContain('Anggota Hanya Di Sini');
    expect(text).toContain('Anak'); // relations in words
    expect(text).not.toContain(first.original.kk);

    // The original record stays.
    await pair.getByRole('radio', { name: new RegExp(`KK ${maskId(first.original.kk)}`) }).check();
    expect(await seriousViolations(page)).toEqual([]);

    // Cancel changes nothing, and the focus returns to the button that opened the dialog.
    await page.getByTestId('merge-start').click();
    const dialog = page.getByTestId('merge');
    await dialog.waitFor();
    const question = (await dialog.textContent()) ?? '';
    expect(question).toContain(`KK ${maskId(first.original.kk)} dipertahankan`);
    expect(question).toContain(`KK ${maskId(first.duplicate.kk)} tetap tersimpan`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'merge-cancel',
    );
    expect(await seriousViolations(page)).toEqual([]);
    // Focus is trapped: the page behind the modal dialog is inert.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="alertdialog"]'))).toBe(true);
    await page.getByTestId('merge-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'merge-start',
    );
    expect((await status(first.duplicate.id)).status).toBe('active');

    // Escape backs out too.
    await page.getByTestId('merge-start').click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await status(first.duplicate.id)).status).toBe('active');

    // Confirm: success, the merged record says it was merged into the survivor, the group leaves the list.
    await page.getByTestId('merge-start').click();
    await dialog.waitFor();
    await page.getByTestId('merge-note').fill('KK ganda dari entri ulang');
    await page.getByTestId('merge-confirm').click();
    await page.getByTestId('merged-record').waitFor();
    const done = ((await page.getByTestId('duplicates-status').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(done).toContain(`Berhasil digabung: 1 anggota pindah ke KK ${maskId(first.original.kk)}`);
    expect(done).toContain(
      `KK ${maskId(first.duplicate.kk)} sekarang berstatus “Digabung (duplikat)”: digabung ke KK ${maskId(first.original.kk)}`,
    );
    await page.getByTestId('duplicates').waitFor();
    await openButton(page, first.duplicate.kk).waitFor({ state: 'detached' });
    const after = await status(first.duplicate.id);
    expect(after).toMatchObject({ status: 'merged', merged_into: first.original.id });
    // The merged record itself still answers, as merged.
    const merged = (await (
      await page.request.get(`${new URL(page.url()).origin}/api/v1/households/${first.duplicate.id}`)
    ).json()) as { status: string };
    expect(merged.status).toBe('merged');
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('on a phone in English: the pair stacks, a stale version says so and offers a reload', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 812 });
    const { page } = w;
    await waitForMap(w);
    await logIn(w, 'dup.operator');
    await page.goto(`${inject('baseUrl')}/?lang=en`);
    await page.getByTestId('current-user').waitFor({ state: 'attached' });
    await openDuplicates(page);
    expect(await overflowing(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await openButton(page, second.duplicate.kk).click();
    const pair = page.getByTestId('duplicate-pair');
    await pair.waitFor();
    expect((await pair.textContent()) ?? '').toContain('Comparison: Same member NIK');
    const records = pair.getByTestId('pair-record');
    const [boxA, boxB] = [await records.nth(0).boundingBox(), await records.nth(1).boundingBox()];
    expect(boxB!.y).toBeGreaterThanOrEqual(boxA!.y + boxA!.height - 1);
    expect(await overflowing(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    // Someone else changed the duplicate meanwhile.
    await knex('households').where({ period_code: PERIOD, id: second.duplicate.id }).increment('version', 1);
    await page.getByTestId('merge-start').click();
    await page.getByTestId('merge').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('merge-confirm').click();
    await page.getByTestId('pair-reload').waitFor();
    expect(await page.getByTestId('merge-start').isDisabled()).toBe(true);
    expect((await status(second.duplicate.id)).status).toBe('active');
    await page.getByTestId('pair-reload').click();
    await page.getByTestId('pair-reload').waitFor({ state: 'detached' });
    expect(await page.getByTestId('merge-start').isEnabled()).toBe(true);
    // Back out: the pair stays for later.
    await page.getByTestId('pair-back').click();
    await page.getByTestId('duplicates').waitFor();
    // The list is read again on the way back: polled, not read while it loads.
    await expect.poll(() => openButton(page, second.duplicate.kk).count()).toBe(1);
    // The one console line is the browser logging the expected 409 answer; no page error.
    expect(w.errors.filter((e) => !e.includes('status of 409'))).toEqual([]);
    await page.close();
  });

  it('gives a planner neither the duplicates list nor the merge', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await waitForMap(w);
    await logIn(w, 'dup.planner');
    const link = page.getByTestId('nav-records');
    if (!(await link.isVisible())) await page.getByTestId('menu').click();
    await link.click();
    await page.getByTestId('records-q').waitFor();
    expect(await page.getByTestId('duplicates-load').count()).toBe(0);
    expect(await page.getByTestId('merge-start').count()).toBe(0);
    const origin = new URL(page.url()).origin;
    expect((await page.request.get(`${origin}/api/v1/duplicates`)).status()).toBe(403);
    const csrf = await page.evaluate(async () => {
      const r = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken?: string };
      return r.csrfToken ?? '';
    });
    const refused = await page.request.post(`${origin}/api/v1/households/${second.duplicate.id}/merge`, {
      data: { into: second.original.id, version: 1, intoVersion: 1 },
      headers: { 'x-csrf-token': csrf },
    });
    expect(refused.status()).toBe(403);
    expect((await status(second.duplicate.id)).status).toBe('active');
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
