// Target lists for the city, a kecamatan or a kelurahan, paged and sorted by priority (#16 task 10), on a
// fixture whose counts are known: every page is masked and audited with exactly the households it hands out,
// and coverage counts the leakage (enrolled, not eligible) the coverage tab shows (#16 task 11).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../server/repositories/index.ts';
import { coverageArea } from '../../server/services/program-service.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';

interface TargetList {
  area: string;
  total: number;
  offset: number;
  sort: string;
  truncated: boolean;
  targets: Array<{ id: string; kk: string; desil: number | null; kelurahanCode: string }>;
}

describe('target lists by area, paged', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  let opd: TestSession;
  let operator: TestSession;
  // Two kelurahan of one kecamatan and one of another: unmet (desil 1–4, not enrolled), enrolled eligible,
  // and enrolled but desil 8 (leakage).
  let fixture: Array<{ kel: string; unmet: number; enrolled: number; leakage: number }>;
  let serial = 0;

  beforeAll(async () => {
    db = await scratchDatabase('program_targets');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    const kels = await db
      .knex('areas')
      .where('code', 'like', '33.74.01.%')
      .orderBy('code')
      .limit(2)
      .pluck<string[]>('code');
    fixture = [
      { kel: kels[0]!, unmet: 25, enrolled: 3, leakage: 2 },
      { kel: kels[1]!, unmet: 8, enrolled: 0, leakage: 0 },
      { kel: '33.74.16.1001', unmet: 12, enrolled: 1, leakage: 1 },
    ];
    for (const f of fixture) {
      const rows = Array.from({ length: f.unmet + f.enrolled + f.leakage }, (_, i) => ({
        region_code: '33.74',
        period_code: PERIOD,
        id: randomUUID(),
        kk: `337401010125${String(++serial).padStart(4, '0')}`,
        kelurahan_code: f.kel,
        record_source: 'DEMO',
        desil: i < f.unmet + f.enrolled ? 1 + (i % 4) : 8,
        address: `Jl. Uji ${i}`,
      }));
      await db.knex('households').insert(rows);
      const enrolled = rows.slice(f.unmet);
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
    operator = await login(app, 't.operator');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const get = (url: string, s: TestSession = opd) =>
    app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const list = async (query: string, s: TestSession = opd) => {
    const res = await get(`/api/v1/programs/pkh/targets?period=${PERIOD}&${query}`, s);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TargetList>();
  };
  /** Every page of a list, in order. */
  const allPages = async (query: string, limit: number) => {
    const pages: TargetList[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await list(`${query}&limit=${limit}&offset=${offset}`);
      pages.push(page);
      if (!page.truncated) return pages;
    }
  };
  const lastAudit = () =>
    db
      .knex('audit_log')
      .where({ entity: 'target_list', username: 't.opd' })
      .orderBy('id', 'desc')
      .first<{ action: string; entity_ids: string[]; changes: Record<string, unknown> }>(
        'action',
        'entity_ids',
        'changes',
      );

  it('pages the whole city beyond 15 rows, without overlap, each page audited with its own households', async () => {
    const unmet = fixture.reduce((n, f) => n + f.unmet, 0);
    const first = await list('limit=20&offset=0');
    expect(first).toMatchObject({ area: '33.74', total: unmet, offset: 0, truncated: true });
    expect(first.targets).toHaveLength(20);
    expect(first.targets.every((t) => !/^[0-9]{16}$/.test(t.kk))).toBe(true);
    const logged = await lastAudit();
    expect(logged.action).toBe('read');
    expect([...logged.entity_ids].sort()).toEqual(first.targets.map((t) => t.id).sort());
    expect(logged.changes).toMatchObject({ area: '33.74', offset: 0, rows: 20 });

    const pages = await allPages('', 20);
    expect(pages.map((p) => p.targets.length)).toEqual([20, 20, unmet - 40]);
    const ids = pages.flatMap((p) => p.targets.map((t) => t.id));
    expect(new Set(ids).size).toBe(unmet);
    expect((await lastAudit()).changes).toMatchObject({ offset: 40, rows: unmet - 40 });
  });

  it('narrows to a kecamatan and to a kelurahan, with their own totals', async () => {
    const kecamatan = await list('area=33.74.01&limit=10');
    expect(kecamatan.total).toBe(fixture[0]!.unmet + fixture[1]!.unmet);
    expect(kecamatan.targets.every((t) => t.kelurahanCode.startsWith('33.74.01.'))).toBe(true);
    const kelurahan = await allPages(`area=${fixture[0]!.kel}`, 10);
    expect(kelurahan.map((p) => p.total)).toEqual([25, 25, 25]);
    expect(kelurahan.flatMap((p) => p.targets).every((t) => t.kelurahanCode === fixture[0]!.kel)).toBe(true);
  });

  it('sorts by priority: lowest desil first across pages', async () => {
    const pages = await allPages('sort=priority', 16);
    const desil = pages.flatMap((p) => p.targets.map((t) => t.desil!));
    expect(desil).toEqual([...desil].sort((a, b) => a - b));
    expect(desil[0]).toBe(1);
    expect(pages[0]!.sort).toBe('priority');
    expect((await list('limit=5')).sort).toBe('area');
  });

  it('says how long the list is on a page past its end', async () => {
    const past = await list(`area=${fixture[1]!.kel}&limit=10&offset=50`);
    expect(past).toMatchObject({ total: 8, truncated: false, targets: [] });
  });

  it('exports the whole list as a file whatever page the screen shows, and audits the export', async () => {
    const res = await get(
      `/api/v1/programs/pkh/targets?area=33.74.01&period=${PERIOD}&format=csv&limit=5&sort=priority`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.body.split('\r\n').filter((l) => l.includes('Jl. Uji'));
    expect(rows).toHaveLength(33);
    const logged = await lastAudit();
    expect(logged.action).toBe('export');
    expect(logged.entity_ids).toHaveLength(33);
  });

  it('refuses bad pages, other programs and roles without target lists', async () => {
    expect((await get(`/api/v1/programs/pkh/targets?limit=501`)).statusCode).toBe(400);
    expect((await get(`/api/v1/programs/pkh/targets?limit=0`)).statusCode).toBe(400);
    expect((await get(`/api/v1/programs/pkh/targets?sort=kk`)).statusCode).toBe(400);
    expect((await get(`/api/v1/programs/rtlh/targets?limit=10`)).statusCode).toBe(404);
    expect((await get(`/api/v1/programs/pkh/targets?limit=10`, operator)).statusCode).toBe(403);
    expect((await list('limit=10', planner)).total).toBe(45);
  });

  it('counts the gap and the leakage per kelurahan that the coverage tab maps', async () => {
    const res = await get(`/api/v1/programs/pkh/coverage?period=${PERIOD}`);
    const areas = res.json<{ areas: Array<{ code: string; gap: number; leakage: number }> }>().areas;
    for (const f of fixture)
      expect(areas.find((a) => a.code === f.kel)).toMatchObject({ gap: f.unmet, leakage: f.leakage });
  });

  it('answers coverage from the refreshed summaries, equal to computing it live, and follows a write', async () => {
    const programs = createRepositories(db.knex).programs;
    const live = async () =>
      (await programs.coverage('33.74', PERIOD, (await programs.find('33.74', 'pkh', {}))!)).map(
        coverageArea,
      );
    const served = async () =>
      (await get(`/api/v1/programs/pkh/coverage?period=${PERIOD}`)).json<{ areas: unknown[] }>().areas;
    expect(await served()).toEqual(await live());
    // An enrolment ended by a write: the next answer has it (the summaries refresh that kelurahan).
    const before = await live();
    const ended = await db
      .knex('enrolments')
      .where({ period_code: PERIOD, program_code: 'pkh' })
      .first<{ household_id: string }>('household_id');
    await db
      .knex('enrolments')
      .where({ period_code: PERIOD, program_code: 'pkh', household_id: ended.household_id })
      .delete();
    const after = await live();
    expect(after).not.toEqual(before);
    expect(await served()).toEqual(after);
  });
});
