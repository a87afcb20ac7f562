// The first choropleth without MapLibre (#21 item 2), in headless Chromium: with MapLibre's code held back,
// the map's place shows an SVG of every kelurahan in the fills the map was asked to draw, counted as the legend
// counts them, fitted as MapLibre fits; once MapLibre has loaded, the SVG is gone and the map's own layer draws
// the same fills at the same places. The first data are preloaded by index.html and taken by the app's own
// requests (one request each, no "preloaded but not used" warning). At 375 px the picture fits the phone.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../support/axe.ts';
import { launchBrowser, waitForMap } from '../support/browser.ts';
import { COLORS, NO_DATA_COLOR, SUPPRESSED_COLOR } from '../../web/src/lib/map/base-style.ts';

/** MapLibre's main chunk (the worker is an .mjs of its own, not matched): held until the test releases it. */
const MAPLIBRE_CHUNK = /\/assets\/maplibre-gl-[\w-]+\.js$/;
const PRELOADED = [
  '/api/v1/regions/kelurahan?simplify=0.00005',
  '/api/v1/regions/kecamatan?simplify=0.00005',
  '/api/v1/periods',
  '/api/v1/indicators',
  '/api/v1/programs',
  '/api/v1/legend-sets',
];

interface Held {
  page: Page;
  errors: string[];
  warnings: string[];
  /** Same-origin request paths (with query), in order. */
  requests: string[];
  foreignRequests: string[];
  release: () => void;
}

/** Opens the app with MapLibre's chunk held back until release(), watching errors, warnings and requests. */
async function openHeld(
  browser: Browser,
  path: string,
  viewport = { width: 1280, height: 800 },
): Promise<Held> {
  const baseUrl = inject('baseUrl');
  const page = await browser.newPage({ viewport });
  const held: Held = { page, errors: [], warnings: [], requests: [], foreignRequests: [], release: () => {} };
  page.on('pageerror', (e) => held.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.text().includes('GPU stall')) return; // SwiftShader's noise
    if (m.type() === 'error') held.errors.push(m.text());
    if (m.type() === 'warning') held.warnings.push(m.text());
  });
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith(baseUrl)) held.requests.push(url.slice(baseUrl.length));
    else if (!url.startsWith('data:') && !url.startsWith('blob:')) held.foreignRequests.push(url);
  });
  const released = new Promise<void>((resolve) => (held.release = resolve));
  await page.route(MAPLIBRE_CHUNK, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`${baseUrl}${path}`);
  return held;
}

/** 'r,g,b' of '#rrggbb' or 'rgb(r, g, b)' (palettes and computed styles use both). */
function rgb(c: string): string {
  return c.startsWith('#')
    ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)).join(',')
    : c.match(/\d+/g)!.slice(0, 3).join(',');
}

interface Drawn {
  paths: Array<{ code: string; fill: string; mark: string | null; start: [number, number] }>;
  box: { left: number; top: number; width: number; height: number };
  ariaHidden: string | null;
  viewFills: Record<string, string>;
  mapLoaded: boolean;
}

/** Waits for the SVG with its fills (the view's values arrived), then reads what it drew. */
async function firstPaint(page: Page): Promise<Drawn> {
  await page.waitForFunction(
    () =>
      Object.keys((window as unknown as { __sidaksosView?: { fills?: object } }).__sidaksosView?.fills ?? {})
        .length > 0 && document.querySelectorAll('[data-testid="first-paint"] path.area').length > 0,
    null,
    { timeout: 60_000 },
  );
  // One frame for the fills that arrived with the values to reach the DOM.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="first-paint"]')!;
    const svg = root.querySelector('svg')!;
    const marks = new Map<string, string>();
    for (const p of svg.querySelectorAll('path[data-mark]'))
      marks.set(p.getAttribute('data-code') ?? '', p.getAttribute('data-mark')!);
    const r = root.getBoundingClientRect();
    return {
      paths: [...svg.querySelectorAll('path.area')].map((p) => {
        const m = /^M([-\d.]+) ([-\d.]+)/.exec(p.getAttribute('d')!)!;
        return {
          code: p.getAttribute('data-code')!,
          fill: p.getAttribute('fill')!,
          mark: marks.get(p.getAttribute('data-code')!) ?? null,
          start: [Number(m[1]), Number(m[2])] as [number, number],
        };
      }),
      box: { left: r.left, top: r.top, width: r.width, height: r.height },
      ariaHidden: svg.getAttribute('aria-hidden'),
      viewFills: (window as unknown as { __sidaksosView: { fills: Record<string, string> } }).__sidaksosView
        .fills,
      mapLoaded: !!(window as unknown as { __sidaksosMap?: unknown }).__sidaksosMap,
    };
  });
}

type Boundaries = {
  features: Array<{ properties: { code: string }; geometry: { type: string; coordinates: unknown } }>;
};

/** The first vertex of each area's geometry, as the SVG path starts it. */
function firstVertices(fc: Boundaries): Map<string, [number, number]> {
  return new Map(
    fc.features.map((f) => {
      const c = f.geometry.coordinates as number[][][] | number[][][][];
      const ring = (f.geometry.type === 'Polygon' ? c[0] : c[0]![0]) as number[][];
      return [f.properties.code, ring[0] as [number, number]];
    }),
  );
}

/** After MapLibre has loaded: the SVG gone, the fill layer there, its feature states and positions the SVG's. */
async function handedOver(held: Held, drawn: Drawn, fc: Boundaries, source = 'kelurahan'): Promise<void> {
  const { page } = held;
  held.release();
  await waitForMap({ page, errors: held.errors, foreignRequests: held.foreignRequests });
  await page.waitForSelector('[data-testid="first-paint"]', { state: 'detached', timeout: 60_000 });
  const vertices = Object.fromEntries(firstVertices(fc));
  const map = await page.evaluate(
    ({ codes, vertices, source }) => {
      const m = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const canvas = m.getContainer().getBoundingClientRect();
      return {
        layer: !!m.getLayer(`${source}-fill`),
        canvas: { left: canvas.left, top: canvas.top, width: canvas.width, height: canvas.height },
        states: codes.map(
          (code) => (m.getFeatureState({ source, id: code }) as { fill?: string | null }).fill ?? null,
        ),
        projected: codes.map((code) => {
          const p = m.project(vertices[code] as [number, number]);
          return [p.x, p.y];
        }),
      };
    },
    { codes: drawn.paths.map((p) => p.code), vertices, source },
  );
  expect(map.layer).toBe(true);
  // The map's place is the picture's place, and every area starts where the picture started it.
  expect(map.canvas).toEqual(drawn.box);
  drawn.paths.forEach((p, i) => {
    expect(map.states[i] ?? NO_DATA_COLOR, p.code).toBe(p.fill);
    const [x, y] = map.projected[i]!;
    expect(Math.abs(x! - p.start[0]), `${p.code} x`).toBeLessThan(0.5);
    expect(Math.abs(y! - p.start[1]), `${p.code} y`).toBeLessThan(0.5);
  });
}

describe('first paint before MapLibre', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('draws every kelurahan in the map’s fills, counted as the legend counts them, then hands over', async () => {
    const held = await openHeld(browser, '/?indicator=poor_share');
    const { page } = held;
    const drawn = await firstPaint(page);
    // MapLibre's code is still held: the choropleth on screen is the SVG.
    expect(drawn.mapLoaded).toBe(false);
    expect(await page.locator('.maplibregl-canvas').count()).toBe(0);
    expect(drawn.ariaHidden).toBe('true');

    const fc = (await (await page.request.get(`${inject('baseUrl')}${PRELOADED[0]}`)).json()) as Boundaries;
    expect(fc.features).toHaveLength(177);
    expect(drawn.paths.map((p) => p.code).sort()).toEqual(fc.features.map((f) => f.properties.code).sort());
    // Each area in the fill the map is asked to draw (no fill: no data), with the map's marks.
    for (const p of drawn.paths) expect(p.fill, p.code).toBe(drawn.viewFills[p.code] ?? NO_DATA_COLOR);
    expect(drawn.paths.filter((p) => p.fill === SUPPRESSED_COLOR).every((p) => p.mark === 'suppressed')).toBe(
      true,
    );

    // The legend's classes: each swatch's colour on as many areas as the row counts (coarsened kelurahan wear
    // their kecamatan's class colour and are counted apart); the rows listed apart count the marks.
    const legend = await page.getByTestId('legend').evaluate((el) =>
      [...el.querySelectorAll('li')].map((li) => ({
        mark: li.getAttribute('data-testid'),
        colour: getComputedStyle(li.querySelector('.swatch')!).backgroundColor,
        count: Number(/\((\d+)\)\s*$/.exec(li.textContent ?? '')?.[1]),
      })),
    );
    const classes = legend.filter((r) => r.mark === null);
    expect(classes.length).toBeGreaterThanOrEqual(3);
    const inClass = drawn.paths.filter((p) => p.mark !== 'coarsened' && p.mark !== 'suppressed');
    for (const row of classes)
      expect(inClass.filter((p) => rgb(p.fill) === rgb(row.colour)).length, row.colour).toBe(row.count);
    expect(classes.reduce((s, r) => s + r.count, 0)).toBeGreaterThan(0);
    for (const row of legend.filter((r) => r.mark !== null)) {
      const mark = row.mark!.replace('legend-', '');
      expect(drawn.paths.filter((p) => p.mark === mark).length, mark).toBe(row.count);
    }
    // Every class fill is one of the legend's colours.
    const legendColours = new Set(classes.map((r) => rgb(r.colour)));
    for (const p of inClass.filter((p) => p.mark !== 'nodata'))
      expect(legendColours.has(rgb(p.fill)), `${p.code} ${p.fill}`).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await handedOver(held, drawn, fc);
    // The first data came once each: the app's requests took the preloaded answers.
    for (const url of PRELOADED)
      expect(
        held.requests.filter((r) => r === url),
        url,
      ).toHaveLength(1);
    expect(held.requests.filter((r) => MAPLIBRE_CHUNK.test(r))).toHaveLength(1);
    // Chromium warns three seconds after the load event about a preload nobody used.
    const sinceLoad = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return performance.now() - nav.loadEventEnd;
    });
    await page.waitForTimeout(Math.max(0, 4000 - sinceLoad));
    expect(held.warnings.filter((w) => /preload/i.test(w))).toEqual([]);
    expect(held.errors).toEqual([]);
    expect(held.foreignRequests).toEqual([]);
    await page.close();
  });

  it('starts MapLibre only on the first input: Tab onto the picture gives the map the focus; the pointer onto it', async () => {
    const held = await openHeld(browser, '/?indicator=poor_share');
    const { page } = held;
    await firstPaint(page);
    // Past the first paint and the 3 s after which the map would start unasked: a page only looked at runs no
    // MapLibre (Lighthouse's facade: its blocking time is the map's set-up).
    await page.waitForTimeout(4000);
    expect(held.requests.filter((r) => MAPLIBRE_CHUNK.test(r))).toEqual([]);
    expect(await page.locator('.maplibregl-canvas').count()).toBe(0);
    const facade = page.getByTestId('map-facade');
    expect(await facade.getAttribute('role')).toBe('region');
    // The picture stands in for the map's region, named as the map is (i18n mapLabel).
    expect(await facade.getAttribute('aria-label')).toBe('Peta kelurahan dan kecamatan');
    expect(await seriousViolations(page)).toEqual([]);

    // Tab, as a keyboard user does, until the picture has the focus: the first key already asked for the map,
    // whose code is held meanwhile, so the picture is still the map's only region and tab stop.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
    let tabs = 0;
    while ((await focused()) !== 'map-facade' && tabs < 60) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    expect(await focused()).toBe('map-facade');
    await expect.poll(() => held.requests.filter((r) => MAPLIBRE_CHUNK.test(r)).length).toBe(1);
    expect(await page.getByRole('region', { name: 'Peta kelurahan dan kecamatan' }).count()).toBe(1);
    held.release();
    await waitForMap({ page, errors: held.errors, foreignRequests: held.foreignRequests });
    await page.waitForSelector('[data-testid="first-paint"]', { state: 'detached', timeout: 60_000 });
    expect(held.requests.filter((r) => MAPLIBRE_CHUNK.test(r))).toHaveLength(1);
    // The canvas took the focus the picture had: arrows pan it. Still one region of that name.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('maplibregl-canvas')))
      .toBe(true);
    expect(await page.getByRole('region', { name: 'Peta kelurahan dan kecamatan' }).count()).toBe(1);
    const before = await page.evaluate(
      () => (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.getCenter().lng,
    );
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.getCenter().lng,
        ),
      )
      .toBeGreaterThan(before);
    expect(held.errors).toEqual([]);
    await page.close();

    // A pointer: nothing until it comes onto the map.
    const moused = await openHeld(browser, '/?indicator=poor_share', { width: 375, height: 812 });
    moused.release();
    await firstPaint(moused.page);
    await moused.page.waitForTimeout(3500);
    expect(moused.requests.filter((r) => MAPLIBRE_CHUNK.test(r))).toEqual([]);
    // The pointer moved onto the middle of the map (a hover action would re-check a target that, once the map
    // is coming, lets the pointer through to the map beneath).
    const box = (await moused.page.getByTestId('map-facade').boundingBox())!;
    await moused.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await moused.page.waitForSelector('[data-testid="first-paint"]', { state: 'detached', timeout: 60_000 });
    expect(moused.requests.filter((r) => MAPLIBRE_CHUNK.test(r))).toHaveLength(1);
    expect(await moused.page.locator('.maplibregl-canvas').count()).toBe(1);
    expect(moused.errors).toEqual([]);
    await moused.page.close();
  });

  it('makes a PNG asked for before the map has come once the map has drawn, with the fills on it', async () => {
    const held = await openHeld(browser, '/?indicator=poor_share');
    const { page } = held;
    const drawn = await firstPaint(page);
    // The press on the button is the first input: it asks for the map, whose code is held a while.
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('export-png').click();
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('export-png').isDisabled()).toBe(true);
    held.release();
    const png = PNG.sync.read(readFileSync(await (await download).path()));
    const canvas = await page.evaluate(() => {
      const c = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.getCanvas();
      return c.width;
    });
    expect(png.width).toBe(canvas);
    // The most common fill of the picture is on the exported map (not an empty, unloaded map).
    const counts = new Map<string, number>();
    for (const p of drawn.paths) counts.set(p.fill, (counts.get(p.fill) ?? 0) + 1);
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const [r, g, b] = rgb(common).split(',').map(Number) as [number, number, number];
    let pixels = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (
        Math.abs(png.data[i]! - r) <= 12 &&
        Math.abs(png.data[i + 1]! - g) <= 12 &&
        Math.abs(png.data[i + 2]! - b) <= 12
      )
        pixels++;
    expect(pixels, common).toBeGreaterThan(500);
    expect(held.errors).toEqual([]);
    await page.close();
  });

  it('fits a drilled-into kecamatan on a 375 px phone, inside the screen, and hands over there', async () => {
    const held = await openHeld(browser, '/?indicator=poor_share&focus=33.74.02', {
      width: 375,
      height: 812,
    });
    const { page } = held;
    const drawn = await firstPaint(page);
    expect(drawn.mapLoaded).toBe(false);
    expect(drawn.box.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The kecamatan's kelurahan fill the picture as MapLibre's fitBounds would: inside it, 24 px clear of its
    // edges, touching that margin on the tighter axis; the rest of the city is greyed out around them.
    const box = await page.evaluate(() => {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      const root = document.querySelector('[data-testid="first-paint"]')!.getBoundingClientRect();
      for (const p of document.querySelectorAll('[data-testid="first-paint"] path.area')) {
        if (!p.getAttribute('data-code')!.startsWith('33.74.02.')) continue;
        const r = p.getBoundingClientRect();
        [x0, y0] = [Math.min(x0, r.left - root.left), Math.min(y0, r.top - root.top)];
        [x1, y1] = [Math.max(x1, r.right - root.left), Math.max(y1, r.bottom - root.top)];
      }
      return { x0, y0, x1, y1 };
    });
    expect(box.x0).toBeGreaterThan(22);
    expect(box.y0).toBeGreaterThan(22);
    expect(box.x1).toBeLessThan(drawn.box.width - 22);
    expect(box.y1).toBeLessThan(drawn.box.height - 22);
    const slack = Math.min(box.x0 + (drawn.box.width - box.x1), box.y0 + (drawn.box.height - box.y1));
    expect(slack).toBeLessThan(50);
    const outside = drawn.paths.filter((p) => !p.code.startsWith('33.74.02.'));
    expect(outside.length).toBeGreaterThan(100);
    expect(new Set(outside.map((p) => p.fill)).size).toBe(1);
    expect(outside[0]!.fill).not.toBe(COLORS.land);
    expect(await seriousViolations(page)).toEqual([]);

    const fc = (await (await page.request.get(`${inject('baseUrl')}${PRELOADED[0]}`)).json()) as Boundaries;
    await handedOver(held, drawn, fc);
    expect(held.errors).toEqual([]);
    await page.close();
  });
});
