// The registry workflow in headless Chromium: an operator finds a household by KK, edits a member's
// disability, adds a handling step, and sees both in the record's history.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { makeNik } from '../../server/domain/nik.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { launchBrowser, logIn, openPage, typeDate, waitForMap } from '../support/browser.ts';

const KEL = '33.74.02.1008';

describe('household records', () => {
  let browser: Browser;
  let kk: string;
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'b.operator',
        displayName: 'Browser Operator',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [KEL],
      });
      await userAdmin(knex).create({
        username: 'b.opd2',
        displayName: 'Browser OPD',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
      // A step of the OPD's program to work on.
      const target = await knex('households')
        .where({ period_code: '2025-12', status: 'active' })
        .first<{ id: string }>('id');
      await knex('handling_steps').insert({
        region_code: '33.74',
        period_code: '2025-12',
        id: randomUUID(),
        household_id: target.id,
        opd_code: 'dinsos',
        program_code: 'pkh',
        action: 'Pendampingan PKH (uji)',
        status: 'planned',
        planned_on: '2025-12-01',
        due_on: '2025-12-15',
      });
      // A household of the open period with at least one member.
      kk = (
        await knex('households as h')
          .where({ 'h.period_code': '2025-12', 'h.kelurahan_code': KEL, 'h.status': 'active' })
          .whereExists((e) => {
            void e
              .select(1)
              .from('members as m')
              .whereRaw('m.period_code = h.period_code and m.household_id = h.id');
          })
          .first<{ kk: string }>('h.kk')
      ).kk;
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it("finds a household by KK, edits a member's disability, adds a step and sees both in the history", async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.operator');

    await page.getByTestId('nav-records').click();
    await page.getByTestId('records-q').fill(kk);
    await page.getByTestId('records-search').click();
    const hits = page.getByTestId('records-hits');
    await page.getByTestId('records-hit').first().waitFor();
    expect(await hits.textContent()).not.toContain(kk); // masked in the list
    await page.getByTestId('records-hit').first().click();
    await page.getByTestId('record').waitFor();

    // The first member's disabilities replaced by one (the form: components/records/MemberEditForm.svelte).
    await page.getByTestId('edit-member').first().click();
    const edit = page.getByTestId('member-edit-form');
    await edit.waitFor();
    while ((await edit.getByTestId('disability-remove').count()) > 0)
      await edit.getByTestId('disability-remove').first().click();
    await edit.getByTestId('disability-add').click();
    await edit.getByTestId('disability-type').selectOption('sensorik_rungu');
    await edit.getByTestId('disability-severity').selectOption('berat');
    await edit.getByTestId('member-save').click();
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="member-disability"]')
        ?.textContent?.includes('Sensorik rungu (Berat)'),
    );

    await page.getByTestId('step-action').fill('Asesmen alat bantu dengar');
    await page.getByTestId('step-program').selectOption('aspd');
    await page.getByTestId('step-add').click();
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="record-steps"]')
        ?.textContent?.includes('Asesmen alat bantu dengar'),
    );

    const history = page.getByTestId('record-history');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="record-history"]')?.children.length ?? 0) >= 2,
    );
    const text = ((await history.textContent()) ?? '').replace(/\s+/g, ' ');
    // In words, with who: labels, not codes.
    expect(text).toMatch(/Disabilitas diubah dari .* menjadi Sensorik rungu \(Berat\)/);
    expect(text).toContain('Langkah penanganan ditambahkan: Asesmen alat bantu dengar');
    expect(text).toContain('oleh b.operator');

    // Household fields and verification, each a new entry in the history.
    await page.getByTestId('field-desil').fill('7');
    await page.getByTestId('fields-save').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="record-history"]')?.textContent?.includes('Desil di'),
    );
    // The button is offered only while the record is not yet verified (the seed verifies some).
    if ((await page.getByTestId('verify').count()) > 0) {
      await page.getByTestId('verify').click();
      await page.waitForFunction(() =>
        document
          .querySelector('[data-testid="record-history"]')
          ?.textContent?.includes('menjadi Terverifikasi'),
      );
    }
    expect(await page.getByTestId('record-summary').textContent()).toContain('Terverifikasi');
    expect(await page.getByTestId('verify').count()).toBe(0);

    // The duplicates list shows the groups the API finds for this operator.
    await page.getByTestId('duplicates-load').click();
    await page.getByTestId('duplicates').waitFor();
    const api = (await (
      await page.request.get(`${new URL(page.url()).origin}/api/v1/duplicates`)
    ).json()) as {
      groups: unknown[];
    };
    const rows = await page.getByTestId('duplicates').locator('tbody tr').count();
    expect(rows).toBe(Math.max(1, api.groups.length));
    expect(await page.getByTestId('merge').count()).toBeGreaterThanOrEqual(api.groups.length);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('loads the map library with an open record, not with the search screen', async () => {
    // Signed in already (a cookie, as on a return visit), straight to the records screen, no input: the search
    // needs no map, and MapLibre's ~240 KB held a phone's first paint of it back.
    const context = await browser.newContext({
      baseURL: inject('baseUrl'),
      viewport: { width: 375, height: 812 },
    });
    const login = await context.request.post('/api/v1/auth/login', {
      data: { username: 'b.operator', password: TEST_PASSWORD },
    });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    const maplibre: string[] = [];
    page.on('request', (r) => {
      if (/maplibre/i.test(r.url())) maplibre.push(r.url());
    });
    await page.goto('/#records');
    await page.getByTestId('records-q').waitFor();
    await page.waitForLoadState('networkidle');
    expect(maplibre).toEqual([]);
    // Opening a record brings its location map (and the library) in.
    await page.getByTestId('records-q').fill(kk);
    await page.getByTestId('records-search').click();
    await page.getByTestId('records-hit').first().click();
    await page.getByTestId('location-map').waitFor();
    expect(maplibre.length).toBeGreaterThan(0);
    expect(await page.getByTestId('location-map-failed').count()).toBe(0);
    await context.close();
  });

  it('creates a household from the form (its head first) and opens its record', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.operator');
    await page.getByTestId('nav-records').click();
    await page.getByTestId('create-open').click();
    await page.getByTestId('new-kk').fill('3374021201259777');
    await page.getByTestId('new-kelurahan').selectOption(KEL);
    await page.getByTestId('new-nik').fill(makeNik('33.74.02', '1975-03-21', 'L', 9777));
    await page.getByTestId('new-name').fill('Kepala Keluarga Formulir');
    await typeDate(page, 'new-birth', '1975-03-21');
    await page.getByTestId('create-save').click();
    await page.getByTestId('record').waitFor();
    expect(await page.getByTestId('record').locator('h3').textContent()).toContain('3374••••••••9777');
    await expect(page.getByTestId('record-members').locator('tbody tr').count()).resolves.toBe(1);
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="record-history"]')
        ?.textContent?.replace(/\s+/g, ' ')
        .includes('Keluarga didaftarkan'),
    );
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('lets OPD staff move their steps along and see overdue steps by kelurahan', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.opd2');
    await page.getByTestId('nav-steps').click();
    const api = (await (await page.request.get(`${new URL(page.url()).origin}/api/v1/steps`)).json()) as {
      steps: Array<{ id: string; program: string; status: string }>;
    };
    expect(api.steps.length).toBeGreaterThan(0);
    expect(api.steps.every((s) => s.program === 'pkh')).toBe(true);
    await page.getByTestId('step-status').first().waitFor();
    expect(await page.getByTestId('step-status').count()).toBe(api.steps.length);
    const next = api.steps[0]!.status === 'ongoing' ? 'planned' : 'ongoing';
    await page.getByTestId('step-status').first().selectOption(next);
    await page.waitForFunction(async (id) => {
      const r = (await (await fetch('/api/v1/steps')).json()) as {
        steps: Array<{ id: string; status: string }>;
      };
      return r.steps.find((s) => s.id === id)?.status;
    }, api.steps[0]!.id);
    const after = (await (await page.request.get(`${new URL(page.url()).origin}/api/v1/steps`)).json()) as {
      steps: Array<{ id: string; status: string }>;
    };
    expect(after.steps.find((s) => s.id === api.steps[0]!.id)!.status).toBe(next);
    await page.getByTestId('steps-overdue').waitFor();
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
