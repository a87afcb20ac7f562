// Members and the case plan in headless Chromium (#16 tasks 4, 5, 6), as a kelurahan operator: a born child
// added (the reason in the history), a member's name, birth date, relation and two disabilities with their
// severities corrected, a recorded disability removed only after a confirmation, a stale save offering a reload;
// a problem and a need recorded, a handling step for an OPD program (chosen by name) serving that need with a
// due date, the need marked met after a confirmation. Every save says so and is checked through the API. At
// 375 px in English: errors beside the field in English, no sideways scroll. OPD staff get no member controls
// and the API refuses them. Axe clean, no page errors.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeNik } from '../../server/domain/nik.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, typeDate, type WatchedPage, withDb } from '../support/browser.ts';

const PERIOD = '2025-12';

interface Member {
  id: string;
  name: string;
  birthDate: string;
  relation: string;
  disabilities: Array<{ type: string; severity: string }>;
}
interface Plan {
  problems: Array<{ id: string; code: string }>;
  needs: Array<{ id: string; code: string; met: boolean }>;
  steps: Array<{
    id: string;
    action: string;
    program: string | null;
    opd: string;
    needId: string | null;
    dueOn: string | null;
  }>;
}

describe('members and case plan', () => {
  let browser: Browser;
  let household: string;
  let kelurahan: string;
  let pkhName: string;
  /** The program as the step form offers it: its name and OPD. */
  let pkhOption: string;

  beforeAll(async () => {
    await withDb(async (knex) => {
      // A household with a few members and no case plan, far down the list so other tests leave it alone.
      const { rows } = await knex.raw<{ rows: Array<{ id: string; kelurahan_code: string }> }>(
        `select h.id, h.kelurahan_code from households h
         where h.period_code = ? and h.status = 'active'
           and (select count(*) from members m where m.period_code = h.period_code and m.household_id = h.id
                and m.status = 'active') between 3 and 5
           and not exists (select 1 from handling_steps s where s.period_code = h.period_code and s.household_id = h.id)
           and not exists (select 1 from household_needs n where n.period_code = h.period_code and n.household_id = h.id)
         order by md5(h.id::text) limit 1`,
        [PERIOD],
      );
      household = rows[0]!.id;
      kelurahan = rows[0]!.kelurahan_code;
      const pkh = await knex('programs')
        .where({ program_code: 'pkh' })
        .first<{ name: string; opd_code: string }>('name', 'opd_code');
      pkhName = pkh.name;
      pkhOption = `${pkh.name} (${pkh.opd_code.toUpperCase()})`;
      const users = userAdmin(knex);
      await users.create({
        username: 'mc.operator',
        displayName: 'Operator Anggota',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [kelurahan],
      });
      await users.create({
        username: 'mc.opd',
        displayName: 'Staf PKH Anggota',
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

  /** Logs in through the API in a context of its own and returns a caller. */
  async function apiAs(username: string) {
    const context = await browser.newContext({ baseURL: inject('baseUrl') });
    const login = await context.request.post('/api/v1/auth/login', {
      data: { username, password: TEST_PASSWORD },
    });
    expect(login.status(), await login.text()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const get = async <T>(url: string) => {
      const res = await context.request.get(url);
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as T;
    };
    return { context, csrfToken, get };
  }
  const readRecord = async (api: Awaited<ReturnType<typeof apiAs>>) =>
    api.get<{ version: number; members: Member[] }>(`/api/v1/households/${household}`);

  /** Signs in through the header, then opens the record by its URL (in English when asked). */
  async function openRecord(w: WatchedPage, username: string, lang?: 'en') {
    await logIn(w, username);
    if (lang) {
      await w.page.goto(`${inject('baseUrl')}/?lang=${lang}`);
      await w.page.getByTestId('current-user').waitFor({ state: 'attached' });
    }
    await w.page.evaluate((id) => (location.hash = `#records/${id}`), household);
    await w.page.getByTestId('record-members').waitFor();
  }
  /** The save notice (svelte-sonner's toast in its live region) with this text. */
  const notice = (page: Page, text: string) =>
    page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor();
  /** Axe once the notices have gone (a toast fading out has no contrast). */
  const axeClean = async (page: Page) => {
    await expect.poll(() => page.locator('[data-sonner-toast]').count(), { timeout: 20_000 }).toBe(0);
    return seriousViolations(page);
  };

  it('adds a born child, corrects a member and their disabilities, and offers a reload on a stale save', async () => {
    const api = await apiAs('mc.operator');
    const w = await openPage(browser);
    const { page } = w;
    await openRecord(w, 'mc.operator');
    const rows = page.getByTestId('member-row');
    const before = await rows.count();

    // (4) A birth: a NIK of the wrong length is refused beside the NIK field, in Bahasa Indonesia.
    await page.getByTestId('member-add-open').click();
    const form = page.getByTestId('member-add-form');
    await form.getByLabel('Alasan masuk').selectOption({ label: 'Kelahiran' });
    await form.getByTestId('member-nik').fill('3374');
    await form.getByTestId('member-name').fill('Bayi Anggota Uji');
    await form.getByLabel('Jenis kelamin').selectOption({ label: 'Perempuan' });
    await typeDate(page, form.getByTestId('member-birth'), '2025-11-20');
    await form.getByLabel('Hubungan').selectOption({ label: 'Anak' });
    await form.getByTestId('member-add-save').click();
    const nikField = form.getByTestId('member-nik');
    await expect.poll(() => nikField.getAttribute('aria-invalid')).toBe('true');
    const nikError = await nikField.getAttribute('aria-describedby');
    expect(await page.locator(`#${nikError}`).textContent()).toContain('NIK harus 16 angka');
    const nik = makeNik(kelurahan.split('.').slice(0, 3).join('.'), '2025-11-20', 'P', 9871);
    await nikField.fill(nik);
    await form.getByTestId('member-add-save').click();
    await notice(page, 'Bayi Anggota Uji ditambahkan ke keluarga.');
    await expect.poll(() => rows.count()).toBe(before + 1);
    const born = (await readRecord(api)).members.find((m) => m.name === 'Bayi Anggota Uji');
    expect(born).toMatchObject({ birthDate: '2025-11-20', relation: 'anak' });
    const history = await api.get<Array<{ entity: string; changes: Record<string, unknown> }>>(
      `/api/v1/households/${household}/history`,
    );
    expect(history.find((h) => h.entity === 'member' && h.changes.reason)?.changes.reason).toEqual([
      null,
      'birth',
    ]);
    expect(await rows.last().textContent()).toContain('Anak');

    // A correction: name, birth date, relation and two disabilities with their severities.
    const row = rows.filter({ hasText: 'Bayi Anggota Uji' });
    await row.getByTestId('edit-member').click();
    const edit = page.getByTestId('member-edit-form');
    await edit.getByTestId('member-name').fill('Bayi Anggota Dibetulkan');
    await typeDate(page, edit.getByTestId('member-birth'), '2025-11-21');
    await edit.getByLabel('Hubungan').selectOption({ label: 'Cucu' });
    await edit.getByTestId('disability-add').click();
    await edit.getByLabel('Disabilitas 1: jenis').selectOption({ label: 'Disabilitas fisik' });
    await edit.getByLabel('Disabilitas 1: tingkat').selectOption({ label: 'Berat' });
    await edit.getByTestId('disability-add').click();
    await edit.getByLabel('Disabilitas 2: jenis').selectOption({ label: 'Sensorik netra' });
    await edit.getByLabel('Disabilitas 2: tingkat').selectOption({ label: 'Ringan' });
    await edit.getByTestId('member-save').click();
    await notice(page, 'Data Bayi Anggota Dibetulkan disimpan.');
    const saved = (await readRecord(api)).members.find((m) => m.id === born!.id)!;
    expect(saved).toMatchObject({
      name: 'Bayi Anggota Dibetulkan',
      birthDate: '2025-11-21',
      relation: 'cucu',
    });
    expect(saved.disabilities).toEqual([
      { type: 'fisik', severity: 'berat' },
      { type: 'sensorik_netra', severity: 'ringan' },
    ]);
    const fixed = rows.filter({ hasText: 'Bayi Anggota Dibetulkan' });
    expect(await fixed.getByTestId('member-disability').textContent()).toContain('Disabilitas fisik (Berat)');

    // Removing a recorded disability asks first: cancelling keeps it, confirming removes it.
    await fixed.getByTestId('edit-member').click();
    await edit.getByTestId('disability-remove').first().click();
    await edit.getByTestId('member-save').click();
    const confirm = page.getByTestId('member-remove-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Disabilitas fisik');
    await page.getByTestId('member-remove-confirm-cancel').click();
    await confirm.waitFor({ state: 'detached' });
    expect((await readRecord(api)).members.find((m) => m.id === born!.id)!.disabilities).toHaveLength(2);
    await edit.getByTestId('member-save').click();
    await page.getByTestId('member-remove-confirm-confirm').click();
    // The earlier save's notice may still show: the stored record says when this one has landed.
    await expect
      .poll(async () => (await readRecord(api)).members.find((m) => m.id === born!.id)!.disabilities)
      .toEqual([{ type: 'sensorik_netra', severity: 'ringan' }]);
    await edit.waitFor({ state: 'detached' });

    // A stale save (someone changed the record meanwhile): said beside the form, with a reload.
    await fixed.getByTestId('edit-member').click();
    await edit.getByTestId('member-name').fill('Nama Basi');
    const current = await readRecord(api);
    const other = await api.context.request.patch(`/api/v1/households/${household}/members/${born!.id}`, {
      headers: { 'x-csrf-token': api.csrfToken },
      data: { version: current.version, changes: { relation: 'anak' } },
    });
    expect(other.status(), await other.text()).toBe(200);
    await edit.getByTestId('member-save').click();
    await expect.poll(() => edit.getByTestId('member-form-error').textContent()).toContain('sudah diubah');
    await edit.getByTestId('member-reload').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => fixed.textContent()).toContain('Anak');
    expect((await readRecord(api)).members.find((m) => m.id === born!.id)!.name).toBe(
      'Bayi Anggota Dibetulkan',
    );

    expect(await axeClean(page)).toEqual([]);
    // The stale save's 409 is logged by the browser itself; nothing else may appear.
    expect(w.errors.filter((e) => !e.includes('409 (Conflict)'))).toEqual([]);
    await api.context.close();
    await page.close();
  });

  it('records a problem and a need, adds a PKH step serving the need, and marks the need met', async () => {
    const api = await apiAs('mc.operator');
    const w = await openPage(browser);
    const { page } = w;
    await openRecord(w, 'mc.operator');

    // (5) A problem and a need, by their labels.
    const problem = page.getByTestId('problem-form');
    await problem.getByTestId('problem-add').click();
    await expect.poll(() => problem.getByTestId('field-error').textContent()).toContain('Wajib diisi');
    await problem.getByLabel('Kategori PPKS').selectOption({ label: 'Fakir miskin' });
    await problem.getByTestId('problem-add').click();
    await notice(page, 'Masalah “Fakir miskin” dicatat.');
    await expect.poll(() => page.getByTestId('record-problems').textContent()).toContain('Fakir miskin');
    const need = page.getByTestId('need-form');
    await need.getByTestId('need-code').selectOption({ label: 'Kesehatan/jaminan kesehatan' });
    await need.getByTestId('need-note').fill('Belum punya JKN');
    await need.getByTestId('need-add').click();
    await notice(page, 'Kebutuhan “Kesehatan/jaminan kesehatan” dicatat.');
    const needItem = page.getByTestId('need-item').filter({ hasText: 'Kesehatan/jaminan kesehatan' });
    expect(await needItem.getByTestId('need-state').textContent()).toBe('Belum terpenuhi');
    let plan = await api.get<Plan>(`/api/v1/households/${household}/case-plan`);
    expect(plan.problems.map((p) => p.code)).toEqual(['fakir_miskin']);
    expect(plan.needs.map((n) => [n.code, n.met])).toEqual([['kesehatan', false]]);

    // (6) A handling step for the PKH program, chosen by name, serving the need, due in ten days.
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const step = page.getByTestId('step-form');
    await step.getByTestId('step-action').fill('Daftarkan ke JKN-KIS lewat pendamping PKH');
    await step.getByTestId('step-program').selectOption({ label: pkhOption });
    await step.getByLabel('Untuk kebutuhan').selectOption({ label: 'Kesehatan/jaminan kesehatan' });
    await typeDate(page, step.getByTestId('step-due'), due);
    await step.getByTestId('step-add').click();
    await notice(page, `Langkah “Daftarkan ke JKN-KIS lewat pendamping PKH” ditambahkan untuk ${pkhName}.`);
    const stepRow = page.getByTestId('step-row').filter({ hasText: 'Daftarkan ke JKN-KIS' });
    expect(await stepRow.textContent()).toContain(pkhName);
    expect(await stepRow.getByTestId('step-need').textContent()).toBe('Kesehatan/jaminan kesehatan');
    expect(await stepRow.textContent()).toContain('Direncanakan');
    plan = await api.get<Plan>(`/api/v1/households/${household}/case-plan`);
    expect(plan.steps).toEqual([
      expect.objectContaining({
        action: 'Daftarkan ke JKN-KIS lewat pendamping PKH',
        program: 'pkh',
        needId: plan.needs[0]!.id,
        dueOn: due,
      }),
    ]);

    // The need is met: asked first (cancel changes nothing), then saved and said.
    await needItem.getByTestId('need-met').click();
    await page.getByTestId('need-confirm-cancel').click();
    await page.getByTestId('need-confirm').waitFor({ state: 'detached' });
    expect((await api.get<Plan>(`/api/v1/households/${household}/case-plan`)).needs[0]!.met).toBe(false);
    await needItem.getByTestId('need-met').click();
    await page.getByTestId('need-confirm-confirm').click();
    await notice(page, 'Kebutuhan “Kesehatan/jaminan kesehatan” ditandai terpenuhi.');
    await expect.poll(() => needItem.getByTestId('need-state').textContent()).toBe('Terpenuhi');
    expect((await api.get<Plan>(`/api/v1/households/${household}/case-plan`)).needs[0]!.met).toBe(true);

    expect(await axeClean(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await api.context.close();
    await page.close();
  });

  it('works at 375 px in English: a move-in with errors beside the fields, no sideways scroll', async () => {
    const api = await apiAs('mc.operator');
    const w = await openPage(browser, '/', { width: 375, height: 800 });
    const { page } = w;
    await openRecord(w, 'mc.operator', 'en');
    await page.getByTestId('member-add-open').click();
    const form = page.getByTestId('member-add-form');
    await form.getByLabel('Reason for joining').selectOption({ label: 'Moved in' });
    await form.getByTestId('member-add-save').click();
    const nameField = form.getByTestId('member-name');
    await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await nameField.getAttribute('aria-describedby')}`).textContent()).toBe(
      'The name needs at least 2 letters.',
    );
    expect(await form.getByTestId('member-nik').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    expect(await axeClean(page)).toEqual([]);

    const nik = makeNik(kelurahan.split('.').slice(0, 3).join('.'), '1990-04-12', 'L', 9872);
    await form.getByTestId('member-nik').fill(nik);
    await nameField.fill('Pendatang Uji');
    await typeDate(page, form.getByTestId('member-birth'), '1990-04-12');
    await form.getByLabel('Relation').selectOption({ label: 'Other relative' });
    await form.getByTestId('member-add-save').click();
    await notice(page, 'Pendatang Uji was added to the household.');
    expect((await readRecord(api)).members.find((m) => m.name === 'Pendatang Uji')?.relation).toBe(
      'famili_lain',
    );
    const history = await api.get<Array<{ changes: Record<string, unknown> }>>(
      `/api/v1/households/${household}/history`,
    );
    expect(history.some((h) => JSON.stringify(h.changes.reason) === '[null,"move_in"]')).toBe(true);

    // The record with its case plan stays within the screen and passes axe.
    await page.getByTestId('step-form').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    expect(await axeClean(page)).toEqual([]);
    expect(w.errors).toEqual([]);
    await api.context.close();
    await page.close();
  });

  it('gives OPD staff no member controls, and the API refuses them', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await logIn(w, 'mc.opd');
    await page.evaluate((id) => (location.hash = `#records/${id}`), household);
    // The records screen is not theirs: no member table, no add button.
    await expect.poll(() => page.getByTestId('record').count()).toBe(0);
    expect(await page.getByTestId('member-add-open').count()).toBe(0);
    const opd = await apiAs('mc.opd');
    const res = await opd.context.request.post(`/api/v1/households/${household}/members`, {
      headers: { 'x-csrf-token': opd.csrfToken },
      data: {
        version: 1,
        reason: 'birth',
        member: {
          nik: '3374000101250001',
          name: 'Tidak Boleh',
          sex: 'L',
          birthDate: '2025-01-01',
          relation: 'anak',
        },
      },
    });
    expect(res.status()).toBe(403);
    expect(w.errors).toEqual([]);
    await opd.context.close();
    await page.close();
  });
});
