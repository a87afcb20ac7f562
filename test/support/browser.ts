// Headless Chromium for browser tests, with the flags this machine needs (STACK.md): no GPU flags that would
// remove WebGL2, no background networking. Page errors fail the test instead of hanging it.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD } from './auth-fixtures.ts';
import './provided.ts';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject('chromiumPath'),
    headless: true,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  page: Page;
  errors: string[];
  /** Requests to anything but the app's own origin (the product must work offline). */
  foreignRequests: string[];
}

/** A page of the shared test server (or of a file's own app at `baseUrl`) whose errors and foreign requests are kept. */
export async function openPage(
  browser: Browser,
  path = '/',
  viewport = { width: 1280, height: 800 },
  baseUrl: string = inject('baseUrl'),
): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // SwiftShader's ReadPixels stall warnings are noise, not errors of ours.
    if (m.type() === 'error' && !m.text().includes('GPU stall')) errors.push(m.text());
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:'))
      foreignRequests.push(url);
  });
  await page.goto(`${baseUrl}${path}`);
  return { page, errors, foreignRequests };
}

/**
 * A page's maps start on its first input (web/src/lib/map/map-demand.svelte.ts): a test that reads a map right
 * after opening or reloading a page presses a key first, as a user's first key would (Shift: it changes nothing
 * on the page).
 */
export async function askForMap(page: Page): Promise<void> {
  await page.keyboard.press('Shift');
}

/** Waits until the map has loaded its layers and tiles (asked for first), failing fast on a page error. */
export async function waitForMap(w: WatchedPage): Promise<void> {
  await askForMap(w.page);
  await Promise.race([
    w.page.waitForFunction(
      () => {
        const m = (
          window as unknown as {
            __sidaksosMap?: { loaded(): boolean; getLayer(id: string): unknown; areTilesLoaded(): boolean };
          }
        ).__sidaksosMap;
        return !!m && m.loaded() && !!m.getLayer('kelurahan-line') && m.areTilesLoaded();
      },
      null,
      { timeout: 60_000 },
    ),
    new Promise<never>((_, reject) => {
      w.page.on('pageerror', (e) => reject(new Error(`page error while loading the map: ${String(e)}`)));
    }),
  ]);
}

/** Logs in through the header's login form, as a person would (password: TEST_PASSWORD). */
export async function logIn(w: WatchedPage, username: string): Promise<void> {
  const { page } = w;
  // On narrow screens the header's links live in its menu.
  if (!(await page.getByTestId('nav-login').isVisible())) await page.getByTestId('menu').click();
  await page.getByTestId('nav-login').click();
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(TEST_PASSWORD);
  await page.locator('form').getByRole('button', { name: 'Masuk' }).click();
  // Attached, not visible: on narrow screens the user's name sits in the folded menu.
  await page.getByTestId('current-user').waitFor({ state: 'attached' });
}

/**
 * Types an ISO date (YYYY-MM-DD) into a DateInput (components/ui/DateInput.svelte) the way a user does: into its
 * first part, digits only, in the order the screen's language shows (Indonesian and British English: day, month,
 * year). Each part moves on to the next once full; typing into a filled part replaces it.
 */
export async function typeDate(page: Page, field: string | Locator, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const root = typeof field === 'string' ? page.getByTestId(field) : field;
  const first = root.locator('[data-segment]:not([data-segment="literal"])').first();
  await first.click();
  await page.keyboard.type(`${d}${m}${y}`);
}

/**
 * Opens a screen from the header as a user does: its link in the bar, or, when the bar has folded into the menu
 * (a phone, or a role with more screens than fit), through the menu.
 */
export async function openScreen(page: Page, screen: string): Promise<void> {
  const link = page.getByTestId(`nav-${screen}`);
  if (!(await link.isVisible())) await page.getByTestId('menu').click();
  await link.click();
}

/** Runs `f` with a connection to the browser run's database (as the app's role), closed afterwards. */
export async function withDb<T>(f: (knex: ReturnType<typeof createKnex>) => Promise<T>): Promise<T> {
  const knex = createKnex({ url: inject('databaseUrl') });
  try {
    return await f(knex);
  } finally {
    await knex.destroy();
  }
}

/**
 * The real app over a file's own database, listening on a free port: for a file that changes registry-wide state
 * (finalizing a period, assigning field work) the shared server's other files must not see.
 */
export async function serveOwnApp(knex: Knex): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, knex, logger: false });
  return { app, baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

/**
 * Closes the save notices (svelte-sonner) and waits until they are gone: they are checked by their text, and
 * one dismissing itself on its timer would start fading out while axe measures (axe waits for the animations
 * running when it starts — test/support/axe.ts — not for one that starts meanwhile).
 */
export async function closeNotices(page: Page): Promise<void> {
  const toasts = page.locator('[data-sonner-toast]');
  for (const close of await page.locator('[data-sonner-toast] [data-close-button]').all())
    await close.click().catch(() => undefined);
  await toasts.first().waitFor({ state: 'detached', timeout: 20_000 });
}
