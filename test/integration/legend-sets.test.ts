// Fixed legend sets (#18 item 6) and the area trend (#18 item 5) over HTTP. An admin saves a set (its audit row
// written in the same transaction: with the audit insert refused, nothing is stored); planners and the public
// read but may not write; a refused set says what is wrong in the caller's language; and the one set classifies
// both periods' values of the map. The trend gives the chosen indicator over every period the caller may see
// with the city's value, suppressed for the public exactly as the map is.
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import type { IndicatorValue } from '../../web/src/lib/api.ts';
import { fixedClassification, type LegendSet } from '../../web/src/lib/map/legend-sets.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIODS = ['2025-07', '2025-12'];
const SET = {
  breaks: [10, 20, 30],
  colors: ['#FFFFB2', '#fecc5c', '#fd8d3c', '#e31a1c'],
};

describe('fixed legend sets and the area trend', () => {
  let db: ScratchDatabase;
  let owner: Knex;
  let app: FastifyInstance;
  let admin: TestSession;
  let planner: TestSession;

  beforeAll(async () => {
    db = await scratchDatabase('legend_sets');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1500, seed: 7, periods: PERIODS });
    await createTestUsers(db.knex);
    owner = createKnex({ url: db.ownerUrl, poolMax: 1 });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await owner.destroy();
    await app.close();
    await db.drop();
  });

  const as = (s: TestSession | null, opts: InjectOptions, lang = 'en'): InjectOptions => ({
    ...opts,
    headers: {
      'accept-language': lang,
      ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
    },
  });
  const put = (payload: unknown, who: TestSession | null = admin, lang = 'en', url = 'poor_share') =>
    app.inject(
      as(who, { method: 'PUT', url: `/api/v1/legend-sets/${url}`, payload: payload as object }, lang),
    );
  const list = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/legend-sets' })).json<{ sets: LegendSet[] }>().sets;
  const auditRows = () =>
    db
      .knex('audit_log')
      .where({ entity: 'legend_set' })
      .orderBy('id')
      .select<Array<{ action: string; entity_ids: string[]; username: string | null; changes: unknown }>>(
        'action',
        'entity_ids',
        'username',
        'changes',
      );

  it('lets an admin save a set that everyone reads, with who saved it and when, audited', async () => {
    const res = await put(SET);
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<LegendSet>();
    expect(saved).toMatchObject({
      indicator: 'poor_share',
      program: null,
      breaks: [10, 20, 30],
      colors: ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c'],
      labels: null,
      savedBy: { username: 't.admin' },
    });
    expect(Date.now() - Date.parse(saved.savedAt)).toBeLessThan(60_000);
    expect(await list()).toEqual([saved]); // the public reads it (styling, no person)
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'create', entity_ids: ['poor_share'], username: 't.admin' });
    expect((rows[0]!.changes as { legend_set: unknown[] }).legend_set[0]).toBeNull();

    // Saved again with labels: one set (replaced), an update row with before and after.
    const labels = {
      id: ['rendah', 'sedang', 'tinggi', 'sangat tinggi'],
      en: ['low', 'mid', 'high', 'very high'],
    };
    const again = await put({ ...SET, breaks: [12, 20, 30], labels });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<LegendSet>().labels).toEqual(labels);
    expect((await list()).map((s) => s.breaks)).toEqual([[12, 20, 30]]);
    const after = await auditRows();
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ action: 'update' });
    const pair = (after[1]!.changes as { legend_set: Array<{ breaks: number[] }> }).legend_set;
    expect(pair.map((x) => x.breaks)).toEqual([
      [10, 20, 30],
      [12, 20, 30],
    ]);
  });

  it('refuses planners and the public a write, and stores nothing', async () => {
    const before = await list();
    const p = await put(SET, planner);
    expect(p.statusCode).toBe(403);
    const anon = await put(SET, null); // (undefined would take the default, the admin)
    expect(anon.statusCode).toBe(401);
    const del = await app.inject(as(planner, { method: 'DELETE', url: '/api/v1/legend-sets/poor_share' }));
    expect(del.statusCode).toBe(403);
    expect(await list()).toEqual(before);
  });

  it('says what is wrong with a set in the caller’s language', async () => {
    const cases: Array<[unknown, string, RegExp, RegExp]> = [
      [
        { breaks: [10, 5, 30], colors: SET.colors },
        'legendSet.notAscending',
        /Break 2 \(5\)/,
        /Batas ke-2 \(5\)/,
      ],
      [
        { breaks: [10, 20, 30], colors: SET.colors.slice(0, 3) },
        'legendSet.colorCount',
        /need 4 colours/,
        /memerlukan 4 warna/,
      ],
      [
        { breaks: [10, 20, 30], colors: ['#fff', ...SET.colors.slice(1)] },
        'legendSet.badColor',
        /Colour 1 \("#fff"\)/,
        /Warna ke-1/,
      ],
      [
        { breaks: [], colors: ['#ffffff'] },
        'legendSet.noBreaks',
        /at least one break/,
        /sedikitnya satu batas/,
      ],
      [
        { breaks: Array.from({ length: 12 }, (_, i) => i), colors: Array(13).fill('#ffffff') },
        'legendSet.tooManyBreaks',
        /at most 9 breaks \(10 classes\), not 12/,
        /paling banyak 9 batas/,
      ],
      [
        { ...SET, labels: { id: ['a', 'b'], en: ['a', 'b', 'c', 'd'] } },
        'legendSet.labelCount',
        /one per class \(4\), not 2/,
        /satu per kelas \(4\), bukan 2/,
      ],
    ];
    for (const [body, key, en, id] of cases) {
      const e = await put(body, admin, 'en');
      expect(e.statusCode, key).toBe(400);
      expect(e.headers['content-type']).toContain('application/problem+json');
      expect(e.json<{ detail: string }>().detail, key).toMatch(en);
      const i = await put(body, admin, 'id');
      expect(i.json<{ detail: string; type: string }>().detail, key).toMatch(id);
      expect(i.json<{ type: string }>().type).toBe(e.json<{ type: string }>().type);
    }
    // A hostile size is refused at the door, and the service keeps running.
    const huge = await put({ breaks: Array.from({ length: 100_000 }, (_, i) => i), colors: [] }, admin, 'id');
    expect(huge.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/legend-sets' })).statusCode).toBe(200);
    // A program indicator needs its program; an unknown indicator is named.
    expect((await put(SET, admin, 'en', 'coverage_gap_share')).json<{ detail: string }>().detail).toMatch(
      /program/,
    );
    expect((await put(SET, admin, 'en', 'no_such_indicator')).statusCode).toBe(404);
    expect((await put(SET, admin, 'en', 'coverage_gap_share?program=pkh')).statusCode).toBe(200);
    expect((await list()).map((s) => s.program).sort()).toEqual(['pkh', null].sort());
  });

  it('writes no set when its audit row cannot be written', async () => {
    await owner.raw(
      "alter table audit_log add constraint test_no_legend check (entity <> 'legend_set') not valid",
    );
    try {
      const res = await put({ ...SET, breaks: [1, 2, 3] }, admin, 'en', 'disability_rate');
      expect(res.statusCode).toBe(500);
      const del = await app.inject(as(admin, { method: 'DELETE', url: '/api/v1/legend-sets/poor_share' }));
      expect(del.statusCode).toBe(500);
    } finally {
      await owner.raw('alter table audit_log drop constraint test_no_legend');
    }
    const sets = await list();
    expect(sets.find((s) => s.indicator === 'disability_rate')).toBeUndefined();
    expect(sets.find((s) => s.indicator === 'poor_share')).toBeDefined();
  });

  it('classifies both periods with the one set: the same classes, every kelurahan counted', async () => {
    const set = (await list()).find((s) => s.indicator === 'poor_share')!;
    const classes = [];
    for (const period of PERIODS) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/indicators/poor_share?period=${period}&level=kelurahan`,
        headers: { cookie: planner.cookie },
      });
      expect(res.statusCode, res.body).toBe(200);
      const values = res.json<{ values: IndicatorValue[] }>().values;
      expect(values).toHaveLength(177);
      const c = fixedClassification(set, values, 'id');
      expect(c.counts.reduce((a, b) => a + b, 0)).toBe(values.filter((v) => v.value !== null).length);
      classes.push(c);
    }
    expect(classes[0]!.thresholds).toEqual(classes[1]!.thresholds);
    expect(classes[0]!.labels).toEqual(['rendah', 'sedang', 'tinggi', 'sangat tinggi']);
    expect(classes[1]!.labels).toEqual(classes[0]!.labels);
  });

  it('deletes a set (admin), audited, and answers 404 for one that is not there', async () => {
    const del = await app.inject(as(admin, { method: 'DELETE', url: '/api/v1/legend-sets/poor_share' }));
    expect(del.statusCode, del.body).toBe(204);
    expect((await list()).find((s) => s.indicator === 'poor_share')).toBeUndefined();
    const last = (await auditRows()).at(-1)!;
    expect((last.changes as { legend_set: unknown[] }).legend_set[1]).toBeNull();
    const again = await app.inject(
      as(admin, { method: 'DELETE', url: '/api/v1/legend-sets/poor_share' }, 'id'),
    );
    expect(again.statusCode).toBe(404);
    expect(again.json<{ detail: string }>().detail).toMatch(/Belum ada set legenda tetap untuk poor_share/);
  });

  it('gives an area’s trend of the chosen indicator over the periods the caller may see, with the city', async () => {
    const kel = '33.74.02.1008';
    const staff = await app.inject({
      method: 'GET',
      url: `/api/v1/areas/${kel}/trend?indicator=disability_rate`,
      headers: { cookie: planner.cookie },
    });
    expect(staff.statusCode, staff.body).toBe(200);
    const t = staff.json<{
      indicator: string;
      unit: string;
      points: Array<{ period: string; value: number | null; city: number | null; suppressed: boolean }>;
    }>();
    expect(t.indicator).toBe('disability_rate');
    expect(t.points.map((p) => p.period)).toEqual(PERIODS);
    // The same figures as the indicator endpoint gives for the area and the city.
    for (const p of t.points) {
      const kelValues = (
        await app.inject({
          method: 'GET',
          url: `/api/v1/indicators/disability_rate?period=${p.period}&level=kelurahan`,
          headers: { cookie: planner.cookie },
        })
      ).json<{ values: IndicatorValue[] }>().values;
      const city = (
        await app.inject({
          method: 'GET',
          url: `/api/v1/indicators/disability_rate?period=${p.period}&level=city`,
          headers: { cookie: planner.cookie },
        })
      ).json<{ values: IndicatorValue[] }>().values;
      expect(p.value).toBe(kelValues.find((v) => v.code === kel)!.value);
      expect(p.city).toBe(city[0]!.value);
      expect(p.city).not.toBeNull();
    }
    // The public sees finalized periods only, suppressed as the map is.
    await db.knex('periods').where({ period_code: '2025-07' }).update({ status: 'finalized' });
    const pub = await app.inject({
      method: 'GET',
      url: `/api/v1/areas/${kel}/trend?indicator=poor_households`,
    });
    expect(pub.statusCode, pub.body).toBe(200);
    const pt = pub.json<{ points: Array<{ period: string; value: number | null; suppressed: boolean }> }>();
    expect(pt.points.map((p) => p.period)).toEqual(['2025-07']);
    const map = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/indicators/poor_households?period=2025-07&level=kelurahan',
      })
    ).json<{ values: IndicatorValue[] }>().values;
    const same = map.find((v) => v.code === kel)!;
    expect({ value: pt.points[0]!.value, suppressed: pt.points[0]!.suppressed }).toEqual({
      value: same.value,
      suppressed: same.suppressed,
    });
    // A program indicator needs its program, said in the caller's language.
    const noProgram = await app.inject({
      method: 'GET',
      url: `/api/v1/areas/${kel}/trend?indicator=coverage_gap_share`,
      headers: { 'accept-language': 'id' },
    });
    expect(noProgram.statusCode).toBe(400);
    const unknownArea = await app.inject({
      method: 'GET',
      url: `/api/v1/areas/33.74.99.9999/trend?indicator=poor_share`,
    });
    expect(unknownArea.statusCode).toBe(404);
  });
});
