// Coarsening and the small-base flag on the generated test city (issue #18): on a public disability map most
// kelurahan are suppressed; those whose kecamatan is published show that kecamatan's public value, marked, in
// JSON, GeoJSON and the CSV, while exactly the same kelurahan cells stay null as the disclosure path decides
// without any coarsening. Staff see every value, no coarsening, but the same uncertain flags.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { areaHierarchy, publish, rollUp } from '../../server/domain/disclosure-control.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const SMALL = 30; // the SMALL_DENOMINATOR default

interface Value {
  code: string;
  name: string;
  parent: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
  uncertain: boolean;
  coarsened: { level: string; code: string; value: number } | null;
}
interface Answer {
  smallDenominator: number;
  uncertaintyBase: string | null;
  values: Value[];
}

describe('coarsening and uncertainty', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  const k = testConfig().suppressionK;

  const get = async (url: string, session?: TestSession) => {
    const res = await app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res;
  };
  const answer = async (url: string, session?: TestSession) => (await get(url, session)).json<Answer>();

  beforeAll(async () => {
    db = await scratchDatabase('coarsening');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 3000, seed: 3, periods: [PERIOD] });
    await db.knex('periods').where({ region_code: '33.74' }).update({ status: 'finalized' });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    planner = await login(app, 't.planner');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('shows the public kecamatan value across suppressed kelurahan, un-suppressing none', async () => {
    const url = `/api/v1/indicators/disability_rate?period=${PERIOD}`;
    const pub = await answer(`${url}&level=kelurahan`);
    const kecamatan = new Map((await answer(`${url}&level=kecamatan`)).values.map((v) => [v.code, v]));
    const staff = (await answer(`${url}&level=kelurahan`, planner)).values;

    const suppressed = pub.values.filter((v) => v.suppressed);
    const coarsened = pub.values.filter((v) => v.coarsened !== null);
    expect(suppressed.length).toBeGreaterThan(pub.values.length / 2); // the "mostly grey" map
    expect(coarsened.length).toBeGreaterThan(suppressed.length / 2);
    for (const v of pub.values) {
      const parent = kecamatan.get(v.parent!)!;
      if (v.suppressed && !parent.suppressed) {
        // The coarsened value is the kecamatan row the public already gets, nothing more.
        expect(v.coarsened).toEqual({ level: 'kecamatan', code: parent.code, value: parent.value });
      } else expect(v.coarsened, v.code).toBeNull();
      if (v.coarsened) expect([v.numerator, v.denominator, v.value], v.code).toEqual([null, null, null]);
    }

    // The null cells are exactly those the disclosure path hides with no coarsening at all: the suppression
    // recomputed here from the staff's full counts over the same hierarchy.
    const areas: Array<{
      code: string;
      name: string;
      level: 'kecamatan' | 'kelurahan';
      parent_code: string | null;
    }> = [
      ...[...kecamatan.values()].map((v) => ({
        code: v.code,
        name: v.name,
        level: 'kecamatan' as const,
        parent_code: null,
      })),
      ...staff.map((v) => ({
        code: v.code,
        name: v.name,
        level: 'kelurahan' as const,
        parent_code: v.parent,
      })),
    ];
    const hierarchy = areaHierarchy({ code: '33.74', name: 'Kota Semarang' }, areas);
    const totals = rollUp(
      hierarchy,
      staff.map((v) => ({ code: v.code, counts: { disabled: v.numerator!, persons: v.denominator! } })),
    );
    const hiddenByPublish = publish(totals, ['disabled', 'persons'], 'kelurahan', k)
      .filter((a) => a.hidden.length > 0)
      .map((a) => a.code)
      .sort();
    expect(
      pub.values
        .filter((v) => v.value === null)
        .map((v) => v.code)
        .sort(),
    ).toEqual(hiddenByPublish);
    expect(suppressed.map((v) => v.code).sort()).toEqual(hiddenByPublish);

    // Staff: every value, never a coarsening.
    expect(staff.every((v) => v.coarsened === null && !v.suppressed)).toBe(true);
  });

  it('flags values on a small base for staff and the public alike', async () => {
    const url = `/api/v1/indicators/poor_share?period=${PERIOD}&level=kelurahan`;
    const staff = await answer(url, planner);
    const pub = await answer(url);
    expect(staff.smallDenominator).toBe(SMALL);
    expect(staff.uncertaintyBase).toBe('households');
    for (const v of staff.values)
      expect(v.uncertain, v.code).toBe(v.value !== null && v.denominator !== null && v.denominator < SMALL);
    expect(staff.values.some((v) => v.uncertain)).toBe(true);
    expect(staff.values.some((v) => v.value !== null && !v.uncertain)).toBe(true);
    // The public's flags where they see a value are the staff's; hidden values are never flagged.
    const staffFlag = new Map(staff.values.map((v) => [v.code, v.uncertain]));
    for (const v of pub.values) expect(v.uncertain, v.code).toBe(v.value !== null && staffFlag.get(v.code));
    // Plain counts are exact, never flagged.
    const counts = await answer(`/api/v1/indicators/poor_households?period=${PERIOD}`, planner);
    expect(counts.uncertaintyBase).toBeNull();
    expect(counts.values.some((v) => v.uncertain)).toBe(false);
  });

  it('carries both in GeoJSON properties and CSV columns, in the language asked for', async () => {
    const url = `/api/v1/indicators/disability_rate?period=${PERIOD}&level=kelurahan`;
    const json = (await answer(url)).values;
    const fc = (await get(`${url}&format=geojson`)).json<{
      features: Array<{ id: string; properties: Record<string, unknown> }>;
    }>();
    const byCode = new Map(json.map((v) => [v.code, v]));
    expect(fc.features.length).toBe(json.length);
    for (const f of fc.features) {
      const v = byCode.get(f.id)!;
      // Always present, null when not coarsened: stable columns for GIS tools.
      expect(f.properties).toMatchObject({
        coarsened_level: v.coarsened?.level ?? null,
        coarsened_code: v.coarsened?.code ?? null,
        coarsened_value: v.coarsened?.value ?? null,
        uncertain: v.uncertain,
        value: v.value,
      });
    }
    for (const [lang, header, flag] of [
      ['en', 'Kecamatan-level value (kelurahan suppressed)', 'Small denominator'],
      ['id', 'Nilai tingkat kecamatan (disamarkan)', 'Penyebut kecil'],
    ] as const) {
      const csv = (await get(`${url}&format=csv&lang=${lang}`)).body;
      const lines = csv.trim().split(/\r?\n/);
      const head = lines.findIndex((l) => l.includes(header));
      expect(head, csv.slice(0, 400)).toBeGreaterThanOrEqual(0);
      expect(lines[head]).toContain(flag);
      const one = json.find((v) => v.coarsened !== null)!;
      const row = lines.find((l) => l.startsWith(one.code) || l.startsWith(`"${one.code}`))!;
      expect(row, one.code).toBeDefined();
      const cells = row.split(/[,;]/);
      expect(cells.map((c) => c.replaceAll('"', ''))).toContain(String(one.coarsened!.value));
    }
  });
});
