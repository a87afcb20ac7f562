// Indicators on a hand-made fixture with known answers: values at every level, roll-ups as sums, suppression
// for the public, and an indicator following an edit of a household.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosedCells, smallKnownFigures } from '../support/disclosure.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const A = '33.74.01.1001'; // Miroto, Semarang Tengah
const B = '33.74.01.1002'; // Brumbungan, Semarang Tengah
const C = '33.74.16.1001'; // a kelurahan of Tugu
const FIXTURE: Array<[string, number, number, number]> = [
  // kelurahan, households, of which poor (desil 2), the rest desil 8; then households of 2025-07 (desil 8)
  // merged away as duplicates by 2025-12. A's keep its July difference between registered and poor at k
  // (20 − 10), so the public sees its 10 poor; 12 registered beside 10 poor would single out the other two.
  [A, 12, 10, 8],
  [B, 20, 5, 0],
  [C, 30, 0, 0],
];

interface Values {
  values: Array<{
    code: string;
    numerator: number | null;
    denominator: number | null;
    value: number | null;
    suppressed: boolean;
  }>;
}

describe('indicators', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  const ids = new Map<string, string[]>();

  beforeAll(async () => {
    db = await scratchDatabase('indicators');
    await db.knex('periods').insert([
      { region_code: '33.74', period_code: '2025-07' },
      { region_code: '33.74', period_code: '2025-12' },
    ]);
    for (const period of ['2025-07', '2025-12']) {
      for (const [kel, n, poor, merged] of FIXTURE) {
        const rows = Array.from({ length: n + merged }, (_, i) => ({
          region_code: '33.74',
          period_code: period,
          id: period === '2025-07' ? randomUUID() : ids.get(kel)![i]!,
          kk: `337401010125${String(i + 1).padStart(4, '0')}`,
          kelurahan_code: kel,
          record_source: 'DEMO',
          desil: i < poor ? 2 : 8,
          status: period === '2025-12' && i >= n ? 'merged' : 'active',
        }));
        if (period === '2025-07')
          ids.set(
            kel,
            rows.map((r) => r.id),
          );
        await db.knex('households').insert(rows);
      }
    }
    await db.knex('periods').where({ period_code: '2025-07' }).update({ status: 'finalized' });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const get = async (url: string, session?: TestSession) =>
    app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
  const values = async (url: string, session?: TestSession) => {
    const res = await get(url, session);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Values>().values;
  };
  const at = (vs: Values['values'], code: string) => vs.find((v) => v.code === code)!;

  it('lists the catalogue with labels in both languages', async () => {
    const list = (await get('/api/v1/indicators')).json<
      Array<{ id: string; label: { id: string; en: string }; program: boolean }>
    >();
    for (const id of [
      'poor_households',
      'poverty_density',
      'poor_share',
      'disability_rate',
      'coverage_gap',
      'coverage_gap_share',
      'leakage',
      'invalid_nik_share',
      'unverified_share',
    ]) {
      expect(list.map((d) => d.id)).toContain(id);
    }
    expect(list.find((d) => d.id === 'coverage_gap')!.program).toBe(true);
    expect(list.every((d) => d.label.id && d.label.en)).toBe(true);
  });

  it('computes counts and shares at every level from summed numerators and denominators', async () => {
    const kel = await values('/api/v1/indicators/poor_share?period=2025-12', planner);
    expect(kel).toHaveLength(177);
    expect(at(kel, A)).toMatchObject({ numerator: 10, denominator: 12, suppressed: false });
    expect(at(kel, A).value).toBeCloseTo((100 * 10) / 12, 10);
    expect(at(kel, B)).toMatchObject({ numerator: 5, denominator: 20, value: 25 });
    expect(at(kel, C)).toMatchObject({ numerator: 0, denominator: 30, value: 0 });
    expect(at(kel, '33.74.01.1003')).toMatchObject({ numerator: 0, denominator: 0, value: null }); // no households: null, never NaN
    const kec = await values('/api/v1/indicators/poor_share?period=2025-12&level=kecamatan', planner);
    expect(at(kec, '33.74.01')).toMatchObject({ numerator: 15, denominator: 32 });
    expect(at(kec, '33.74.01').value).toBeCloseTo((100 * 15) / 32, 10); // not the mean of 83.3 and 25
    const city = await values('/api/v1/indicators/poor_households?period=2025-12&level=city', planner);
    expect(city).toEqual([expect.objectContaining({ code: '33.74', numerator: 15, value: 15 })]);
  });

  it('divides by the stored area for densities', async () => {
    const area = (
      await db
        .knex('area_boundaries as b')
        .join('boundary_sets as s', 's.id', 'b.boundary_set_id')
        .where({ 's.active': true, 'b.area_code': A })
        .first<{ area_km2: number }>('b.area_km2')
    ).area_km2;
    const kel = await values('/api/v1/indicators/poverty_density?period=2025-12', planner);
    expect(at(kel, A).value).toBeCloseTo(10 / area, 10);
  });

  it('follows an edit of a household in the open period', async () => {
    expect(at(await values('/api/v1/indicators/poor_households?period=2025-12', planner), B).value).toBe(5);
    // A write from outside this process (here: direct SQL) reaches the app by database notification.
    await db
      .knex('households')
      .where({ period_code: '2025-12', id: ids.get(B)![19]! })
      .update({ desil: 1 });
    let seen: number | null = null;
    for (let i = 0; i < 100 && seen !== 6; i++) {
      seen = at(await values('/api/v1/indicators/poor_households?period=2025-12', planner), B).value;
      if (seen !== 6) await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe(6);
  });

  it('serves a repeated public answer from memory, without a database query', async () => {
    const url = '/api/v1/indicators/poor_share?period=2025-07';
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    let queries = 0;
    const count = () => queries++;
    db.knex.on('query', count);
    try {
      // The first answer may have refreshed the summaries, and that change's notification starts a new
      // generation; once settled, a repeated request is answered from memory.
      let again = first;
      for (let i = 0; i < 50; i++) {
        queries = 0;
        again = await get(url);
        if (queries === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(queries).toBe(0);
      expect(again.body).toBe(first.body);
    } finally {
      db.knex.off('query', count);
    }
  });

  it('suppresses small cells for the public, in a way totals cannot undo', async () => {
    const levels = await Promise.all(
      (['kelurahan', 'kecamatan', 'city'] as const).map((l) =>
        values(`/api/v1/indicators/poor_households?period=2025-07&level=${l}`),
      ),
    );
    const all = levels.flat();
    expect(at(all, B)).toMatchObject({ suppressed: true, value: null, numerator: null });
    expect(at(all, A)).toMatchObject({ suppressed: false, value: 10 });
    for (const v of all) if (v.value !== null) expect(v.value === 0 || v.value >= 10).toBe(true);
    const parentOf = (code: string) =>
      code.length === 13 ? code.slice(0, 8) : code.length === 8 ? '33.74' : null;
    const hidden = new Set(all.filter((v) => v.suppressed).map((v) => v.code));
    expect(hidden.size).toBeGreaterThan(1); // B and a complement
    expect(
      disclosedCells(
        all.map((v) => ({ code: v.code, parent: parentOf(v.code) })),
        hidden,
      ),
    ).toEqual([]);
    // With the registered counts the public stats give beside them, and each difference registered − poor:
    // nothing known or worked out counts between 1 and k − 1 (A: 20 registered, 10 poor; B hidden).
    const registered = new Map<string, number | null>();
    for (const l of ['kelurahan', 'kecamatan', 'city'])
      for (const a of (await get(`/api/v1/stats/households?period=2025-07&level=${l}`)).json<{
        areas: Array<{ code: string; households: number | null }>;
      }>().areas)
        registered.set(a.code, a.households);
    expect(registered.get(A)).toBe(20);
    const knowledge = {
      cells: all.map((v) => ({ code: v.code, parent: parentOf(v.code) })),
      published: new Map([
        ['poor', new Map(all.map((v) => [v.code, v.numerator]))],
        ['households', registered],
      ]),
      complements: [['poor', 'households']] as const,
    };
    expect(smallKnownFigures(knowledge, 10)).toEqual([]);
  });

  it('answers the household stats as public output for staff too: finalized periods, small cells hidden', async () => {
    expect((await get('/api/v1/stats/households?period=2025-12', planner)).statusCode).toBe(404);
    const res = await get('/api/v1/stats/households?level=kelurahan', planner);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      period: string;
      areas: Array<{ code: string; households: number | null; poor: number | null }>;
    }>();
    expect(body.period).toBe('2025-07');
    expect(body.areas.find((a) => a.code === B)).toMatchObject({
      households: 20,
      poor: null,
      suppressed: { households: false, poor: true },
    });
    // The same poor count as the poor_households indicator: one roll-up for both.
    expect(body.areas.find((a) => a.code === A)).toMatchObject({ households: 20, poor: 10 });
  });

  it('shows the public finalized periods only', async () => {
    expect((await get('/api/v1/indicators/poor_households?period=2025-12')).statusCode).toBe(404);
    const latest = (await get('/api/v1/indicators/poor_households')).json<{ period: string }>();
    expect(latest.period).toBe('2025-07');
  });

  it('serves GeoJSON for GIS tools with the values in the properties', async () => {
    const res = await get('/api/v1/indicators/poor_households?period=2025-12&format=geojson', planner);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json<{
      features: Array<{
        id: string;
        properties: { value: number; indicator: string };
        geometry: { type: string };
      }>;
    }>();
    expect(fc.features).toHaveLength(177);
    expect(fc.features.find((f) => f.id === A)!.properties).toMatchObject({
      value: 10,
      indicator: 'poor_households',
    });
  });

  it('narrows every format to a drilled kecamatan, keeping the city-wide values', async () => {
    const kec = A.slice(0, 8);
    const city = (await get('/api/v1/indicators/poor_households?period=2025-12', planner)).json<{
      values: Array<{ code: string; value: number | null; suppressed: boolean }>;
    }>();
    const own = city.values.filter((v) => v.code.startsWith(`${kec}.`));
    const res = await get(`/api/v1/indicators/poor_households?period=2025-12&kecamatan=${kec}`, planner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ values: unknown[] }>().values).toEqual(own);
    const fc = (
      await get(`/api/v1/indicators/poor_households?period=2025-12&kecamatan=${kec}&format=geojson`, planner)
    ).json<{ features: Array<{ id: string }> }>();
    expect(fc.features.map((f) => f.id).sort()).toEqual(own.map((v) => v.code).sort());
    const csv = await get(
      `/api/v1/indicators/poor_households?period=2025-12&kecamatan=${kec}&format=csv&lang=en`,
      planner,
    );
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toContain(kec);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines.filter((l) => l.includes(`${kec}.`))).toHaveLength(own.length);
    expect(lines.some((l) => /33\.74\.\d{2}\.\d{4}/.test(l) && !l.includes(`${kec}.`))).toBe(false);
    expect((await get('/api/v1/indicators/poor_households?kecamatan=33.74', planner)).statusCode).toBe(400);
  });

  it('adds the change against an earlier period', async () => {
    const res = await get('/api/v1/indicators/poor_households?period=2025-12&compare=2025-07', planner);
    expect(res.statusCode, res.body).toBe(200);
    const b = res
      .json<{ values: Array<{ code: string; value: number; previous: number; change: number }> }>()
      .values.find((v) => v.code === B)!;
    expect(b).toMatchObject({ value: 6, previous: 5, change: 1 }); // the edit in an earlier test: one more poor household
    expect(
      (await get('/api/v1/indicators/poor_households?period=2025-07&compare=2025-12', planner)).statusCode,
    ).toBe(400);
  });

  it('counts flows between periods exactly (runs last: it edits the open period)', async () => {
    const [a1, a2] = ids.get(A)!;
    const [c1] = ids.get(C)!;
    await db.knex('households').where({ period_code: '2025-12', id: a1 }).update({ status: 'moved_out' });
    await db.knex('households').where({ period_code: '2025-12', id: a2 }).update({ kelurahan_code: C });
    await db.knex('households').where({ period_code: '2025-12', id: c1 }).delete();
    await db.knex('households').insert({
      region_code: '33.74',
      period_code: '2025-12',
      id: randomUUID(),
      kk: '3374160101259999',
      kelurahan_code: C,
      record_source: 'DEMO',
      desil: 9,
    });
    const res = await get('/api/v1/flows?from=2025-07&to=2025-12&level=kelurahan', planner);
    expect(res.statusCode, res.body).toBe(200);
    const areas = res.json<{ areas: Array<{ code: string; flows: Record<string, number> }> }>().areas;
    const f = (code: string) => areas.find((x) => x.code === code)!.flows;
    expect(f(A)).toMatchObject({ moved_away: 1, moved_out: 1, entered: 0, died: 0 });
    expect(f(B)).toMatchObject({ entered_poverty: 1, left_poverty: 0 }); // the edit above: desil 8 → 1
    expect(f(C)).toMatchObject({ entered: 1, moved_in: 1, left_registry: 1 });
    const city = (await get('/api/v1/flows?from=2025-07&to=2025-12&level=city', planner)).json<{
      areas: Array<{ flows: Record<string, number> }>;
    }>();
    expect(city.areas[0]!.flows).toMatchObject({
      moved_away: 1,
      moved_out: 1,
      moved_in: 1,
      entered: 1,
      left_registry: 1,
      entered_poverty: 1,
    });
    expect((await get('/api/v1/flows?from=2025-07&to=2025-12')).statusCode).toBe(404); // the public: finalized only
    expect((await get('/api/v1/flows?from=2025-12&to=2025-07', planner)).statusCode).toBe(400);
  });

  it.each([
    ['/api/v1/indicators/nope', 404, 'No indicator nope'],
    ['/api/v1/indicators/coverage_gap', 400, 'needs ?program='],
    ['/api/v1/indicators/poor_share?program=pkh', 400, 'takes no program'],
    ['/api/v1/indicators/poor_share?period=2031-07', 404, 'No period 2031-07'],
    ['/api/v1/indicators/poor_share?level=rt', 400, 'querystring.level'],
  ])('%s → %i', async (url, status, detail) => {
    const res = await get(url, planner);
    expect(res.statusCode).toBe(status);
    expect(res.json<{ detail: string }>().detail).toContain(detail);
  });
});

describe('area profile', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await scratchDatabase('profile');
    const { seedRegistry } = await import('../../server/demo/seed-registry.ts');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1500,
      seed: 21,
      periods: ['2025-07', '2025-12'],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  interface Profile {
    name: string;
    level: string;
    period: string;
    figures: Array<{ indicator: string; value: number | null; suppressed: boolean }>;
    needs: unknown[];
    programs: Array<{ program: string }>;
    trend: Array<{ period: string }>;
  }

  it('gives a kecamatan its key figures, needs, programs and trend, matching the indicator API', async () => {
    const planner = await login(app, 't.planner');
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/areas/33.74.02/profile?period=2025-12',
      headers: { cookie: planner.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json<Profile>();
    expect(p).toMatchObject({ name: 'Semarang Utara', level: 'kecamatan', period: '2025-12' });
    expect(p.trend.map((t) => t.period)).toEqual(['2025-07', '2025-12']);
    expect(p.needs.length).toBeGreaterThan(5);
    expect(new Set(p.programs.map((x) => x.program))).toEqual(
      new Set(['pkh', 'bpnt', 'pbi_jk', 'kip', 'rtlh', 'aspd']),
    );
    const viaMap = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/indicators/poor_share?period=2025-12&level=kecamatan',
        headers: { cookie: planner.cookie },
      })
    )
      .json<Values>()
      .values.find((v) => v.code === '33.74.02')!;
    expect(p.figures.find((f) => f.indicator === 'poor_share')!.value).toBe(viaMap.value);
  });

  it('shows the public finalized periods only, with the same suppression as the map', async () => {
    const p = (await app.inject('/api/v1/areas/33.74.02.1008/profile')).json<Profile>();
    expect(p.period).toBe('2025-07');
    expect(p.trend.map((t) => t.period)).toEqual(['2025-07']);
    const map = (await app.inject('/api/v1/indicators/poor_households?level=kelurahan'))
      .json<Values>()
      .values.find((v) => v.code === '33.74.02.1008')!;
    expect(p.figures.find((f) => f.indicator === 'poor_households')).toMatchObject({
      value: map.value,
      suppressed: map.suppressed,
    });
    expect((await app.inject('/api/v1/areas/33.74.02.1008/profile?period=2025-12')).statusCode).toBe(404);
    expect((await app.inject('/api/v1/areas/33.74.99/profile')).statusCode).toBe(404);
    expect((await app.inject("/api/v1/areas/33.74'--/profile")).statusCode).toBe(400);
  });
});
