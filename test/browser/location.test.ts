// Placing a house on the map and opening a household from the map, in headless Chromium (#16 tasks 3, 19).
// An operator moves a house by clicking the record's small map inside its kelurahan (stored, read back from the
// database), a point outside the kelurahan is refused with a message and nothing is stored, the keyboard path
// (arrow keys on the marker, typed coordinates) saves too, and a stale save offers a reload. On the main map, a
// planner clicks a household point and its record opens; an operator reaches a record from the list of points
// in view by keyboard; household tiles carry ids only in their points (clusters none) and the public gets no
// tile at all. Axe clean at 1280 and 375 px, no page errors.
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, logIn, openPage, waitForMap, type WatchedPage, withDb } from '../support/browser.ts';

const PERIOD = '2025-12';
type Handle = '__sidaksosMap' | '__sidaksosLocationMap';
interface Point {
  lon: number;
  lat: number;
}

async function mapIdle(page: Page, handle: Handle): Promise<void> {
  await page.waitForFunction(
    (h) => {
      const m = (window as unknown as Record<string, import('maplibre-gl').Map | undefined>)[h];
      return !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
    },
    handle,
    { timeout: 60_000 },
  );
}

/**
 * A pixel of the record's map, inside (or outside) the kelurahan's outline, on the bare map (not under the
 * marker or a control), with the point it stands for.
 */
async function freePixel(page: Page, inside: boolean) {
  const found = await page.evaluate((wantInside) => {
    const map = (window as unknown as Record<string, import('maplibre-gl').Map>).__sidaksosLocationMap!;
    const canvas = map.getCanvas();
    const box = canvas.getBoundingClientRect();
    for (let y = 20; y < canvas.clientHeight - 20; y += 6)
      for (let x = 20; x < canvas.clientWidth - 20; x += 6) {
        const inFill = (dx: number, dy: number) =>
          map.queryRenderedFeatures([x + dx, y + dy], { layers: ['kelurahan-fill'] }).length > 0;
        // Well inside (or outside): the outline is simplified, the server checks the full boundary.
        const around = [inFill(0, 0), inFill(-12, 0), inFill(12, 0), inFill(0, -12), inFill(0, 12)];
        const isInside = around.every(Boolean) ? true : around.some(Boolean) ? undefined : false;
        const hit = document.elementFromPoint(box.left + x, box.top + y);
        // Clear of the marker by its size: a click beside the marker must land on the map.
        const clear = [-30, 0, 30].every((dx) =>
          [-50, 0, 30].every(
            (dy) => document.elementFromPoint(box.left + x + dx, box.top + y + dy) === canvas,
          ),
        );
        if (isInside === wantInside && hit === canvas && clear) {
          const p = map.unproject([x, y]);
          return { x: box.left + x, y: box.top + y, lon: p.lng, lat: p.lat };
        }
      }
    return undefined;
  }, inside);
  expect(found, `a pixel ${inside ? 'inside' : 'outside'} the kelurahan`).toBeDefined();
  return found!;
}

describe('house location and households on the map', () => {
  let browser: Browser;
  let kel: { code: string; name: string };
  let household: string;
  let inside: Point;
  const stored = () =>
    withDb(async (knex) => {
      const { rows } = await knex.raw<{ rows: Array<Point & { version: number; check: string }> }>(
        `select ST_X(geom) lon, ST_Y(geom) lat, version, location_check "check" from households
         where period_code = ? and id = ?`,
        [PERIOD, household],
      );
      return rows[0]!;
    });

  beforeAll(async () => {
    await withDb(async (knex) => {
      const { rows } = await knex.raw<{ rows: Array<{ code: string; name: string; id: string } & Point> }>(
        `select h.kelurahan_code code, a.name, h.id, ST_X(p) lon, ST_Y(p) lat
         from households h join areas a on a.code = h.kelurahan_code
         join area_boundaries b on b.area_code = h.kelurahan_code
         join boundary_sets s on s.id = b.boundary_set_id and s.active,
         lateral (select ST_PointOnSurface(b.geom) p) q
         where h.period_code = ? and h.status = 'active' and h.location_check = 'inside'
         order by h.kelurahan_code desc, h.id limit 1`,
        [PERIOD],
      );
      const r = rows[0]!;
      kel = { code: r.code, name: r.name };
      household = r.id;
      inside = { lon: r.lon, lat: r.lat };
      const users = userAdmin(knex);
      await users.create({
        username: 'loc.operator',
        displayName: 'Operator Lokasi',
        role: 'operator',
        password: TEST_PASSWORD,
        kelurahan: [kel.code],
      });
      await users.create({
        username: 'loc.planner',
        displayName: 'Perencana Lokasi',
        role: 'planner',
        password: TEST_PASSWORD,
      });
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  async function openRecord(w: WatchedPage) {
    await w.page.evaluate((id) => (location.hash = `#records/${id}`), household);
    await w.page.getByTestId('location-picker').waitFor();
    await w.page.getByTestId('location-marker').waitFor();
    await w.page.getByTestId('location-map').scrollIntoViewIfNeeded();
    // The kelurahan's outline drawn and framed.
    await w.page.waitForFunction(
      () => {
        const m = (window as unknown as Record<string, import('maplibre-gl').Map | undefined>)
          .__sidaksosLocationMap;
        return !!m && m.loaded() && !m.isMoving() && m.querySourceFeatures('kelurahan').length > 0;
      },
      null,
      { timeout: 60_000 },
    );
    await mapIdle(w.page, '__sidaksosLocationMap');
  }
  const fields = async (page: Page) => ({
    lon: Number(await page.getByTestId('location-lon').inputValue()),
    lat: Number(await page.getByTestId('location-lat').inputValue()),
  });

  it('lets an operator move the house inside its kelurahan, refuses a point outside, and works by keyboard', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'loc.operator');
    await openRecord(w);
    const before = await stored();
    expect(await page.getByTestId('location-picker').textContent()).toContain(kel.name);

    // A click inside the kelurahan places the marker there; the fields follow; saving stores it.
    const at = await freePixel(page, true);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.getByTestId('location-status').textContent()).toContain('di dalam');
    const clicked = await fields(page);
    expect(Math.abs(clicked.lon - at.lon)).toBeLessThan(0.0001);
    expect(Math.abs(clicked.lat - at.lat)).toBeLessThan(0.0001);
    await page.getByTestId('location-save').click();
    await page.getByText('Lokasi rumah disimpan.').waitFor();
    await expect.poll(async () => (await stored()).version).toBe(before.version + 1);
    let now = await stored();
    expect(now.lon).toBeCloseTo(clicked.lon, 7);
    expect(now.lat).toBeCloseTo(clicked.lat, 7);
    expect(now.check).toBe('inside');
    // The record reloaded: the picker shows the stored point, nothing left to save.
    expect(await fields(page)).toEqual(clicked);
    expect(await page.getByTestId('location-save').isDisabled()).toBe(true);

    // A click outside the kelurahan's outline: refused beside the map, in words, and never stored.
    const outsidePixel = await freePixel(page, false);
    await page.mouse.click(outsidePixel.x, outsidePixel.y);
    const refusal = page.getByTestId('location-outside');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`di luar Kelurahan ${kel.name}`);
    expect(await page.getByTestId('location-save').isDisabled()).toBe(true);
    expect(await stored()).toEqual(now);
    // Axe once the save notice has gone (its fade-in is checked by the notices' own tests).
    await page.getByText('Lokasi rumah disimpan.').waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);

    // By keyboard: undo, then the arrow keys on the marker (5 m a press) and Enter on save.
    await page.getByTestId('location-undo').click();
    expect(await fields(page)).toEqual(clicked);
    await page.getByTestId('location-marker').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    const moved = await fields(page);
    const metresEast = (moved.lon - clicked.lon) * 111_320 * Math.cos((clicked.lat * Math.PI) / 180);
    expect(metresEast).toBeCloseTo(10, 0);
    expect((moved.lat - clicked.lat) * 111_320).toBeCloseTo(5, 0);
    expect(await page.getByTestId('location-marker').getAttribute('aria-label')).toContain(
      moved.lon.toFixed(6),
    );
    await page.getByTestId('location-save').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await stored()).version).toBe(now.version + 1);
    now = await stored();
    expect(now.lon).toBeCloseTo(moved.lon, 7);
    expect(now.lat).toBeCloseTo(moved.lat, 7);

    // Typed coordinates move the marker (the fields and the marker stay in step).
    await page.getByTestId('location-lon').fill(String(inside.lon).replace('.', ','));
    await page.getByTestId('location-lat').fill(String(inside.lat));
    await page.getByTestId('location-lat').press('Tab');
    await expect
      .poll(() => page.getByTestId('location-marker').getAttribute('aria-label'))
      .toContain(inside.lat.toFixed(6));

    // Someone else saved the record meanwhile: the save says so and offers a reload, which takes the newer one.
    await withDb((knex) =>
      knex('households')
        .where({ period_code: PERIOD, id: household })
        .update({ version: now.version + 1 }),
    );
    await page.getByTestId('location-save').click();
    await page.getByTestId('location-reload').waitFor();
    await page.getByTestId('location-reload').click();
    await page.getByTestId('location-error').waitFor({ state: 'detached' });
    expect(await fields(page)).toEqual({ lon: moved.lon, lat: moved.lat });
    expect((await stored()).lon).toBeCloseTo(moved.lon, 7); // the stale save stored nothing

    // On a phone: the picker fits, passes axe, and the page does not scroll sideways.
    await page.getByText('Lokasi rumah disimpan.').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 375, height: 812 });
    await mapIdle(page, '__sidaksosLocationMap');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);
    const box = await page.getByTestId('location-map').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    // The stale save's 409 is logged by the browser as a failed resource: expected, and the only one.
    expect(w.errors.filter((e) => !e.includes('status of 409 (Conflict)'))).toEqual([]);
    await page.close();
  }, 240_000);

  async function zoomToHouse(page: Page, toggle = true) {
    if (toggle) await page.getByTestId('households-toggle').check();
    const house = await stored();
    await page.evaluate(
      (h) =>
        (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.jumpTo({
          center: [h.lon, h.lat],
          zoom: 17.5,
        }),
      house,
    );
    await mapIdle(page, '__sidaksosMap');
    return house;
  }

  it('opens the record of a household point a planner clicks on the map', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'loc.planner');
    // Clusters (below zoom 16) carry counts, never an id.
    await page.getByTestId('households-toggle').check();
    await mapIdle(page, '__sidaksosMap');
    const clusterKeys = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const keys = new Set<string>();
      for (const f of map.queryRenderedFeatures(undefined, { layers: ['household-clusters'] }))
        for (const k of Object.keys(f.properties)) keys.add(k);
      return [...keys].sort();
    });
    expect(clusterKeys).toEqual(['households', 'poor']);

    // Another household of the kelurahan, one no test moves: its tiles show it where it is stored.
    const still = await withDb(async (knex) => {
      const { rows } = await knex.raw<{ rows: Point[] }>(
        `select ST_X(geom) lon, ST_Y(geom) lat from households
         where period_code = ? and kelurahan_code = ? and id <> ? and geom is not null and status = 'active'
         order by id limit 1`,
        [PERIOD, kel.code, household],
      );
      return rows[0]!;
    });
    await page.evaluate(
      (h) =>
        (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.jumpTo({
          center: [h.lon, h.lat],
          zoom: 17.5,
        }),
      still,
    );
    await mapIdle(page, '__sidaksosMap');
    // A drawn point near the middle, alone under the pointer: its map number (the feature id) and pixel.
    const target = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const box = map.getCanvas().getBoundingClientRect();
      const [w, h] = [map.getCanvas().clientWidth, map.getCanvas().clientHeight];
      for (const f of map.queryRenderedFeatures(undefined, { layers: ['household-points'] })) {
        if (f.geometry.type !== 'Point') continue;
        const p = map.project(f.geometry.coordinates as [number, number]);
        if (p.x < w * 0.3 || p.x > w * 0.7 || p.y < h * 0.3 || p.y > h * 0.7) continue;
        const hits = map.queryRenderedFeatures([p.x, p.y], { layers: ['household-points'] });
        if (hits.length === 1) return { mapId: f.id as number, x: box.left + p.x, y: box.top + p.y };
      }
      return undefined;
    });
    expect(target).toBeDefined();
    const at = target!;
    const opened = await withDb((knex) =>
      knex('households').where({ period_code: PERIOD, map_id: at.mapId }).first<{ id: string }>('id'),
    );
    expect(opened).toBeDefined(); // a household's map number, nothing else
    const clickedId = opened.id;
    await page.mouse.click(at.x, at.y);
    const open = page.locator('.household-popup').getByTestId('household-open');
    await open.waitFor();
    await expect.poll(() => page.locator('.household-popup').textContent()).toMatch(/KK \S+/);
    expect(await seriousViolations(page)).toEqual([]);
    await open.click();
    await page.getByTestId('record').waitFor();
    expect(new URL(page.url()).hash).toBe(`#records/${clickedId}`);
    // Planners read records but do not move houses.
    expect(await page.getByTestId('location-picker').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('lets an operator open a household from the list of points in view, by keyboard, on a phone', async () => {
    const w = await openPage(browser, '/', { width: 375, height: 812 });
    await waitForMap(w);
    const { page } = w;
    await logIn(w, 'loc.operator');
    // On a phone the layer's switch lives in the map's settings sheet.
    await page.getByTestId('controls-toggle').click();
    await page.getByTestId('households-toggle').check();
    await page.getByTestId('controls-toggle').click();
    await zoomToHouse(page, false);
    const list = page.getByTestId('household-points');
    await list.waitFor();
    const summary = list.locator('summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const buttons = list.getByTestId('household-point');
    await buttons.first().waitFor();
    expect(await buttons.count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The ids the list offers are the points the tiles drew: the operator's own kelurahan only.
    await buttons.first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record').waitFor();
    const opened = new URL(page.url()).hash.replace('#records/', '');
    const kelOf = await withDb((knex) =>
      knex('households')
        .where({ period_code: PERIOD, id: opened })
        .first<{ kelurahan_code: string }>('kelurahan_code'),
    );
    expect(kelOf.kelurahan_code).toBe(kel.code);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('gives the public no household tiles, so no household ids', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    const { page } = w;
    expect(await page.getByTestId('households-toggle').count()).toBe(0);
    const res = await page.request.get(
      `${inject('baseUrl')}/api/v1/tiles/households/17/104800/68200.mvt?period=${PERIOD}`,
    );
    expect([401, 403]).toContain(res.status());
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
