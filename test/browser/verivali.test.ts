// Verivali field work on a phone without a signal (#20 item 3), in headless Chromium at 375 × 812: a verifier
// signs in, opens its screen and loads its assigned households; the service worker has cached the app shell
// (and nothing of the API). Offline, the page reloads from the service worker, the list comes from the phone's
// storage and two visits are recorded, shown as waiting; one of them is for a household an admin changed
// meanwhile. Back online the queue is sent by itself: the database holds the verified visit applied and the
// other kept as a conflict, whose card says so, in Bahasa Indonesia and in English, also after a reload.
// Logging out forgets the list and the conflicts; with a visit still unsent the header asks first, and the
// visit stays on the phone without the head of family's name. axe finds nothing serious; no page error. The worker itself
// is served from the root, revalidated on every visit and allowed by the CSP; no other role registers it.
// Visits and assignments change the open period, so this file runs its own app over a database of its own.
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { busiestKelurahan } from '../support/cycle.ts';
import { login, TEST_PASSWORD, userAdmin, type TestSession } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openScreen, serveOwnApp } from '../support/browser.ts';
import { foreignWords, ONLY_IN, wordsOf } from '../support/language-words.ts';
import { registryWords } from '../support/registry-words.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

const PERIOD = '2025-12';
const VERIFIER = 'vv.verifier';
/** The failed requests Chromium logs while the phone is offline (the map's data, the session check). */
const OFFLINE_NOISE = /ERR_INTERNET_DISCONNECTED/;

interface Household {
  id: string;
  version: number;
  desil: number | null;
  assignmentId: string;
}

describe('verivali on a phone, offline', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: Browser;
  let admin: TestSession;
  /** The three assigned households: [0] visited offline, [1] visited offline after an admin changed it. */
  let hh: Household[];

  beforeAll(async () => {
    db = await scratchDatabase('verivali_ui');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 400,
      seed: 43,
      periods: ['2025-07', PERIOD],
    });
    // The kelurahan with the most active households is the verifier's.
    const kelurahan = await busiestKelurahan(db.knex, PERIOD);
    const users = userAdmin(db.knex);
    const account = { password: TEST_PASSWORD };
    await users.create({ ...account, username: 'vv.admin', displayName: 'vv.admin', role: 'admin' });
    const verifierId = await users.create({
      ...account,
      username: VERIFIER,
      displayName: 'Pendamping Uji',
      role: 'verifier',
      kelurahan: [kelurahan],
    });
    ({ app, baseUrl } = await serveOwnApp(db.knex));
    // Assigned as an admin does it, through the API.
    admin = await login(app, 'vv.admin');
    const ids = (await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active', kelurahan_code: kelurahan })
      .orderBy('id')
      .limit(3)
      .pluck('id')) as string[];
    expect(ids).toHaveLength(3);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/verivali/assignments',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { verifierId, dueDate: '2099-06-30', households: ids },
    });
    expect(res.statusCode, res.body).toBe(200);
    hh = [];
    for (const id of ids) {
      const row = await db
        .knex('households as h')
        .join('verification_assignments as a', function () {
          this.on('a.household_id', 'h.id').andOn('a.period_code', 'h.period_code');
        })
        .where({ 'h.period_code': PERIOD, 'h.id': id })
        .first<{ version: number; desil: number | null; assignment_id: string }>(
          'h.version',
          'h.desil',
          'a.id as assignment_id',
        );
      hh.push({ id, version: row.version, desil: row.desil, assignmentId: row.assignment_id });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const card = (page: Page, h: Household) =>
    page.locator(`li[aria-labelledby="assignment-${h.assignmentId}"]`);
  const text = async (page: Page, testId: string) =>
    ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const stored = (page: Page, what: string) =>
    page.evaluate((k) => localStorage.getItem(k), `sidaksos.verivali.${what}.${VERIFIER}`);
  const noSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  /** A phone's page, with its page errors and its console errors (those of the offline stretch told apart). */
  async function phone(context: BrowserContext) {
    const page = await context.newPage();
    const errors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('GPU stall')) consoleErrors.push(m.text());
    });
    await page.goto(baseUrl);
    return { page, errors, consoleErrors, foreignRequests: [] as string[] };
  }

  async function recordVisit(
    page: Page,
    h: Household,
    note: string,
    check = false,
    noteLabel = 'Catatan (opsional)',
  ) {
    await card(page, h).getByTestId('assignment-visit').click();
    const form = card(page, h).getByTestId('visit-form');
    await form.waitFor();
    // "Sesuai data" (verified) is the form's first choice, already chosen.
    expect(await form.locator('input[type="radio"][value="verified"]').isChecked()).toBe(true);
    await form.getByLabel(noteLabel).fill(note);
    if (check) {
      expect(await seriousViolations(page), 'visit form').toEqual([]);
      expect(await noSideways(page), 'visit form').toBe(true);
    }
    await form.getByTestId('visit-save').click();
    await card(page, h).getByTestId('assignment-queued').waitFor();
  }

  it('serves the service worker from the root, always revalidated, allowed by the CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    // A stale worker would keep an old build's shell: browsers must ask for it again each time.
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(String(res.headers['content-security-policy'])).toMatch(/worker-src 'self'/);
    // The build put its own file list and version in place of the source's names.
    expect(res.body).not.toMatch(/__SW_FILES__|__SW_VERSION__/);
    expect(res.body).toContain('"index.html"');
  });

  it('registers no service worker for anyone but a field verifier', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const w = await phone(context);
    await logIn(w, 'vv.admin');
    await w.page.waitForLoadState('load');
    await w.page.waitForLoadState('networkidle');
    expect(await w.page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()))).toBe(
      false,
    );
    expect(w.errors).toEqual([]);
    await context.close();
  });

  it(
    'reloads offline from the service worker, queues two visits and sends them once online',
    { timeout: 300_000 },
    async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
      const w = await phone(context);
      const { page } = w;
      await logIn(w, VERIFIER);
      await openScreen(page, 'verivali');
      await page.getByTestId('verivali-screen').waitFor();
      await page.getByTestId('assignment').nth(2).waitFor();
      expect(await page.getByTestId('assignment').count()).toBe(3);
      expect(await text(page, 'verivali-count')).toBe('3 keluarga ditugaskan · 3 belum dikunjungi');
      const kept = JSON.parse((await stored(page, 'list'))!) as { list: { assignments: unknown[] } };
      expect(kept.list.assignments).toHaveLength(3);

      // The worker is active with the app shell cached, and no answer of the API among what it keeps.
      const state = await page.evaluate(async () => {
        const ready = navigator.serviceWorker.ready.then(async ({ active }) => {
          if (active && active.state !== 'activated')
            await new Promise((r) =>
              active.addEventListener('statechange', () => active.state === 'activated' && r(0)),
            );
          return active?.state;
        });
        return Promise.race([ready, new Promise((r) => setTimeout(() => r('no worker in 60 s'), 60_000))]);
      });
      expect(state).toBe('activated');
      const cache = await page.evaluate(async () => {
        const names = await caches.keys();
        const urls: string[] = [];
        for (const name of names)
          for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
        return { names, urls };
      });
      expect(cache.names).toHaveLength(1);
      expect(cache.names[0]).toMatch(/^sidaksos-shell-[0-9a-f]{16}$/);
      expect(cache.urls).toContain('/');
      const scripts = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((s) => new URL(s.src).pathname),
      );
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(cache.urls).toContain(s);
      expect(cache.urls.some((u) => u.includes('VerivaliView'))).toBe(true);
      expect(cache.urls.filter((u) => u.startsWith('/api/'))).toEqual([]);

      // No signal. Meanwhile an admin corrects the second household's desil: its version moves on.
      await context.setOffline(true);
      const newDesil = hh[1]!.desil === 9 ? 8 : 9;
      const edit = await app.inject({
        method: 'PATCH',
        url: `/api/v1/households/${hh[1]!.id}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { version: hh[1]!.version, changes: { desil: newDesil } },
      });
      expect(edit.statusCode, edit.body).toBe(200);

      // The page reloads from the service worker; the list from the phone's storage says so.
      const reloaded = await page.reload();
      expect(reloaded?.fromServiceWorker()).toBe(true);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await page.getByTestId('verivali-screen').waitFor();
      await page.getByTestId('assignment').nth(2).waitFor();
      expect(await text(page, 'verivali-offline')).toContain(
        'Tidak tersambung. Daftar ini dari penyimpanan ponsel',
      );

      // Two visits recorded offline: each card says it waits, and so does the screen, with the count.
      await recordVisit(page, hh[0]!, 'Rumah dikunjungi, data sesuai.', true);
      expect(await text(page, 'verivali-queue')).toBe('1 kunjungan menunggu dikirim');
      await recordVisit(page, hh[1]!, 'Kepala keluarga ada di rumah.');
      expect(await text(page, 'verivali-queue')).toBe('2 kunjungan menunggu dikirim');
      expect(await text(page, 'verivali-status')).toContain('Tidak ada sinyal: kunjungan disimpan di ponsel');
      expect(await card(page, hh[2]!).getByTestId('assignment-queued').count()).toBe(0);
      expect(JSON.parse((await stored(page, 'queue'))!)).toHaveLength(2);
      expect(Number((await db.knex('verification_visits').count<{ n: string }>('* as n').first())?.n)).toBe(
        0,
      );
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      // Back online: the browser says so, and the queue goes by itself.
      await context.setOffline(false);
      await page.getByTestId('verivali-queue').waitFor({ state: 'detached', timeout: 30_000 });
      await expect
        .poll(() => text(page, 'verivali-status'))
        .toBe('1 kunjungan terkirim, 1 bentrok versi: lihat kartu keluarganya.');
      expect(JSON.parse((await stored(page, 'queue'))!)).toEqual([]);

      // The database: the first visit applied (its assignment visited), the second kept as a conflict.
      const visits = await db.knex('verification_visits').orderBy('visited_at').select<
        Array<{
          household_id: string;
          status: string;
          outcome: string;
          note: string;
          base_version: number;
          current_version: number;
        }>
      >('household_id', 'status', 'outcome', 'note', 'base_version', 'current_version');
      expect(visits).toEqual([
        {
          household_id: hh[0]!.id,
          status: 'recorded',
          outcome: 'verified',
          note: 'Rumah dikunjungi, data sesuai.',
          base_version: hh[0]!.version,
          current_version: hh[0]!.version,
        },
        {
          household_id: hh[1]!.id,
          status: 'conflict',
          outcome: 'verified',
          note: 'Kepala keluarga ada di rumah.',
          base_version: hh[1]!.version,
          current_version: hh[1]!.version + 1,
        },
      ]);
      const statuses = await db
        .knex('verification_assignments')
        .whereIn(
          'id',
          hh.map((h) => h.assignmentId),
        )
        .select<Array<{ id: string; status: string }>>('id', 'status');
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [hh[0]!.assignmentId]: 'visited',
        [hh[1]!.assignmentId]: 'open',
        [hh[2]!.assignmentId]: 'open',
      });
      expect(
        await db.knex('households').where({ period_code: PERIOD, id: hh[1]!.id }).first('desil', 'version'),
      ).toEqual({ desil: newDesil, version: hh[1]!.version + 1 });

      // The conflict is on its household's card, with the record as it now stands; the visited one has left
      // the list of open ones, and the offline notice is gone with the fresh list.
      const conflict = card(page, hh[1]!).getByTestId('verivali-conflict');
      await conflict.waitFor();
      expect(await conflict.textContent()).toContain('sudah diubah orang lain sejak formulir diisi');
      expect(await conflict.getByTestId('verivali-conflict-current').textContent()).toContain(
        `Data terkini: desil ${newDesil},`,
      );
      await expect.poll(() => page.getByTestId('assignment').count()).toBe(2);
      expect(await card(page, hh[0]!).count()).toBe(0);
      expect(await page.getByTestId('verivali-offline').count()).toBe(0);
      expect(await text(page, 'verivali-count')).toBe('3 keluarga ditugaskan · 2 belum dikunjungi');
      expect(await seriousViolations(page)).toEqual([]);

      // A reload (online) keeps the conflict on the card: the fresh list does not overwrite it.
      const online = await page.reload();
      expect(online?.ok()).toBe(true);
      await card(page, hh[1]!).getByTestId('verivali-conflict').waitFor();
      expect(await card(page, hh[2]!).getByTestId('verivali-conflict').count()).toBe(0);

      // In English: the screen, the card and its conflict.
      await page.getByTestId('menu').click();
      await page.getByTestId('language').selectOption('en');
      await page.getByRole('heading', { name: 'Field verification visits' }).waitFor();
      expect(await text(page, 'verivali-count')).toBe('3 households assigned · 2 not yet visited');
      expect(await card(page, hh[1]!).getByTestId('verivali-conflict').textContent()).toContain(
        'was changed by someone else since the form was filled',
      );
      expect(await card(page, hh[1]!).getByTestId('assignment-visit').textContent()).toBe('Record a visit');
      const { names, values } = await registryWords(db.knex);
      const lines = (await page.getByTestId('verivali-screen').innerText())
        .split(/[\n\t]/)
        .map((l) => l.trim());
      expect(foreignWords(lines, 'en', names, values)).toEqual([]);
      expect(lines.flatMap(wordsOf).filter((x) => ONLY_IN.en.has(x)).length).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await noSideways(page)).toBe(true);

      // A visit the server could not be reached for (signing out needs the server, so the page stays online;
      // only the visits are cut off), then a logout: the header asks first (the visit would stay on the phone),
      // Escape backs out, and signing out anyway keeps the visit without the head of family's name.
      await context.route('**/api/v1/verivali/visits', (r) => r.abort('internetdisconnected'));
      // The name the screen shows for the household, as the phone keeps the list.
      const phoneList = JSON.parse((await stored(page, 'list'))!) as {
        list: { assignments: Array<{ id: string; head: string | null }> };
      };
      const head = phoneList.list.assignments.find((x) => x.id === hh[2]!.assignmentId)!.head!;
      expect(head.length).toBeGreaterThan(2);
      await recordVisit(page, hh[2]!, 'Tidak ada orang di rumah.', false, 'Note (optional)');
      const queued = JSON.parse((await stored(page, 'queue'))!) as Array<{
        head: string | null;
        note: string;
      }>;
      expect(queued).toHaveLength(1);
      expect(queued[0]!.head).toBe(head);
      // Logging out forgets the list and the conflicts kept on the phone.
      expect(await stored(page, 'conflicts')).not.toBeNull();
      const logout = async () => {
        if (!(await page.getByTestId('logout').isVisible())) await page.getByTestId('menu').click();
        await page.getByTestId('logout').click();
      };
      await logout();
      const ask = page.getByTestId('logout-unsent');
      await ask.waitFor();
      expect(await ask.textContent()).toContain('Visits not sent yet: 1');
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await ask.waitFor({ state: 'detached' });
      expect(await page.getByTestId('current-user').count()).toBe(1);
      await logout();
      await ask.getByRole('button', { name: 'Sign out anyway' }).click();
      await page.getByTestId('nav-login').waitFor({ state: 'attached' });
      expect(await stored(page, 'list')).toBeNull();
      expect(await stored(page, 'conflicts')).toBeNull();
      expect(await page.evaluate(() => localStorage.getItem('sidaksos.verivali.session'))).toBeNull();
      const keptQueue = JSON.parse((await stored(page, 'queue'))!) as Array<{
        head: string | null;
        note: string;
      }>;
      expect(keptQueue).toEqual([{ ...queued[0]!, head: null }]);
      expect(JSON.stringify(keptQueue)).not.toContain(head);
      await context.unroute('**/api/v1/verivali/visits');

      expect(w.errors).toEqual([]);
      expect(w.consoleErrors.filter((e) => !OFFLINE_NOISE.test(e))).toEqual([]);
      await context.close();
    },
  );
});
