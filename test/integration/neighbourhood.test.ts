// Below the kelurahan (#20 items 2 and 5): the RT/RW table sums to the kelurahan's own figures and each RW's
// count is the registry's; the musyawarah kelurahan PDF lists the kelurahan's (or one RW's) households by
// name with NIK and KK masked and no address (text read back from the PDF); both are audited; operators see
// only their kelurahan, OPD staff and the public neither.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { readPdf } from '../support/pdf-pages.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
/** The test operator's kelurahan. */
const KEL = '33.74.02.1008';

interface Cell {
  numerator: number;
  denominator: number | null;
  value: number | null;
}
interface Row {
  rt: number | null;
  households: number;
  persons: number;
  values: Record<string, Cell>;
}
interface Table {
  period: string;
  kelurahan: { code: string; name: string };
  indicators: Array<{ id: string }>;
  total: Row;
  rws: Array<Row & { rw: number | null; rts: Row[] }>;
}

describe('RT/RW detail and the musyawarah kelurahan list', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  let opd: TestSession;
  let other: string;

  const get = (url: string, s?: TestSession) =>
    app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });

  beforeAll(async () => {
    db = await scratchDatabase('neighbourhood');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1200,
      seed: 31,
      periods: ['2025-07', PERIOD],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    [admin, operator, opd] = [
      await login(app, 't.admin'),
      await login(app, 't.operator'),
      await login(app, 't.opd'),
    ];
    other =
      (
        await db
          .knex('households')
          .where({ period_code: PERIOD, status: 'active' })
          .whereNot('kelurahan_code', KEL)
          .first<{ kelurahan_code: string }>('kelurahan_code')
      )?.kelurahan_code ?? '';
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('adds RT up to RW and RW up to the kelurahan, equal to the registry and the kelurahan indicators', async () => {
    const res = await get(`/api/v1/areas/${KEL}/rt-rw?period=${PERIOD}`, operator);
    expect(res.statusCode, res.body).toBe(200);
    const table = res.json<Table>();
    expect(table.kelurahan.code).toBe(KEL);
    expect(table.indicators.map((i) => i.id)).toContain('poor_share');
    expect(table.indicators.map((i) => i.id)).not.toContain('poverty_density');
    const perRw = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .groupBy('rw')
      .select<Array<{ rw: number | null; n: number }>>('rw', db.knex.raw('count(*)::int as n'));
    expect(perRw.length).toBeGreaterThan(1);
    for (const { rw, n } of perRw) {
      const row = table.rws.find((r) => r.rw === rw);
      expect(row?.households, `RW ${rw}`).toBe(n);
      expect(row!.rts.reduce((s, rt) => s + rt.households, 0)).toBe(n);
      const poor = row!.rts.reduce((s, rt) => s + rt.values.poor_households!.numerator, 0);
      expect(row!.values.poor_households!.numerator).toBe(poor);
    }
    expect(table.total.households).toBe(perRw.reduce((s, r) => s + r.n, 0));
    // The kelurahan's own (staff) figures, from the indicator summaries.
    const ind = await get(`/api/v1/indicators/poor_share?period=${PERIOD}&level=kelurahan`, admin);
    expect(ind.statusCode, ind.body).toBe(200);
    const area = ind
      .json<{ values: Array<{ code: string; numerator: number | null; denominator: number | null }> }>()
      .values.find((v) => v.code === KEL)!;
    expect(table.total.values.poor_share!.numerator).toBe(area.numerator);
    expect(table.total.values.poor_share!.denominator).toBe(area.denominator);
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'rt_rw_table' })
      .orderBy('id', 'desc')
      .first<{ action: string; username: string } | undefined>();
    expect(audit).toMatchObject({ action: 'read', username: 't.operator' });
  });

  it('downloads the table in the language asked for', async () => {
    const res = await get(`/api/v1/areas/${KEL}/rt-rw?period=${PERIOD}&format=csv&lang=en`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`sidaksos-rt-rw-${KEL}-${PERIOD}.csv`);
    const lines = res.body.split('\n');
    expect(lines[0]).toContain('RT/RW detail');
    expect(lines[1]).toContain('Households');
    expect(lines[1]).toContain('Poor share of registered households');
    const exported = await db
      .knex('audit_log')
      .where({ entity: 'rt_rw_table', action: 'export' })
      .first<{ id: number } | undefined>();
    expect(exported).toBeDefined();
  });

  it('keeps both to staff who may see the kelurahan’s records', async () => {
    for (const path of ['rt-rw', 'muskel.pdf']) {
      expect((await get(`/api/v1/areas/${KEL}/${path}`)).statusCode).toBe(401);
      expect((await get(`/api/v1/areas/${KEL}/${path}`, opd)).statusCode).toBe(403);
      const elsewhere = await get(`/api/v1/areas/${other}/${path}?period=${PERIOD}`, operator);
      expect(elsewhere.statusCode).toBe(404);
      expect((await get(`/api/v1/areas/${other}/${path}?period=${PERIOD}`, admin)).statusCode).toBe(200);
    }
    // A kecamatan is not a kelurahan.
    expect((await get(`/api/v1/areas/33.74.02/rt-rw`, admin)).statusCode).toBe(400);
  });

  it('prints the meeting list with names and RT/RW, NIK and KK masked and no address, and audits the print', async () => {
    const rows = await db
      .knex('households as h')
      .join('members as m', function () {
        this.on('m.household_id', 'h.id').andOn('m.period_code', 'h.period_code');
      })
      .where({ 'h.period_code': PERIOD, 'h.kelurahan_code': KEL, 'h.status': 'active' })
      .where('m.relation', 'kepala_keluarga')
      .select<
        Array<{
          id: string;
          kk: string;
          rw: number;
          address: string | null;
          name: string;
          nik: string | null;
        }>
      >('h.id', 'h.kk', 'h.rw', 'h.address', 'm.name', 'm.nik');
    const rw = rows[0]!.rw;
    const inRw = rows.filter((r) => r.rw === rw);
    const res = await get(`/api/v1/areas/${KEL}/muskel.pdf?period=${PERIOD}&rw=${rw}`, operator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await readPdf(res.rawPayload);
    const text = pages.map((p) => p.text).join(' ');
    const squashed = pages.map((p) => p.squashed).join('');
    expect(text).toContain('Daftar musyawarah kelurahan');
    expect(text).toContain('Keputusan');
    for (const r of inRw) expect(squashed, r.name).toContain(r.name.replace(/\s+/g, ''));
    // Other RWs' households are not on one RW's list.
    const elsewhere = rows.filter((r) => r.rw !== rw && !inRw.some((i) => i.name === r.name));
    for (const r of elsewhere.slice(0, 5)) expect(squashed).not.toContain(r.name.replace(/\s+/g, ''));
    expect(squashed).not.toMatch(/[0-9]{16}/);
    for (const r of inRw) {
      expect(squashed).not.toContain(r.kk);
      if (r.nik) expect(squashed).not.toContain(r.nik);
      if (r.address) expect(squashed).not.toContain(r.address.replace(/\s+/g, ''));
      expect(squashed).toContain(`${r.kk.slice(0, 4)}••••••••${r.kk.slice(12)}`);
    }
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'muskel_list', username: 't.operator' })
      .orderBy('id', 'desc')
      .first<{ action: string; username: string; entity_ids: string[] }>();
    expect(audit).toMatchObject({ action: 'export', username: 't.operator' });
    expect([...audit.entity_ids].sort()).toEqual(inRw.map((r) => r.id).sort());
  });

  it('prints the whole kelurahan in English, RW by RW', async () => {
    const res = await get(`/api/v1/areas/${KEL}/muskel.pdf?period=${PERIOD}&lang=en`, admin);
    expect(res.statusCode).toBe(200);
    const text = (await readPdf(res.rawPayload)).map((p) => p.text).join(' ');
    expect(text).toContain('Kelurahan meeting list');
    expect(text).toContain('Head of family');
    const rws = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .whereNotNull('rw')
      .distinct('rw')
      .pluck<number[]>('rw');
    for (const rw of rws) expect(text).toContain(`RW ${String(rw).padStart(3, '0')}`);
  });
});
