// Site recommender and what-if on a hand-made fixture whose answers are known: three clusters of unmet PKH
// households (30, 20 and 10) far apart, plus enrolled and non-eligible households that must not count.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
// kelurahan → unmet (desil 2, not enrolled), enrolled (desil 2, enrolled in PKH), rich (desil 8)
const CLUSTERS: Array<{ kel: string; unmet: number; enrolled: number; rich: number }> = [
  { kel: '33.74.01.1001', unmet: 30, enrolled: 5, rich: 8 },
  { kel: '33.74.16.1001', unmet: 20, enrolled: 0, rich: 3 },
  { kel: '33.74.10.1001', unmet: 10, enrolled: 2, rich: 0 },
];

interface SitesAnswer {
  demand: number;
  covered: number;
  coveredShare: number;
  candidates: { kind: string; count: number };
  sites: Array<{
    rank: number;
    lon: number;
    lat: number;
    kelurahan: string;
    marginal: number;
    reach: number;
    cumulative: number;
    label: string;
  }>;
}

describe('targeting tools', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  let opd: TestSession;
  const centre = new Map<string, { lon: number; lat: number }>();

  beforeAll(async () => {
    db = await scratchDatabase('targeting');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    for (const c of CLUSTERS) {
      const { rows } = await db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(
        `select ST_X(p) lon, ST_Y(p) lat from (select ST_PointOnSurface(b.geom) p from area_boundaries b
         join boundary_sets s on s.id = b.boundary_set_id and s.active where b.area_code = ?) q`,
        [c.kel],
      );
      const at = rows[0]!;
      centre.set(c.kel, at);
      const total = c.unmet + c.enrolled + c.rich;
      const households = Array.from({ length: total }, (_, i) => {
        // Within 40 m of the centre: 0.00036° is about 40 m at this latitude.
        const angle = (2 * Math.PI * i) / total;
        return {
          region_code: '33.74',
          period_code: PERIOD,
          id: randomUUID(),
          kk: `337401010125${String(i + 1).padStart(4, '0')}`,
          kelurahan_code: c.kel,
          record_source: 'DEMO',
          desil: i < c.unmet + c.enrolled ? 2 : 8,
          geom: db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [
            at.lon + 0.00036 * Math.cos(angle),
            at.lat + 0.00036 * Math.sin(angle),
          ]),
        };
      });
      await db.knex('households').insert(households);
      const enrolled = households.slice(c.unmet, c.unmet + c.enrolled);
      if (enrolled.length > 0)
        await db.knex('enrolments').insert(
          enrolled.map((h) => ({
            region_code: '33.74',
            period_code: PERIOD,
            id: randomUUID(),
            household_id: h.id,
            program_code: 'pkh',
            source: 'test',
          })),
        );
    }
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    planner = await login(app, 't.planner');
    opd = await login(app, 't.opd');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const post = (url: string, payload: Record<string, unknown>, s: TestSession = planner) =>
    app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  const sites = async (payload: Record<string, unknown>) => {
    const res = await post('/api/v1/analysis/sites', { program: 'pkh', period: PERIOD, ...payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SitesAnswer>();
  };

  it('picks the known optimum from a candidate list, in order of marginal reach', async () => {
    const candidates = [
      { ...centre.get('33.74.10.1001')!, label: 'C' },
      { ...centre.get('33.74.16.1001')!, label: 'B' },
      { ...centre.get('33.74.01.1001')!, label: 'A' },
    ];
    const answer = await sites({ k: 2, radius: 500, candidates: 'points', points: candidates });
    expect(answer.demand).toBe(60); // enrolled and desil 8 households are not demand
    expect(answer.sites.map((s) => [s.label, s.marginal, s.cumulative])).toEqual([
      ['A', 30, 30],
      ['B', 20, 50],
    ]);
    expect(answer.sites[0]).toMatchObject({ rank: 1, kelurahan: '33.74.01.1001', reach: 30 });
    expect(answer.covered).toBe(50);
    expect(answer.coveredShare).toBeCloseTo(50 / 60, 10);
  });

  it('builds grid candidates where the unmet households are and covers all three clusters with k = 3', async () => {
    const answer = await sites({ k: 3, radius: 1000, candidates: 'grid' });
    expect(answer.candidates.kind).toBe('grid');
    expect(answer.candidates.count).toBeGreaterThanOrEqual(3);
    expect(answer.candidates.count).toBeLessThanOrEqual(6); // one or two cells per cluster, none elsewhere
    expect(answer.sites.map((s) => s.marginal)).toEqual([30, 20, 10]);
    expect(answer.covered).toBe(60);
    // Each site is a grid cell's centre within reach of its cluster; with the real, small kelurahan of the
    // city centre that point may lie in a neighbour of the cluster's kelurahan, so distance is what counts.
    answer.sites.forEach((site, i) => {
      const c = centre.get(CLUSTERS[i]!.kel)!;
      const metres = Math.hypot(
        (site.lon - c.lon) * 111_320 * Math.cos((c.lat * Math.PI) / 180),
        (site.lat - c.lat) * 110_574,
      );
      expect(metres, CLUSTERS[i]!.kel).toBeLessThan(1000);
    });
  });

  it('uses a point inside every kelurahan as candidates, and stops when nothing is left to reach', async () => {
    const answer = await sites({ k: 10, radius: 300, candidates: 'kelurahan' });
    expect(answer.candidates.count).toBe(177);
    expect(answer.sites.map((s) => s.marginal)).toEqual([30, 20, 10]);
  });

  it('rejects candidate points outside the region with their index, and bad parameters by schema', async () => {
    const outside = await post('/api/v1/analysis/sites', {
      program: 'pkh',
      k: 1,
      radius: 500,
      candidates: 'points',
      points: [centre.get('33.74.01.1001')!, { lon: 110.0, lat: -7.0 }], // the second is in Kendal
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ points: [1] });
    expect(outside.json<{ detail: string }>().detail).toContain('points[1]');
    for (const bad of [
      { k: 0, radius: 500 },
      { k: 1, radius: 50 },
      { k: 1, radius: 500, candidates: 'hexagons' },
      { k: 1, radius: 500, candidates: 'points' },
    ]) {
      const res = await post('/api/v1/analysis/sites', { program: 'pkh', ...bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
  });

  it('lets OPD staff target their own program only', async () => {
    const own = await post('/api/v1/analysis/sites', { program: 'pkh', k: 1, radius: 500 }, opd);
    expect(own.statusCode, own.body).toBe(200);
    const other = await post('/api/v1/analysis/sites', { program: 'rtlh', k: 1, radius: 500 }, opd);
    expect(other.statusCode).toBe(404);
    const whatIfOther = await post(
      '/api/v1/analysis/what-if',
      { program: 'rtlh', rule: { field: 'desil', op: 'lte', value: 2 } },
      opd,
    );
    expect(whatIfOther.statusCode).toBe(404);
  });

  describe('target lists', () => {
    const get = (url: string, s: TestSession = planner) =>
      app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

    it('lists the unmet households of a kelurahan, masked, and audits the read', async () => {
      const res = await get(`/api/v1/programs/pkh/targets?area=33.74.01.1001&period=${PERIOD}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ targets: Array<{ kk: string; desil: number; kelurahanCode: string }> }>();
      expect(body.targets).toHaveLength(30); // not the 5 enrolled, not the 8 desil-8 households
      expect(body.targets.every((t) => t.desil === 2 && t.kelurahanCode === '33.74.01.1001')).toBe(true);
      expect(body.targets.every((t) => !/^[0-9]{16}$/.test(t.kk))).toBe(true);
      const logged = await db
        .knex('audit_log')
        .where({ entity: 'target_list', username: 't.planner' })
        .orderBy('id', 'desc')
        .first<{ action: string; entity_ids: string[] }>('action', 'entity_ids');
      expect(logged.action).toBe('read');
      expect(logged.entity_ids).toHaveLength(30);
    });

    it('covers a whole kecamatan by its code, and only that kecamatan', async () => {
      const res = await get(`/api/v1/programs/pkh/targets?area=33.74.16&period=${PERIOD}`);
      expect(res.json<{ targets: unknown[] }>().targets).toHaveLength(20);
    });

    it('exports XLSX with who and when in the file, and audits the export', async () => {
      const res = await get(
        `/api/v1/programs/pkh/targets?area=33.74.10.1001&period=${PERIOD}&format=xlsx`,
        opd,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toContain('.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.getCell('A1').text).toMatch(/diekspor oleh t\.opd pada \d{4}-\d{2}-\d{2}T/);
      expect(sheet.rowCount).toBe(2 + 10);
      const logged = await db
        .knex('audit_log')
        .where({ entity: 'target_list', username: 't.opd', action: 'export' })
        .first<{ id: number } | undefined>('id');
      expect(logged).toBeDefined();
    });

    it('refuses another agency’s program and areas outside the region', async () => {
      expect((await get(`/api/v1/programs/rtlh/targets?area=33.74.10.1001`, opd)).statusCode).toBe(404);
      expect((await get(`/api/v1/programs/pkh/targets?area=33.22.10.1001`)).statusCode).toBe(404);
      expect((await get(`/api/v1/programs/pkh/targets?area=33.74`)).statusCode).toBe(400);
    });
  });

  it('downloads the indicator ranking as CSV and XLSX with the same values as JSON', async () => {
    const url = `/api/v1/indicators/coverage_gap?program=pkh&period=${PERIOD}`;
    const json = (await app.inject({ method: 'GET', url, headers: { cookie: planner.cookie } })).json<{
      values: Array<{ code: string; numerator: number }>;
    }>().values;
    const xlsx = await app.inject({
      method: 'GET',
      url: `${url}&format=xlsx`,
      headers: { cookie: planner.cookie },
    });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2 + json.length);
    const row = Array.from({ length: sheet.rowCount }, (_, i) => sheet.getRow(i + 1)).find(
      (r) => r.getCell(1).value === '33.74.01.1001',
    )!;
    expect(row.getCell(4).value).toBe(json.find((v) => v.code === '33.74.01.1001')!.numerator);
    expect(row.getCell(4).value).toBe(30);
    const csv = await app.inject({
      method: 'GET',
      url: `${url}&format=csv`,
      headers: { cookie: planner.cookie },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(
      csv.body.split('\r\n').filter((l) => l.startsWith('"33.74.') || l.startsWith('33.74.')),
    ).toHaveLength(json.length);
  });

  describe('what-if', () => {
    type WhatIf = {
      total: Record<string, number>;
      areas: Array<{ code: string } & Record<string, number>>;
    };
    const whatIf = async (rule: unknown) => {
      const res = await post('/api/v1/analysis/what-if', { program: 'pkh', period: PERIOD, rule });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<WhatIf>();
    };

    it('counts those a stricter rule drops, per area, including the enrolled', async () => {
      const answer = await whatIf({ field: 'desil', op: 'lte', value: 1 });
      expect(answer.total).toEqual({ current: 67, proposed: 0, gained: 0, lost: 67, lostEnrolled: 7 });
      expect(answer.areas.find((a) => a.code === '33.74.01.1001')).toMatchObject({
        current: 35,
        lost: 35,
        lostEnrolled: 5,
      });
      expect(answer.areas).toHaveLength(177);
    });

    it('counts those a wider rule adds, and changes nothing stored', async () => {
      const stored = () =>
        db
          .knex('programs')
          .where({ program_code: 'pkh' })
          .first<{ version: number }>('version', 'eligibility_rule');
      const versionBefore = await stored();
      const answer = await whatIf({ field: 'desil', op: 'lte', value: 9 });
      expect(answer.total).toMatchObject({ current: 67, proposed: 78, gained: 11, lost: 0 });
      expect(answer.areas.find((a) => a.code === '33.74.16.1001')).toMatchObject({ gained: 3 });
      expect(await stored()).toEqual(versionBefore);
    });

    it('rejects a malformed rule with the path of the mistake', async () => {
      const res = await post('/api/v1/analysis/what-if', {
        program: 'pkh',
        rule: {
          all: [
            { field: 'desil', op: 'lte', value: 4 },
            { field: 'income', op: 'lt', value: 1 },
          ],
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ path: string }>().path).toBe('rule.all[1].field');
    });
  });
});
