// Split view, drill-down, the households layer and the targeting screen in headless Chromium, logged in as a
// planner and as OPD staff, checked against the API's own answers.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { launchBrowser, logIn, openPage, waitForMap } from '../support/browser.ts';

type MapHandle = '__sidaksosMap' | '__sidaksosSplitMap' | '__sidaksosTargetingMap';

async function mapIdle(page: Page, handle: MapHandle): Promise<void> {
  await page.waitForFunction(
    (h) => {
      const m = (window as unknown as Record<string, import('maplibre-gl').Map | undefined>)[h];
      return !!m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
    },
    handle,
    { timeout: 60_000 },
  );
}

const api = async <T>(page: Page, path: string): Promise<T> => {
  const res = await page.request.get(`${new URL(page.url()).origin}${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as T;
};

describe('comparison, drill-down, households and targeting', () => {
  let browser: Browser;
  let household: { lon: number; lat: number };
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      const users = userAdmin(knex);
      await users.create({
        username: 'b.planner',
        displayName: 'Browser Planner',
        role: 'planner',
        password: TEST_PASSWORD,
      });
      await users.create({
        username: 'b.opd',
        displayName: 'Browser OPD',
        role: 'opd',
        password: TEST_PASSWORD,
        programs: ['pkh'],
      });
      const { rows } = await knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(
        `select ST_X(geom) lon, ST_Y(geom) lat from households
         where period_code = '2025-12' and status = 'active' and geom is not null order by id limit 1`,
      );
      household = rows[0]!;
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('shows two periods side by side with the same classes, moving together', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    await logIn(w, 'b.planner');
    const { page } = w;
    await page.getByTestId('period').selectOption('2025-12');
    await page.getByTestId('split').selectOption('2025-07');
    await mapIdle(page, '__sidaksosSplitMap');
    expect(new URL(page.url()).searchParams.get('split')).toBe('2025-07');
    const view = await page.waitForFunction(() => {
      const v = (
        window as unknown as {
          __sidaksosView?: {
            splitValues?: { period: string; values: Array<{ code: string; value: number | null }> };
            splitFills: Record<string, string>;
            classification: { colors: string[] };
          };
        }
      ).__sidaksosView;
      return v?.splitValues?.period === '2025-07' ? v : undefined;
    });
    const { splitValues, splitFills } = (await view.jsonValue())!;
    const apiValues = await api<{ values: Array<{ code: string; value: number | null }> }>(
      page,
      '/api/v1/indicators/poor_share?period=2025-07',
    );
    expect(splitValues!.values.map((v) => v.value)).toEqual(apiValues.values.map((v) => v.value));

    // An area near the split map's centre is drawn in the colour its 2025-07 value gets: one with a plain fill
    // (no suppression, coarsening or small-base hatching over it), probed at a point well inside it.
    const probe = await page.evaluate(() => {
      const w = window as unknown as {
        __sidaksosSplitMap: import('maplibre-gl').Map;
        __sidaksosView: {
          splitValues: {
            values: Array<{ code: string; suppressed: boolean; uncertain?: boolean; coarsened?: boolean }>;
          };
        };
      };
      const m = w.__sidaksosSplitMap;
      const plain = new Set(
        w.__sidaksosView.splitValues.values
          .filter((v) => !v.suppressed && !v.uncertain && !v.coarsened)
          .map((v) => v.code),
      );
      const c = m.getCanvas();
      const box = c.getBoundingClientRect();
      const codeAt = (x: number, y: number) =>
        m.queryRenderedFeatures([x, y], { layers: ['kelurahan-fill'] })[0]?.properties.code as
          string | undefined;
      // Points spiralling out from the centre; the first whose 9 × 9 neighbourhood is one plain area.
      for (let r = 0; r < Math.min(c.clientWidth, c.clientHeight) / 2 - 10; r += 12)
        for (let a = 0; a < 360; a += 30) {
          const x = c.clientWidth / 2 + r * Math.cos((a * Math.PI) / 180);
          const y = c.clientHeight / 2 + r * Math.sin((a * Math.PI) / 180);
          const code = codeAt(x, y);
          if (!code || !plain.has(code)) continue;
          if ([-6, 6].every((d) => codeAt(x + d, y) === code && codeAt(x, y + d) === code))
            return { code, x: box.left + x, y: box.top + y };
        }
      throw new Error('no plain area on the split map');
    });
    const png = PNG.sync.read(await page.screenshot());
    // The commonest colour in a 9 × 9 patch: a single pixel may sit on an outline or a label's halo.
    const counts = new Map<string, number>();
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const at = (png.width * (Math.round(probe.y) + dy) + Math.round(probe.x) + dx) * 4;
        const key = [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!].join(',');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const pixel = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])[0]![0]
      .split(',')
      .map(Number);
    const want = splitFills[probe.code]!;
    const rgb = want.startsWith('#')
      ? [1, 3, 5].map((i) => parseInt(want.slice(i, i + 2), 16))
      : want.match(/\d+/g)!.map(Number);
    pixel.forEach((v, i) => expect(Math.abs(v - rgb[i]!), `${probe.code} ${want}`).toBeLessThanOrEqual(6));

    // Each legend counts its own map's 177 kelurahan (classes, no data and suppressed), not both maps'.
    const counted = await page.evaluate(() => {
      const v = (
        window as unknown as {
          __sidaksosView: {
            legend: { counts: number[] };
            values: { values: Array<{ value: number | null }> };
          };
        }
      ).__sidaksosView;
      return {
        classes: v.legend.counts.reduce((a, b) => a + b, 0),
        empty: v.values.values.filter((x) => x.value === null).length,
      };
    });
    expect(counted.classes + counted.empty).toBe(177);

    // The PNG of a split view has both maps side by side, each with its period's title and colours.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click(),
    ]);
    const exported = PNG.sync.read(readFileSync(await download.path()));
    const widths = await page.evaluate(() => {
      const w = window as unknown as Record<string, import('maplibre-gl').Map>;
      return [w.__sidaksosMap!.getCanvas().width, w.__sidaksosSplitMap!.getCanvas().width];
    });
    expect(exported.width).toBe(widths[0]! + widths[1]!);
    const { classification } = (await view.jsonValue())!;
    const half = (from: number, to: number) => {
      let hits = 0;
      for (let y = 100; y < exported.height - 50; y += 2)
        for (let x = from; x < to; x += 2) {
          const i = (exported.width * y + x) * 4;
          const rgb = [exported.data[i]!, exported.data[i + 1]!, exported.data[i + 2]!];
          if (
            classification.colors.some((c) =>
              [1, 3, 5].every((k, j) => Math.abs(parseInt(c.slice(k, k + 2), 16) - rgb[j]!) <= 3),
            )
          )
            hits++;
        }
      return hits;
    };
    expect(half(0, widths[0]!)).toBeGreaterThan(1000);
    expect(half(widths[0]!, exported.width)).toBeGreaterThan(1000);

    // Synchronised: zooming the main map moves the split map.
    await page.evaluate(() => {
      const m = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      m.jumpTo({ zoom: m.getZoom() + 1.5, center: [110.42, -6.99] });
    });
    const zooms = await page.evaluate(() => {
      const w = window as unknown as Record<string, import('maplibre-gl').Map>;
      return [
        w.__sidaksosMap!.getZoom(),
        w.__sidaksosSplitMap!.getZoom(),
        w.__sidaksosSplitMap!.getCenter().lng,
      ];
    });
    expect(zooms[1]).toBeCloseTo(zooms[0]!, 6);
    expect(zooms[2]).toBeCloseTo(110.42, 6);
    await expect(page.getByTestId('pane-label-split').textContent()).resolves.toBe('2025-07');

    // Two indicators of one period: each map with its own classes and legend.
    await page.getByTestId('split').selectOption('disability_rate');
    await page.waitForFunction(
      () =>
        (window as unknown as { __sidaksosView?: { splitValues?: { indicator: string; period: string } } })
          .__sidaksosView?.splitValues?.indicator === 'disability_rate',
    );
    const second = await page.evaluate(
      () =>
        (window as unknown as { __sidaksosView: { splitValues: { period: string } } }).__sidaksosView
          .splitValues.period,
    );
    expect(second).toBe('2025-12');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="legend"]').length === 2);
    await expect(page.getByTestId('pane-label-split').textContent()).resolves.toContain('2025-12');
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('drills from a kecamatan to its kelurahan and back', async () => {
    const w = await openPage(browser, '/?level=kecamatan&indicator=poor_share');
    await waitForMap(w);
    const { page } = w;
    await mapIdle(page, '__sidaksosMap');
    // The kecamatan whose kelurahan show the most distinct published values: a drill-down there has classes
    // to tell apart (in the demo's poorest kecamatan the public poor share is mostly suppressed, since nearly
    // every registered household is poor and the complement, registered − poor, is a small cell).
    const published = await api<{ values: Array<{ code: string; value: number | null }> }>(
      page,
      '/api/v1/indicators/poor_share?level=kelurahan',
    );
    const distinct = new Map<string, Set<number>>();
    for (const v of published.values)
      if (v.value !== null) {
        const k = v.code.slice(0, 8);
        distinct.set(k, (distinct.get(k) ?? new Set()).add(v.value));
      }
    const target = [...distinct].sort((a, b) => b[1].size - a[1].size)[0]![0];
    const at = await page.evaluate((code) => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const box = map.getCanvas().getBoundingClientRect();
      // A point inside the target kecamatan as rendered.
      for (let y = 10; y < box.height; y += 8)
        for (let x = 10; x < box.width; x += 8) {
          const f = map.queryRenderedFeatures([x, y], { layers: ['kecamatan-fill'] })[0];
          if (f?.properties.code === code) return { x: box.left + x, y: box.top + y };
        }
      throw new Error(`${code} not rendered`);
    }, target);
    await page.mouse.click(at.x, at.y);
    await page.getByTestId('breadcrumb').waitFor();
    expect(new URL(page.url()).searchParams.get('focus')).toBe(target);
    expect(new URL(page.url()).searchParams.get('level')).toBe('kelurahan');
    await mapIdle(page, '__sidaksosMap');
    // The map now frames the kecamatan: every kelurahan in view belongs to it or borders it, and all of its
    // kelurahan are in view; the ranking lists only its kelurahan.
    const inView = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      return [
        ...new Set(
          map
            .queryRenderedFeatures(undefined, { layers: ['kelurahan-fill'] })
            .map((f) => f.properties.code as string),
        ),
      ];
    });
    const regions = await api<{ features: Array<{ properties: { code: string } }> }>(
      page,
      `/api/v1/regions/kelurahan?kecamatan=${target}&simplify=0.001`,
    );
    const own = regions.features.map((f) => f.properties.code);
    expect(own.length).toBeGreaterThan(3);
    for (const code of own) expect(inView).toContain(code);
    expect(inView.length).toBeLessThan(177);
    await page.getByTestId('ranking-toggle').click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="ranking-table"] tbody tr').length === n,
      own.length,
    );
    // Its XLSX export follows the drill-down too.
    expect(await page.getByTestId('ranking-xlsx').getAttribute('href')).toContain(`kecamatan=${target}`);
    // The kecamatan is classified on its own kelurahan (the city's classes on request, to compare).
    interface Shown {
      classification: { counts: number[]; thresholds: number[] };
      values: { values: Array<{ code: string; value: number | null }> };
    }
    const shown = () => page.evaluate(() => (window as unknown as { __sidaksosView: Shown }).__sidaksosView);
    const ownWithValue = (await shown()).values.values.filter(
      (v) => own.includes(v.code) && v.value !== null,
    ).length;
    const local = await shown();
    expect(local.classification.counts.reduce((a, b) => a + b, 0)).toBe(ownWithValue);
    expect(local.classification.counts.filter((n) => n > 0).length).toBeGreaterThan(1);
    await page.getByTestId('city-classes').check();
    await page.waitForFunction(
      (n) =>
        (
          window as unknown as { __sidaksosView: { classification: { counts: number[] } } }
        ).__sidaksosView.classification.counts.reduce((a, b) => a + b, 0) > n,
      ownWithValue,
    );
    expect(new URL(page.url()).searchParams.get('cityClasses')).toBe('true');
    await page.getByTestId('city-classes').uncheck();

    // A ranking row highlights its area on the map and frames it; the row shows as selected.
    const row = page.getByTestId('ranking-table').locator('tbody tr').first();
    await row.locator('button').click();
    await expect(row.getAttribute('class')).resolves.toContain('selected');
    await mapIdle(page, '__sidaksosMap');
    const highlighted = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const rendered = map.queryRenderedFeatures(undefined, { layers: ['kelurahan-highlight'] });
      return [...new Set(rendered.map((f) => f.properties.code as string))];
    });
    expect(highlighted).toHaveLength(1);
    expect(own).toContain(highlighted[0]);
    // A map click highlights the clicked area's row.
    const other = await page.evaluate(
      ({ skip, kecamatan }) => {
        const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
        const box = map.getCanvas().getBoundingClientRect();
        for (let y = 20; y < box.height - 20; y += 10)
          for (let x = 20; x < box.width - 20; x += 10) {
            const f = map.queryRenderedFeatures([x, y], { layers: ['kelurahan-fill'] })[0];
            const code = f?.properties.code as string | undefined;
            const el = document.elementFromPoint(box.left + x, box.top + y);
            if (code && code !== skip && code.startsWith(`${kecamatan}.`) && el === map.getCanvas())
              return { code, x: box.left + x, y: box.top + y };
          }
        throw new Error(`no other kelurahan of ${kecamatan} on screen`);
      },
      { skip: highlighted[0]!, kecamatan: target },
    );
    await page.mouse.click(other.x, other.y);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="ranking-table"] tr.selected').length === 1,
    );
    const name = (
      await api<{ features: Array<{ properties: { code: string; name: string } }> }>(
        page,
        `/api/v1/regions/kelurahan?kecamatan=${target}`,
      )
    ).features.find((f) => f.properties.code === other.code)!.properties.name;
    await expect(page.getByTestId('ranking-table').locator('tr.selected').textContent()).resolves.toContain(
      name,
    );

    await page.getByTestId('drill-up').click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('level') === 'kecamatan');
    expect(await page.getByTestId('breadcrumb').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('shows household clusters and, zoomed in, a masked summary of a clicked household', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    await logIn(w, 'b.planner');
    const { page } = w;
    await page.getByTestId('households-toggle').check();
    // The layer has a legend of its own.
    await expect(page.getByTestId('households-legend').textContent()).resolves.toContain('desil 1–4');
    await mapIdle(page, '__sidaksosMap');
    const clusters = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      return map
        .queryRenderedFeatures(undefined, { layers: ['household-clusters'] })
        .reduce((s, f) => s + Number(f.properties.households), 0);
    });
    expect(clusters).toBeGreaterThan(100);

    await page.evaluate(
      (h) =>
        (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap.jumpTo({
          center: [h.lon, h.lat],
          zoom: 17.5,
        }),
      household,
    );
    await mapIdle(page, '__sidaksosMap');
    const at = await page.evaluate((h) => {
      const map = (window as unknown as { __sidaksosMap: import('maplibre-gl').Map }).__sidaksosMap;
      const p = map.project([h.lon, h.lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return {
        x: box.left + p.x,
        y: box.top + p.y,
        points: map.queryRenderedFeatures(undefined, { layers: ['household-points'] }).length,
      };
    }, household);
    expect(at.points).toBeGreaterThan(0);
    await page.mouse.click(at.x, at.y);
    const popup = page.locator('.household-popup');
    await popup.getByText('Desil').waitFor();
    const text = (await popup.textContent()) ?? '';
    expect(text).toMatch(/KK \S+/);
    expect(text).not.toMatch(/[0-9]{16}/); // masked
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('lets OPD staff find unmet households, place sites, run a what-if and download a target list', async () => {
    const w = await openPage(browser);
    await waitForMap(w);
    await logIn(w, 'b.opd');
    const { page } = w;
    expect(await page.getByTestId('households-toggle').count()).toBe(0); // OPD staff see no household locations
    await page.getByTestId('nav-targeting').click();
    const rows = page.getByTestId('unmet-table').locator('tbody tr');
    await rows.first().waitFor();
    const coverage = await api<{ areas: Array<{ code: string; gap: number }> }>(
      page,
      '/api/v1/programs/pkh/coverage?period=2025-12',
    );
    const maxGap = Math.max(...coverage.areas.map((a) => a.gap));
    await expect(rows.first().locator('td').nth(2).textContent()).resolves.toContain(
      new Intl.NumberFormat('id-ID').format(maxGap),
    );

    await page.getByTestId('sites-k').fill('3');
    await page.getByTestId('sites-radius').fill('800');
    await page.getByTestId('sites-run').click();
    await page.getByTestId('sites-table').waitFor();
    const siteRows = await page.getByTestId('sites-table').locator('tbody tr').count();
    expect(siteRows).toBeGreaterThan(0);
    expect(siteRows).toBeLessThanOrEqual(3);
    await mapIdle(page, '__sidaksosTargetingMap');
    const drawn = await page.evaluate(() => {
      const map = (window as unknown as { __sidaksosTargetingMap: import('maplibre-gl').Map })
        .__sidaksosTargetingMap;
      const ranks = (layer: string) =>
        new Set(
          map.queryRenderedFeatures(undefined, { layers: [layer] }).map((f) => Number(f.properties.rank)),
        ).size;
      return { points: ranks('overlay-point'), circles: ranks('overlay-fill') };
    });
    expect(drawn).toEqual({ points: siteRows, circles: siteRows }); // a point and a reach circle per site

    await page.getByTestId('whatif-cutoff').fill('2');
    await page.getByTestId('whatif-run').click();
    await page.getByTestId('whatif-summary').waitFor();
    const direct = await page.request.post(`${new URL(page.url()).origin}/api/v1/analysis/what-if`, {
      data: { program: 'pkh', period: '2025-12', rule: { field: 'desil', op: 'lte', value: 2 } },
      headers: {
        'x-csrf-token': await page.evaluate(async () => {
          const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
          return me.csrfToken;
        }),
      },
    });
    const total = ((await direct.json()) as { total: { lost: number } }).total;
    await expect(page.getByTestId('whatif-summary').textContent()).resolves.toContain(
      `−${new Intl.NumberFormat('id-ID').format(total.lost)}`,
    );
    expect(total.lost).toBeGreaterThan(0);

    const href = (await page.getByTestId('target-xlsx').first().getAttribute('href'))!;
    expect(href).toMatch(
      // The download carries the screen's language (a link cannot send Accept-Language).
      /^\/api\/v1\/programs\/pkh\/targets\?area=33\.74\.\d{2}\.\d{4}&period=2025-12&format=xlsx&lang=id$/,
    );
    const file = await page.request.get(`${new URL(page.url()).origin}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
