// Verivali for staff in the browser (#20 item 3): a kelurahan operator opens the Verivali screen, finds its
// kelurahan in the progress table, opens it, is told to choose an RW before anything is sent, is shown the
// API's refusal beside the verifier field (the verifier was disabled meanwhile), then assigns the RW to a
// verifier of its kelurahan with a due date: the notice names how many households went to whom, the database
// holds exactly the RW's active households with who and when, and after a visit and an overdue date the
// progress table shows the figures the database has. A planner sees the progress (table and RW figures) but no
// assign form and no household, at 375 px, in Bahasa Indonesia first and in English after the switch. axe finds
// nothing serious at 1280 and 375 px; the page never scrolls sideways. Last, the operator chooses "on the map",
// drags a box over the south-west quarter of the kelurahan's households, is told how many households the box
// holds (and how many move from another assignment) before sending, and the database holds exactly the active
// households inside the box sent, with the verifier and due date chosen. On a phone in English the operator
// takes an open assignment back after a question (Escape backs out); a visited one offers no button.
// Assignments change the open period, so this file runs its own app over a database of its own.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { VERIVALI_MESSAGES_ID } from '../../server/i18n/verivali-messages.ts';
import { systemActor } from '../../server/services/actor.ts';
import { busiestKelurahan } from '../support/cycle.ts';
import { login, TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import {
  closeNotices,
  launchBrowser,
  logIn,
  openPage,
  openScreen,
  serveOwnApp,
  typeDate,
  type WatchedPage,
} from '../support/browser.ts';
import { foreignWords, ONLY_IN, wordsOf } from '../support/language-words.ts';
import { registryWords } from '../support/registry-words.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

const PERIOD = '2025-12';
const OPERATOR = 'fw.operator';
const PLANNER = 'fw.planner';
const VERIFIER = 'fw.verifier';
const VERIFIER_NAME = 'Siti Pendamping';

/** A local calendar day `days` from today (YYYY-MM-DD), as the form and the API count due dates. */
function day(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return d.toLocaleDateString('sv');
}
const DUE = day(30);
const idCount = (n: number) => new Intl.NumberFormat('id-ID').format(n);
const idShare = (s: number | null) =>
  s === null ? '–' : new Intl.NumberFormat('id-ID', { style: 'percent' }).format(s);
const idDay = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
};

describe('verivali for staff: progress and assignments', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let kel: { code: string; name: string };
  let rw: number;
  let rwHouseholds: string[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await scratchDatabase('fieldwork_ui');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 800,
      seed: 47,
      periods: ['2025-07', PERIOD],
    });
    // The operator's kelurahan: the one with the most active households; its RW with the most, assigned below.
    const code = await busiestKelurahan(db.knex, PERIOD);
    kel = await db.knex('areas').where({ code }).first<{ code: string; name: string }>('code', 'name');
    rw = (
      await db
        .knex('households')
        .where({ period_code: PERIOD, kelurahan_code: kel.code, status: 'active' })
        .whereNotNull('rw')
        .groupBy('rw')
        .orderByRaw('count(*) desc, rw')
        .first<{ rw: number }>('rw')
    ).rw;
    rwHouseholds = (await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: kel.code, status: 'active', rw })
      .orderBy('id')
      .pluck('id')) as string[];
    // Two at least: one is visited below and another falls overdue.
    expect(rwHouseholds.length).toBeGreaterThan(1);
    const other = await db
      .knex('areas')
      .where({ level: 'kelurahan' })
      .whereNot({ code: kel.code })
      .orderBy('code')
      .first<{ code: string }>('code');
    const users = userAdmin(db.knex);
    const account = { password: TEST_PASSWORD };
    ids.operator = await users.create({
      ...account,
      username: OPERATOR,
      displayName: 'Operator Kelurahan',
      role: 'operator',
      kelurahan: [kel.code],
    });
    await users.create({ ...account, username: PLANNER, displayName: 'Perencana', role: 'planner' });
    ids.verifier = await users.create({
      ...account,
      username: VERIFIER,
      displayName: VERIFIER_NAME,
      role: 'verifier',
      kelurahan: [kel.code],
    });
    // A verifier of another kelurahan: never offered to this operator.
    ids.elsewhere = await users.create({
      ...account,
      username: 'fw.elsewhere',
      displayName: 'Pendamping Lain',
      role: 'verifier',
      kelurahan: [other.code],
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
  const noSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  const text = async (page: Page, testid: string) =>
    ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const row = (page: Page) => page.locator(`[data-testid="fieldwork-row"][data-code="${kel.code}"]`);
  const cell = async (page: Page, col: string) =>
    ((await row(page).locator(`td[data-col="${col}"]`).textContent()) ?? '').trim();

  /** The kelurahan's figures as the database has them (the same rules as the API's, written out here). */
  async function figures() {
    const { rows } = await db.knex.raw<{
      rows: Array<{
        households: number;
        assigned: number;
        visited: number;
        verified: number;
        overdue: number;
      }>;
    }>(
      `select (select count(*)::int from households
                where period_code = :p and kelurahan_code = :k and status = 'active') households,
              count(a.id)::int assigned,
              count(a.id) filter (where a.status = 'visited')::int visited,
              count(a.id) filter (where (select v.outcome from verification_visits v
                 where v.assignment_id = a.id and v.status = 'recorded' order by v.visited_at desc limit 1)
                 in ('verified', 'changed'))::int verified,
              count(a.id) filter (where a.status = 'open' and a.due_date < current_date)::int overdue
       from verification_assignments a where a.period_code = :p and a.kelurahan_code = :k`,
      { p: PERIOD, k: kel.code },
    );
    return rows[0]!;
  }
  async function expectRowLike(page: Page) {
    const f = await figures();
    expect(await cell(page, 'households')).toBe(idCount(f.households));
    expect(await cell(page, 'assigned')).toBe(idCount(f.assigned));
    expect(await cell(page, 'visited')).toBe(idCount(f.visited));
    expect(await cell(page, 'verifiedShare')).toBe(idShare(f.assigned ? f.verified / f.assigned : null));
    expect(await cell(page, 'overdue')).toBe(idCount(f.overdue));
    return f;
  }

  it(
    'lets an operator assign an RW of its kelurahan to a verifier, and shows the figures the database has',
    { timeout: 300_000 },
    async () => {
      const w = await open();
      const { page } = w;
      await logIn(w, OPERATOR);
      await openScreen(page, 'fieldwork');
      await row(page).waitFor();
      expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
        'Verivali: verifikasi dan validasi lapangan',
      );
      // The operator's scope is its kelurahan: one row, nothing assigned yet.
      expect(await page.getByTestId('fieldwork-row').count()).toBe(1);
      expect((await expectRowLike(page)).assigned).toBe(0);
      expect(await page.getByTestId('fieldwork-period').inputValue()).toBe(PERIOD);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      // The kelurahan's page: its heading takes the focus; its RWs are the form's choices.
      await row(page).getByRole('link', { name: kel.name }).click();
      await page.getByTestId('fieldwork-assign').waitFor();
      expect(await page.evaluate(() => location.hash)).toBe(`#fieldwork/${encodeURIComponent(kel.code)}`);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('fw-detail-title');
      const rws = (await db
        .knex('households')
        .where({ period_code: PERIOD, kelurahan_code: kel.code, status: 'active' })
        .whereNotNull('rw')
        .distinct('rw')
        .orderBy('rw')
        .pluck('rw')) as number[];
      const boxes = page.getByTestId('fieldwork-rws').locator('ul input[type="checkbox"]');
      expect(await boxes.count()).toBe(rws.length);
      // Only the verifier of this kelurahan is offered, with the work it has open.
      const options = await page.getByTestId('fieldwork-verifier').locator('option').allTextContents();
      expect(options.map((o) => o.trim())).toEqual([
        'Pilih verifikator',
        `${VERIFIER_NAME} (${VERIFIER}) · 0 tugas terbuka`,
      ]);

      // Nothing chosen: said beside the RWs, nothing sent.
      await page.getByTestId('fieldwork-assign-submit').click();
      expect(await text(page, 'fieldwork-rw-error')).toBe('Pilih minimal satu RW, atau seluruh kelurahan.');
      expect(await text(page, 'fieldwork-verifier-error')).toBe('Pilih verifikator lapangan.');

      await page.getByTestId(`fieldwork-rw-${rw}`).check();
      await page.getByTestId('fieldwork-verifier').selectOption(ids.verifier!);
      await typeDate(page, 'fieldwork-due', DUE);
      // The verifier is disabled meanwhile: the API refuses, and the form says so beside the verifier field.
      const users = userAdmin(db.knex);
      await users.disable(ids.verifier!, systemActor('33.74'));
      await page.getByTestId('fieldwork-assign-submit').click();
      await expect
        .poll(() => text(page, 'fieldwork-verifier-error'))
        .toBe(VERIVALI_MESSAGES_ID['verivali.notVerifier']);
      expect(await page.getByTestId('fieldwork-rw-error').count()).toBe(0);
      expect(await db.knex('verification_assignments').count<{ n: number }>('* as n').first()).toEqual({
        n: 0,
      });
      await users.enable(ids.verifier!, systemActor('33.74'));
      await page.getByTestId('fieldwork-assign-submit').click();
      const said = `${idCount(rwHouseholds.length)} keluarga ditugaskan kepada ${VERIFIER_NAME}, tenggat ${idDay(DUE)}.`;
      await page.locator('[data-sonner-toast]').filter({ hasText: said }).waitFor();
      expect(await text(page, 'fieldwork-assign-done')).toBe(said);
      expect(await page.getByTestId('fieldwork-verifier-error').count()).toBe(0);

      // The database holds the RW's active households, assigned by the operator to the verifier, due as typed.
      const stored = (
        await db.knex.raw<{
          rows: Array<{
            household_id: string;
            verifier_id: string;
            assigned_by: string;
            due: string;
            status: string;
          }>;
        }>(
          `select household_id, verifier_id, assigned_by, to_char(due_date, 'YYYY-MM-DD') due, status
           from verification_assignments where period_code = ? order by household_id`,
          [PERIOD],
        )
      ).rows;
      expect(stored.map((s) => s.household_id)).toEqual(rwHouseholds);
      expect(
        stored.every(
          (s) =>
            s.verifier_id === ids.verifier &&
            s.assigned_by === ids.operator &&
            s.due === DUE &&
            s.status === 'open',
        ),
      ).toBe(true);
      // The list and the RW's figures follow.
      await expect.poll(() => page.getByTestId('fieldwork-assignment').count()).toBe(rwHouseholds.length);
      expect(
        (
          await page
            .locator(`[data-testid="fieldwork-rw-row"][data-rw="${rw}"] td[data-col="assigned"]`)
            .textContent()
        )?.trim(),
      ).toBe(idCount(rwHouseholds.length));
      // The list shows masked KKs only.
      expect(await page.getByTestId('fieldwork-assignment-table').innerText()).not.toMatch(/\d{16}/);
      await closeNotices(page);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      // A visit recorded by the verifier and one assignment past its due date; the page opened again by its URL.
      const [first, late] = (
        await db.knex.raw<{ rows: Array<{ id: string; version: number; household_id: string }> }>(
          `select a.id, h.version, a.household_id from verification_assignments a
           join households h on h.period_code = a.period_code and h.id = a.household_id
           where a.period_code = ? order by a.household_id`,
          [PERIOD],
        )
      ).rows;
      const verifier = await login(app, VERIFIER);
      const visit = await app.inject({
        method: 'POST',
        url: '/api/v1/verivali/visits',
        headers: { cookie: verifier.cookie, 'x-csrf-token': verifier.csrf },
        payload: {
          visits: [
            {
              clientId: randomUUID(),
              assignmentId: first!.id,
              outcome: 'verified',
              visitedAt: new Date(Date.now() - 60_000).toISOString(),
              baseVersion: first!.version,
            },
          ],
        },
      });
      expect(visit.statusCode, visit.body).toBe(201);
      await db
        .knex('verification_assignments')
        .where({ id: late!.id })
        .update({ due_date: day(-3) });
      await page.reload();
      await expect.poll(() => page.getByTestId('fieldwork-assignment').count()).toBe(rwHouseholds.length);
      const overdue = page
        .getByTestId('fieldwork-assignment')
        .filter({ has: page.getByTestId('fieldwork-overdue') });
      expect(await overdue.count()).toBe(1);
      expect(await overdue.getAttribute('data-household')).toBe(late!.household_id);
      expect(
        await page
          .locator(`[data-testid="fieldwork-assignment"][data-household="${first!.household_id}"]`)
          .textContent(),
      ).toContain('Hasil: Sesuai data');

      // Back to the table: the kelurahan's figures are the database's, its link has the focus again.
      await page.getByTestId('fieldwork-back').click();
      await row(page).waitFor();
      const f = await expectRowLike(page);
      expect(f).toMatchObject({ assigned: rwHouseholds.length, visited: 1, verified: 1, overdue: 1 });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-code'))).toBe(kel.code);
      expect(
        (
          (await page.getByTestId('fieldwork-total').locator('td[data-col="assigned"]').textContent()) ?? ''
        ).trim(),
      ).toBe(idCount(f.assigned));

      // On a phone: the kelurahan's page with its form, nothing serious for axe, no sideways scroll.
      await page.setViewportSize({ width: 375, height: 812 });
      await row(page).getByRole('link', { name: kel.name }).click();
      await page.getByTestId('fieldwork-assign').waitFor();
      await expect.poll(() => page.getByTestId('fieldwork-assignment').count()).toBe(rwHouseholds.length);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);
      // The one failed request is the refusal above (the disabled verifier), which the browser logs.
      expect(w.errors).toEqual([
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
      await page.close();
    },
  );

  it(
    'shows a planner the progress, by kelurahan and RW, without the assign form, in both languages at 375 px',
    { timeout: 300_000 },
    async () => {
      const w = await open({ width: 375, height: 812 });
      const { page } = w;
      await logIn(w, PLANNER);
      await openScreen(page, 'fieldwork');
      await page.getByTestId('fieldwork-progress').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
      expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe(
        'Verivali: verifikasi dan validasi lapangan',
      );
      // The whole city's kelurahan; those with assignments first shown (only this one has any).
      const all = Number(
        (
          await db.knex.raw<{ rows: Array<{ n: number }> }>(
            `select count(distinct kelurahan_code)::int n from households where period_code = ? and status = 'active'`,
            [PERIOD],
          )
        ).rows[0]!.n,
      );
      expect(await text(page, 'fieldwork-count')).toBe(`1 dari ${all} kelurahan`);
      await expectRowLike(page);
      await page.getByTestId('fieldwork-map').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);
      // Searching by name finds a kelurahan without assignments once the box is unticked.
      await page.getByTestId('fieldwork-only-assigned').uncheck();
      expect(await text(page, 'fieldwork-count')).toBe(`${all} dari ${all} kelurahan`);
      await page.getByTestId('fieldwork-filter').fill(kel.name.toLowerCase());
      await expect.poll(() => page.getByTestId('fieldwork-row').count()).toBeLessThan(all);
      expect(await row(page).count()).toBe(1);
      for (const name of await page.locator('[data-testid="fieldwork-row"] a').allTextContents())
        expect(name.toLowerCase()).toContain(kel.name.toLowerCase());

      await row(page).getByRole('link', { name: kel.name }).click();
      await page.getByTestId('fieldwork-rw-table').waitFor();
      const assignedInRw = page.locator(
        `[data-testid="fieldwork-rw-row"][data-rw="${rw}"] td[data-col="assigned"]`,
      );
      expect((await assignedInRw.textContent())?.trim()).toBe(idCount(rwHouseholds.length));
      // Progress only: no form, no household list (the API refuses both to planners).
      expect(await page.getByTestId('fieldwork-assign').count()).toBe(0);
      expect(await page.getByTestId('fieldwork-assignments').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      // English from the header's menu: the same page, in English words only.
      await page.getByTestId('menu').click();
      await page.getByTestId('language').selectOption('en');
      await page.getByRole('heading', { name: 'Verivali: field verification and validation' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.getByTestId('fieldwork-rw-table').locator('caption').textContent()).toContain(
        `Progress by RW in kelurahan ${kel.name}`,
      );
      const { names, values } = await registryWords(db.knex);
      const lines = (await page.getByTestId('fieldwork-screen').innerText())
        .split(/[\n\t]/)
        .map((l) => l.trim());
      expect(foreignWords(lines, 'en', names, values)).toEqual([]);
      expect(lines.flatMap(wordsOf).filter((x) => ONLY_IN.en.has(x)).length).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      // Another period: in the URL, so a reload (and the link to a kelurahan, and Back) keeps it.
      await page.getByTestId('fieldwork-period').selectOption('2025-07');
      await expect
        .poll(() => page.evaluate(() => decodeURIComponent(location.hash)))
        .toBe(`#fieldwork/${kel.code}@2025-07`);
      await page.reload();
      await page.getByTestId('fieldwork-rw-table').waitFor();
      expect(await page.getByTestId('fieldwork-period').inputValue()).toBe('2025-07');
      await page.getByTestId('fieldwork-back').click();
      await expect
        .poll(() => page.evaluate(() => decodeURIComponent(location.hash)))
        .toBe('#fieldwork/@2025-07');
      expect(await page.getByTestId('fieldwork-period').inputValue()).toBe('2025-07');
      expect(w.errors).toEqual([]);
      await page.close();
    },
  );

  it(
    'lets an operator draw a box on the kelurahan map and assigns exactly the active households inside it',
    { timeout: 300_000 },
    async () => {
      // The south-west quarter of the kelurahan's active households, a little wider at its outer edges so the
      // westmost and southmost points are well inside, not on the line.
      const ext = (
        await db.knex.raw<{ rows: Array<{ w: number; s: number; e: number; n: number; total: number }> }>(
          `select min(st_x(geom)) w, min(st_y(geom)) s, max(st_x(geom)) e, max(st_y(geom)) n, count(*)::int total
           from households where period_code = ? and kelurahan_code = ? and status = 'active' and geom is not null`,
          [PERIOD, kel.code],
        )
      ).rows[0]!;
      const PAD = 0.0002;
      const want = [ext.w - PAD, ext.s - PAD, (ext.w + ext.e) / 2, (ext.s + ext.n) / 2] as const;
      const due = day(21);
      const before = await db.knex('verification_assignments').count<{ n: number }>('* as n').first();

      const w = await open();
      const { page } = w;
      await logIn(w, OPERATOR);
      await openScreen(page, 'fieldwork');
      await row(page).getByRole('link', { name: kel.name }).click();
      await page.getByTestId('fieldwork-assign').waitFor();
      await page.getByTestId('fieldwork-verifier').selectOption(ids.verifier!);
      await typeDate(page, 'fieldwork-due', due);
      await page.getByTestId('fieldwork-way-box').check();
      expect(await page.getByTestId('fieldwork-rws').count()).toBe(0);
      expect(await text(page, 'fieldwork-box-said')).toBe('Belum ada kotak.');

      // No box yet: said beside the map, nothing sent.
      await page.getByTestId('fieldwork-assign-submit').click();
      expect(await text(page, 'fieldwork-box-error')).toBe(
        'Gambar kotak di peta di atas keluarga yang akan ditugaskan.',
      );
      expect(await db.knex('verification_assignments').count<{ n: number }>('* as n').first()).toEqual(
        before,
      );

      // Drawing on first: pressing the button may scroll the page, which would move the pixels aimed at below.
      await page.getByTestId('fieldwork-box-draw').click();
      expect(await page.getByTestId('fieldwork-box-draw').getAttribute('aria-pressed')).toBe('true');
      // The map has framed the kelurahan: its outline is drawn, the box's corners are in view, it has stopped.
      await page.getByTestId('fieldwork-box-map').scrollIntoViewIfNeeded();
      await page.waitForFunction(
        ([west, south, east, north]) => {
          const m = (window as unknown as { __sidaksosLocationMap?: import('maplibre-gl').Map })
            .__sidaksosLocationMap;
          // The outline drawn (it is framed as it is set), the map at rest.
          if (!m?.loaded() || m.isMoving() || !m.getSource('kelurahan')) return false;
          if (m.querySourceFeatures('kelurahan').length === 0) return false;
          const b = m.getBounds();
          return b.contains([west, south]) && b.contains([east, north]);
        },
        want,
        { timeout: 60_000 },
      );
      const { sw, ne, perPixel } = await page.evaluate(([west, south, east, north]) => {
        const m = (window as unknown as { __sidaksosLocationMap: import('maplibre-gl').Map })
          .__sidaksosLocationMap;
        const box = m.getCanvas().getBoundingClientRect();
        const at = (p: { x: number; y: number }) => ({ x: box.left + p.x, y: box.top + p.y });
        const [o, dx, dy] = [m.unproject([0, 0]), m.unproject([1, 0]), m.unproject([0, 1])];
        return {
          sw: at(m.project([west, south])),
          ne: at(m.project([east, north])),
          // Degrees a pixel spans here: how far from the aim a drag in whole pixels can land.
          perPixel: Math.max(Math.abs(dx.lng - o.lng), Math.abs(dy.lat - o.lat)),
        };
      }, want);
      await page.mouse.move(sw.x, sw.y);
      await page.mouse.down();
      await page.mouse.move(ne.x, ne.y, { steps: 10 });
      await page.mouse.up();
      await expect.poll(() => text(page, 'fieldwork-box-said')).toMatch(/^Kotak: bujur /);
      // The API counted what the box holds before anything is sent (checked against the database below).
      await expect.poll(() => text(page, 'fieldwork-box-count')).toMatch(/^Di dalam kotak: /);
      const countSaid = await text(page, 'fieldwork-box-count');
      const openBefore = new Set(
        (await db
          .knex('verification_assignments')
          .where({ period_code: PERIOD, status: 'open' })
          .pluck('household_id')) as string[],
      );
      // Drawn: the map pans again.
      expect(await page.getByTestId('fieldwork-box-draw').getAttribute('aria-pressed')).toBe('false');
      expect(await page.getByTestId('fieldwork-box-error').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      const sent = page.waitForRequest(
        (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/verivali/assignments'),
      );
      await page.getByTestId('fieldwork-assign-submit').click();
      const body = (await sent).postDataJSON() as { kelurahan?: string; bbox?: number[]; rw?: unknown };
      // The box drawn is the one aimed at (within two pixels' worth: the mouse moves in whole pixels), narrowed by
      // the kelurahan, with no RWs.
      expect(body.kelurahan).toBe(kel.code);
      expect(body.rw).toBeUndefined();
      expect(body.bbox).toHaveLength(4);
      body.bbox!.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(2 * perPixel));

      // Exactly the kelurahan's active households inside the box sent, by the database's own geometry test.
      const inside = (
        await db.knex.raw<{ rows: Array<{ id: string }> }>(
          `select id from households where period_code = ? and kelurahan_code = ? and status = 'active'
             and st_within(geom, st_makeenvelope(?, ?, ?, ?, 4326)) order by id`,
          [PERIOD, kel.code, ...body.bbox!],
        )
      ).rows.map((r) => r.id);
      expect(inside.length).toBeGreaterThan(0);
      expect(inside.length).toBeLessThan(ext.total);
      const moved = inside.filter((id) => openBefore.has(id)).length;
      expect(countSaid).toBe(
        moved
          ? `Di dalam kotak: ${idCount(inside.length)} keluarga aktif (${idCount(moved)} di antaranya sudah punya tugas terbuka dan akan dialihkan).`
          : `Di dalam kotak: ${idCount(inside.length)} keluarga aktif.`,
      );
      const said = `${idCount(inside.length)} keluarga ditugaskan kepada ${VERIFIER_NAME}, tenggat ${idDay(due)}`;
      await expect.poll(() => text(page, 'fieldwork-assign-done')).toContain(said);
      const stored = (
        await db.knex.raw<{
          rows: Array<{ household_id: string; verifier_id: string; assigned_by: string }>;
        }>(
          `select household_id, verifier_id, assigned_by from verification_assignments
           where period_code = ? and status = 'open' and due_date = ? order by household_id`,
          [PERIOD, due],
        )
      ).rows;
      expect(stored.map((r) => r.household_id)).toEqual(inside);
      expect(stored.every((r) => r.verifier_id === ids.verifier && r.assigned_by === ids.operator)).toBe(
        true,
      );
      // The box goes with the success (and its count); the next one is drawn afresh.
      expect(await text(page, 'fieldwork-box-said')).toBe('Belum ada kotak.');
      expect(await text(page, 'fieldwork-box-count')).toBe('');

      // On a phone: the map and its tools fit, nothing serious for axe.
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByTestId('fieldwork-box-map').scrollIntoViewIfNeeded();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);
      expect(w.errors).toEqual([]);
      await page.close();
    },
  );
  it(
    'lets an operator on a phone, in English, take an open assignment back after a question; a visited one has no button',
    { timeout: 300_000 },
    async () => {
      const open1 = (await db
        .knex('verification_assignments')
        .where({ period_code: PERIOD, kelurahan_code: kel.code, status: 'open' })
        .pluck('household_id')) as string[];
      expect(open1.length).toBeGreaterThan(1);
      const visited = (await db
        .knex('verification_assignments')
        .where({ period_code: PERIOD, kelurahan_code: kel.code, status: 'visited' })
        .pluck('household_id')) as string[];
      expect(visited.length).toBeGreaterThan(0);

      const w = await open({ width: 375, height: 812 });
      const { page } = w;
      await logIn(w, OPERATOR);
      await page.getByTestId('menu').click();
      await page.getByTestId('language').selectOption('en');
      await openScreen(page, 'fieldwork');
      await row(page).getByRole('link', { name: kel.name }).click();
      await page.getByTestId('fieldwork-assignment-table').waitFor();
      const rowOf = (id: string) =>
        page.locator(`[data-testid="fieldwork-assignment"][data-household="${id}"]`);
      // A visited assignment is the record of its visit: nothing to take back.
      expect(await rowOf(visited[0]!).getByTestId('fieldwork-cancel').count()).toBe(0);
      const target = open1[0]!;
      const head = ((await rowOf(target).locator('th').textContent()) ?? '').trim();
      const button = rowOf(target).getByTestId('fieldwork-cancel');
      expect(await button.getAttribute('aria-label')).toBe(`Take back the assignment of ${head}`);
      await button.click();
      const dialog = page.getByTestId('fieldwork-cancel-confirm');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(`Take back the assignment of ${head}?`);
      expect(await dialog.textContent()).toContain(`no longer be assigned to ${VERIFIER_NAME}`);
      expect(await dialog.textContent()).toContain('still accepted when it is sent');
      expect(await seriousViolations(page)).toEqual([]);
      // Backing out changes nothing.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(
        await db
          .knex('verification_assignments')
          .where({ household_id: target, status: 'open' })
          .count<{ n: number }>('* as n')
          .first(),
      ).toEqual({ n: 1 });
      await button.click();
      await page.getByTestId('fieldwork-cancel-confirm').getByRole('button', { name: 'Take back' }).click();
      await page.getByTestId('fieldwork-cancel-confirm').waitFor({ state: 'detached' });
      await expect.poll(() => rowOf(target).count()).toBe(0);
      // The row and its button are gone: the focus is on the list, where the user was, not the page's start.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('fieldwork-list-region');
      // Kept as taken back (a visit the phone sends late still finds it), open no more.
      expect(
        await db
          .knex('verification_assignments')
          .where({ household_id: target, period_code: PERIOD })
          .pluck('status'),
      ).toEqual(['cancelled']);
      const audit = await db
        .knex('audit_log')
        .where({ entity: 'verification_assignment', username: OPERATOR, action: 'update' })
        .orderBy('id', 'desc')
        .first<{ entity_ids: string[] }>('entity_ids');
      expect(audit?.entity_ids).toEqual([target]);
      expect(await noSideways(page)).toBe(true);
      expect(w.errors).toEqual([]);
      await page.close();
    },
  );
});
