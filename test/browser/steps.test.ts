// The OPD steps list in headless Chromium (#16 task 9): the PKH OPD sees a step an operator just added at the
// top of its kelurahan's list, filters by kelurahan and status, pages through, moves a step to ongoing in place
// (saved, confirmed), sees overdue steps first and marked in words, and a stale save offers a reload; an
// operator of another kelurahan does not see these steps. Axe clean at 1280 and 375 px, no page errors.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage, withDb } from '../support/browser.ts';

const PERIOD = '2025-12';
const SEEDED = 60; // PKH steps seeded in the kelurahan, none overdue: 30 planned, 30 ongoing
const NEW_ACTION = 'Kunjungan PKH baru (uji daftar langkah)';

describe('OPD steps list', () => {
  let browser: Browser;
  let kel: { code: string; name: string };
  let otherKel: string;
  let household: string;
  let programName: string;

  beforeAll(async () => {
    await withDb(async (knex) => {
      // A kelurahan with households and no PKH step yet, so the seeded steps are all its PKH steps.
      const { rows } = await knex.raw<{ rows: Array<{ code: string; name: string }> }>(
        `select h.kelurahan_code code, a.name from households h join areas a on a.code = h.kelurahan_code
         where h.period_code = ? and h.status = 'active'
           and not exists (select 1 from handling_steps s join households h2
                             on h2.period_code = s.period_code and h2.id = s.household_id
                           where s.period_code = ? and s.program_code = 'pkh' and h2.kelurahan_code = h.kelurahan_code)
         group by h.kelurahan_code, a.name having count(*) >= 5 order by h.kelurahan_code limit 2`,
        [PERIOD, PERIOD],
      );
      kel = rows[0]!;
      otherKel = rows[1]!.code;
      programName = (await knex('programs').where({ program_code: 'pkh' }).first<{ name: string }>('name'))
        .name;
      const households = (
        await knex('households')
          .where({ period_code: PERIOD, kelurahan_code: kel.code, status: 'active' })
          .orderBy('id')
          .select<Array<{ id: string }>>('id')
      ).map((h) => h.id);
      household = households[0]!;
      await knex('handling_steps').insert(
        Array.from({ length: SEEDED }, (_, i) => ({
          region_code: '33.74',
          period_code: PERIOD,
          id: randomUUID(),
          household_id: households[i % households.length]!,
          opd_code: 'dinsos',
          program_code: 'pkh',
          action: `Pendampingan PKH seri ${i + 1}`,
          status: i % 2 === 0 ? 'planned' : 'ongoing',
          planned_on: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
          started_on: i % 2 === 0 ? null : '2026-11-01',
          due_on: '2027-06-30',
        })),
      );
      const users = userAdmin(knex);
      await users.create({
        username: 'st.opd',
        displayName: 'Staf PKH',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
      await users.create({
        username: 'st.operator',
        displayName: 'Operator Langkah',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [kel.code],
      });
      await users.create({
        username: 'st.other',
        displayName: 'Operator Lain',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [otherKel],
      });
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  /** Logs in through the API in a context of its own (its own cookies) and returns a caller. */
  async function apiAs(username: string) {
    const context = await browser.newContext({ baseURL: inject('baseUrl') });
    const login = await context.request.post('/api/v1/auth/login', {
      data: { username, password: TEST_PASSWORD },
    });
    expect(login.status(), await login.text()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return { context, csrfToken };
  }

  async function openSteps(w: WatchedPage) {
    const link = w.page.getByTestId('nav-steps');
    if (!(await link.isVisible())) await w.page.getByTestId('menu').click();
    await link.click();
    await w.page.getByTestId('steps-count').waitFor();
  }

  it('shows the PKH OPD a new step first, filters, pages and saves a status in place', async () => {
    // An operator of the kelurahan adds a PKH step through the API.
    const op = await apiAs('st.operator');
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const added = await op.context.request.post(`/api/v1/households/${household}/steps`, {
      headers: { 'x-csrf-token': op.csrfToken },
      data: { action: NEW_ACTION, opd: 'dinsos', program: 'pkh', dueOn: due },
    });
    expect(added.status(), await added.text()).toBe(201);
    const newId = ((await added.json()) as { id: string }).id;
    await op.context.close();

    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'st.opd');
    await openSteps(w);

    // The program filter offers only the user's programs, by name; the kelurahan filter names kelurahan.
    const programs = await page.getByTestId('steps-program').locator('option').allTextContents();
    expect(programs).toEqual(['Semua program', programName]);
    const kelOption = page.getByTestId('steps-kelurahan').locator(`option[value="${kel.code}"]`);
    expect((await kelOption.textContent())?.trim()).toBe(kel.name);

    // Filtered to the kelurahan: the new step first, its kelurahan and program by name, the total said.
    await page.getByTestId('steps-kelurahan').selectOption(kel.code);
    const count = page.getByTestId('steps-count');
    await expect.poll(() => count.textContent()).toContain(`1–50 dari ${SEEDED + 1} langkah`);
    const rows = page.getByTestId('step-row');
    await expect.poll(() => rows.count()).toBe(50);
    const first = rows.first();
    expect(await first.getAttribute('data-step-id')).toBe(newId);
    expect(await first.textContent()).toContain(kel.name);
    expect(await first.textContent()).toContain(programName);
    expect(await first.getByTestId('step-overdue').count()).toBe(0);
    // Status labels in Bahasa Indonesia, not raw codes.
    expect(await first.getByTestId('step-status').locator('option:checked').textContent()).toBe(
      'Direncanakan',
    );

    // The next page holds the rest; back again.
    await page.getByTestId('steps-next').click();
    await expect.poll(() => count.textContent()).toContain(`51–${SEEDED + 1} dari ${SEEDED + 1}`);
    await expect.poll(() => rows.count()).toBe(SEEDED + 1 - 50);
    await page.getByTestId('steps-prev').click();
    await expect.poll(() => count.textContent()).toContain(`1–50 dari ${SEEDED + 1}`);

    // Filtered by status: the seeded ongoing ones only.
    await page.getByTestId('steps-status-filter').selectOption('ongoing');
    await expect.poll(() => count.textContent()).toContain(`dari ${SEEDED / 2} langkah`);
    await page.getByTestId('steps-status-filter').selectOption('');
    await expect.poll(() => rows.first().getAttribute('data-step-id')).toBe(newId);

    // The new step to ongoing, in place: confirmed, the row stays, and it is saved.
    await rows.first().getByTestId('step-status').selectOption('ongoing');
    await expect.poll(() => page.getByTestId('steps-notice').textContent()).toContain(`“${NEW_ACTION}”`);
    expect(await page.getByTestId('steps-notice').textContent()).toContain('Berjalan');
    expect(await rows.first().getAttribute('data-step-id')).toBe(newId);
    const saved = await withDb((knex) =>
      knex('handling_steps')
        .where({ id: newId })
        .first<{ status: string; version: number }>('status', 'version'),
    );
    expect(saved).toEqual({ status: 'ongoing', version: 2 });
    await page.getByTestId('steps-status-filter').selectOption('ongoing');
    await expect.poll(() => count.textContent()).toContain(`dari ${SEEDED / 2 + 1} langkah`);
    expect(await rows.first().getAttribute('data-step-id')).toBe(newId);
    await page.getByTestId('steps-status-filter').selectOption('');

    // A step past its due date comes first, marked in words (not colour alone); the due filter finds it.
    const lateId = randomUUID();
    await withDb((knex) =>
      knex('handling_steps').insert({
        region_code: '33.74',
        period_code: PERIOD,
        id: lateId,
        household_id: household,
        opd_code: 'dinsos',
        program_code: 'pkh',
        action: 'Pendampingan PKH terlambat',
        status: 'planned',
        planned_on: '2026-01-05',
        due_on: '2026-02-01',
      }),
    );
    await page.getByTestId('steps-due').selectOption('overdue');
    await expect.poll(() => count.textContent()).toContain('1–1 dari 1 langkah');
    expect(await rows.first().getByTestId('step-overdue').textContent()).toContain('Lewat tenggat');
    await page.getByTestId('steps-due').selectOption('any');
    await expect.poll(() => rows.first().getAttribute('data-step-id')).toBe(lateId);
    expect(await rows.nth(1).getAttribute('data-step-id')).toBe(newId);

    // Someone else changed the second step meanwhile: the save says so and offers a reload, which shows it.
    await withDb((knex) =>
      knex('handling_steps')
        .where({ id: newId })
        .update({ version: 3, status: 'done', done_on: '2026-11-30' }),
    );
    await rows.nth(1).getByTestId('step-status').selectOption('cancelled');
    await page.getByTestId('steps-reload').waitFor();
    expect(await page.getByTestId('steps-error').textContent()).toMatch(/versi|version/i);
    await page.getByTestId('steps-reload').click();
    await page.getByTestId('steps-error').waitFor({ state: 'detached' });
    await expect
      .poll(() => rows.nth(1).getByTestId('step-status').locator('option:checked').textContent())
      .toBe('Selesai');

    // Accessible at desktop and phone width; the page does not overflow on the phone.
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    // The stale save's 409 answer is logged by the browser as a failed resource: expected, and the only one.
    expect(w.errors.filter((e) => !e.includes('status of 409 (Conflict)'))).toEqual([]);
    expect(w.errors.length).toBeLessThanOrEqual(1);
    await page.close();
  });

  it('moves nothing on the screen when its first page of steps arrives after the counts', async () => {
    // On a large city the page of steps comes well after the overdue counts; it used to push the counts'
    // table down the screen (Lighthouse: a layout shift of 0.79 at 500,000 households). Held back here until
    // the counts are in; whatever was on the screen meanwhile must stay where it was.
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'st.opd');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/api\/v1\/steps\?/, async (route) => {
      await held;
      await route.continue();
    });
    const counts = page.waitForResponse((r) => r.url().includes('/api/v1/steps/overdue'));
    const link = page.getByTestId('nav-steps');
    if (!(await link.isVisible())) await page.getByTestId('menu').click();
    await link.click();
    await counts;
    await page.waitForTimeout(300); // the counts drawn
    /** Where each named thing on the screen is (top edge, px). */
    const tops = () =>
      page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll('.steps [data-testid]')].map((e) => [
            e.getAttribute('data-testid')!,
            Math.round(e.getBoundingClientRect().top),
          ]),
        ),
      );
    const before = await tops();
    expect(Object.keys(before)).toContain('steps-program');
    release();
    await page.getByTestId('steps-count').waitFor();
    await page.getByTestId('steps-overdue').waitFor();
    expect(await page.getByTestId('steps-overdue').locator('tbody tr').count()).toBeGreaterThan(0);
    const after = await tops();
    const moved = Object.entries(before).filter(([id, top]) => id in after && after[id] !== top);
    expect(moved).toEqual([]);
    // The loading line's place is the count line's.
    expect(after['steps-count']).toBe(before['steps-loading']);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('does not show these steps to an operator of another kelurahan', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'st.other');
    await openSteps(w);
    // The kelurahan choices arrive after the screen: polled, not read while they load.
    await expect
      .poll(() =>
        page
          .getByTestId('steps-kelurahan')
          .locator('option')
          .evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value)),
      )
      .toEqual(['', otherKel]);
    expect(await page.getByTestId('steps-list').textContent()).not.toContain(NEW_ACTION);
    // Nor through the API, asking for that kelurahan by name.
    const other = await apiAs('st.other');
    const res = await other.context.request.get(`/api/v1/steps?kelurahan=${kel.code}`);
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(0);
    await other.context.close();
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
