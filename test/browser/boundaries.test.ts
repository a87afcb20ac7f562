// Boundary imports in headless Chromium (#16 task 17): an admin uploads a kelurahan boundary file (the official
// polygons with one that needs repair and one feature no kelurahan has), reads the match report by name
// (repaired, unknown, matched), accepts the repairs behind a confirmation, sees the set become active with a
// notice and its audit row, then goes back to the set before through the same screen (the shared test server's
// map is left as it was). In English at 375 px a malformed file's refusal shows beside the form in English, and
// the report fits the phone. Operators are not offered the screen. axe finds nothing serious.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Knex } from 'knex';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap } from '../support/browser.ts';
import { geodataFile } from '../support/geodata.ts';

const FILE = 'batas-kelurahan-2026.geojson';

interface Fc {
  type: string;
  features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}

/** The official polygons, feature 1's ring made to touch itself (PostGIS repairs it), plus a feature named Atlantis. */
function fixture(): { buffer: Buffer; repairedCode: string } {
  const fc = JSON.parse(readFileSync(geodataFile('semarang-kelurahan.geojson'), 'utf8')) as Fc;
  const g = fc.features[0]!.geometry as { type: string; coordinates: number[][][] | number[][][][] };
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0]) as number[][];
  const [x, y] = ring[0]!;
  ring.splice(1, 0, [x! + 0.0005, y! + 0.0005], [x! + 0.0005, y! - 0.0005], [x!, y!]);
  fc.features.push({ ...fc.features[1]!, properties: { name: 'Atlantis' } });
  return {
    buffer: Buffer.from(JSON.stringify(fc)),
    repairedCode: fc.features[0]!.properties.code as string,
  };
}

/** The save notice (svelte-sonner's toast in its live region) with this text. */
const notice = (page: Page, words: string) => page.locator('[data-sonner-toast]').filter({ hasText: words });

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('boundaries', () => {
  let browser: Browser;
  let knex: Knex;
  let original: string;
  let uploaded: string | undefined;
  const activeId = async () =>
    (await knex('boundary_sets').where({ active: true }).first<{ id: string }>('id')).id;

  beforeAll(async () => {
    knex = createKnex({ url: inject('databaseUrl') });
    await userAdmin(knex).create({
      username: 'b.boundaries',
      displayName: 'Browser Boundaries Admin',
      role: 'admin',
      password: TEST_PASSWORD,
    });
    await userAdmin(knex).create({
      username: 'b.boundaries.op',
      displayName: 'Browser Boundaries Operator',
      role: 'operator',
      password: TEST_PASSWORD,
      kelurahan: ['33.74.02.1008'],
    });
    original = await activeId();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    // Should a step above have failed midway, the shared server's map goes back to the set it had.
    if (original && (await activeId()) !== original)
      await knex.transaction(async (trx) => {
        await trx('boundary_sets').where({ active: true }).update({ active: false });
        await trx('boundary_sets').where({ id: original }).update({ active: true });
      });
    await knex.destroy();
  });

  it('uploads a file, shows the report by name, accepts the repairs behind a confirmation, activates the set and goes back', async () => {
    const { buffer, repairedCode } = fixture();
    const repairedName = (await knex('areas').where({ code: repairedCode }).first<{ name: string }>('name'))
      .name;
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.boundaries');
    // An admin's header may fold its links into the menu.
    if (!(await page.getByTestId('nav-boundaries').isVisible())) await page.getByTestId('menu').click();
    await page.getByTestId('nav-boundaries').click();
    await page.getByTestId('boundaries').waitFor();
    await page.getByTestId('boundary-file').setInputFiles({
      name: FILE,
      mimeType: 'application/geo+json',
      buffer,
    });
    await page.getByTestId('boundary-label').fill('Batas uji 2026');
    await page.getByTestId('boundary-upload').click();
    const report = page.getByTestId('boundary-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('boundary-status').textContent()).toContain('belum aktif');
    uploaded = decodeURIComponent(/#boundaries\/(.+)$/.exec(page.url())![1]!);
    expect(await activeId()).toBe(original);
    // The report opens on what needs the admin's eye: the repaired polygon, by name, in words.
    expect(await page.getByTestId('boundary-part-repaired').getAttribute('aria-pressed')).toBe('true');
    const repairRow =
      (await page.getByTestId('boundary-table-repaired').locator('tbody tr').textContent()) ?? '';
    expect(repairRow).toContain(repairedName);
    expect(repairRow).toContain('cincin batas menyentuh dirinya sendiri');
    await page.getByTestId('boundary-part-extra').click();
    const extraRow = (await page.getByTestId('boundary-table-extra').locator('tbody tr').textContent()) ?? '';
    expect(extraRow).toContain('Atlantis');
    expect(extraRow).toContain('tidak ada kelurahan dengan nama ini');
    await page.getByTestId('boundary-part-matched').click();
    expect(await page.getByTestId('boundary-table-matched').locator('tbody tr').count()).toBe(177);
    await page.getByTestId('boundary-part-missing').click();
    await page.getByTestId('boundary-table-empty').waitFor();
    // The upload's notice said so; axe looks at the page once it has gone (a toast fading out has no contrast).
    await notice(page, `${FILE} diperiksa`).waitFor({ state: 'attached' });
    await page.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 15_000 });
    expect(await seriousViolations(page), '1280 px, report').toEqual([]);

    // Not without accepting the repairs; accepting them asks first, naming them.
    const activate = page.getByTestId('boundary-activate-button');
    expect(await activate.isDisabled()).toBe(true);
    await page.getByTestId('boundary-accept-repairs').check();
    await activate.click();
    const dialog = page.getByTestId('boundary-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(repairedName);
    await page.getByTestId('boundary-confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await activeId()).toBe(original);
    await activate.click();
    await page.getByTestId('boundary-confirm-confirm').click();
    await notice(page, 'Set batas Batas uji 2026 sekarang aktif di peta.').waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="boundary-status"]')?.textContent?.includes('aktif di peta'),
    );
    expect(await activeId()).toBe(uploaded);
    const audit = await knex('audit_log')
      .where({ action: 'boundary_switch', username: 'b.boundaries' })
      .first<{ changes: Record<string, unknown> }>('changes');
    expect(audit.changes).toMatchObject({ active: [original, uploaded], acceptRepairs: true, repairs: 1 });
    const activeRows = page.locator('[data-testid="boundary-set-row"][data-active="true"]');
    expect(await activeRows.count()).toBe(1);
    expect(await activeRows.textContent()).toContain('Batas uji 2026');

    // Back to the set before, through the same screen.
    await page
      .locator(`[data-testid="boundary-set-row"][data-active="false"]`)
      .filter({ hasNotText: 'Batas uji 2026' })
      .first()
      .getByRole('button')
      .click();
    await page.waitForURL(/#boundaries\//);
    const back = decodeURIComponent(/#boundaries\/(.+)$/.exec(page.url())![1]!);
    expect(back).toBe(original);
    await page.getByTestId('boundary-activate-button').click();
    await page.getByTestId('boundary-confirm-confirm').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="boundary-status"]')?.textContent?.includes('aktif di peta'),
    );
    expect(await activeId()).toBe(original);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('in English at 375 px: a malformed file is refused beside the form, and a report fits the phone', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 812 });
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.boundaries');
    // The same session in English, straight to the screen by its URL.
    await page.goto(`${inject('baseUrl')}/?lang=en#boundaries`);
    await page.getByTestId('boundaries').waitFor();
    await page.getByTestId('boundary-file').setInputFiles({
      name: 'rusak.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from('{"type": "Featu'),
    });
    await page.getByTestId('boundary-upload').click();
    const error = page.getByTestId('boundary-upload-error');
    await error.waitFor();
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/rusak\.geojson is not valid JSON/);
    expect(await page.getByTestId('boundary-file').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page), '375 px, refusal').toEqual([]);
    expect(await noSideScroll(page)).toBe(true);

    // The report of the set uploaded above, by its URL, in English.
    if (uploaded) {
      await page.evaluate((id) => (location.hash = `#boundaries/${id}`), uploaded);
      await page.getByTestId('boundary-report').waitFor();
      await page.getByTestId('boundary-part-repaired').click();
      expect(await page.getByTestId('boundary-table-repaired').textContent()).toContain(
        'a boundary ring touches itself',
      );
      expect(await page.getByTestId('boundary-status').textContent()).toContain('not active');
      const part = await page.getByTestId('boundary-part-matched').boundingBox();
      expect(part!.height).toBeGreaterThanOrEqual(44);
      expect(await seriousViolations(page), '375 px, report').toEqual([]);
      expect(await noSideScroll(page)).toBe(true);
    }
    expect(await activeId()).toBe(original);
    // The browser logs the refused request itself; nothing else went wrong.
    expect(w.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.close();
  });

  it('is not offered to operators, and its URL does not open it', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'b.boundaries.op');
    // Attached, not visible: the header may fold its links into the menu.
    await page.getByTestId('nav-imports').waitFor({ state: 'attached' });
    expect(await page.getByTestId('nav-boundaries').count()).toBe(0);
    await page.evaluate(() => (location.hash = '#boundaries'));
    await page.waitForFunction(() => location.hash === '#boundaries');
    expect(await page.getByTestId('boundaries').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
