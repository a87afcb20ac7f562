// The attacker with everything the public can fetch: every public endpoint that counts people or households
// (stats, every indicator and program, flows, area profiles), every level, both published periods, merged
// into one body of knowledge; plus, for every measure the catalogue divides by a count, the difference
// between the two (registered − poor, persons − disabled, eligible − gap …). Nothing they know or can work
// out by subtraction may count between 1 and k − 1.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { smallKnownFigures, type PublicKnowledge } from '../support/disclosure.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIODS = ['2025-07', '2025-12'] as const;
const LEVELS = ['kelurahan', 'kecamatan', 'city'] as const;
const parentOf = (code: string) =>
  code.length === 13 ? code.slice(0, 8) : code.length === 8 ? '33.74' : null;

interface Def {
  id: string;
  numerator: string;
  denominator: string | null;
  program: boolean;
}
interface Value {
  code: string;
  numerator: number | null;
  denominator: number | null;
}

/** What the attacker has learned, one period at a time (periods are not additive). */
class Knowledge {
  readonly published = new Map<string, Map<string, number | null>>();
  readonly codes = new Set<string>();
  readonly complements = new Set<string>();

  learn(measure: string, code: string, v: number | null): void {
    this.codes.add(code);
    const seen = this.published.get(measure) ?? new Map<string, number | null>();
    this.published.set(measure, seen);
    const before = seen.get(code);
    // The same count reached through two endpoints must be the same number (one roll-up for all).
    if (v !== null && before !== null && before !== undefined)
      expect(v, `${measure} ${code}: two answers disagree`).toBe(before);
    if (v !== null || before === undefined) seen.set(code, v);
  }

  forAttack(): PublicKnowledge {
    return {
      cells: [...this.codes].map((code) => ({ code, parent: parentOf(code) })),
      published: this.published,
      complements: [...this.complements].map((c) => c.split('\n') as [string, string]),
    };
  }
}

describe('public disclosure control', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  const k = testConfig().suppressionK;
  const known = new Map<string, Knowledge>(PERIODS.map((p) => [p, new Knowledge()]));

  const json = async <T>(url: string): Promise<T> => {
    const res = await app.inject(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json<T>();
  };

  beforeAll(async () => {
    db = await scratchDatabase('disclosure');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 3000, seed: 3, periods: [...PERIODS] });
    // Both periods published, so the public also sees the flows between them.
    await db.knex('periods').where({ region_code: '33.74' }).update({ status: 'finalized' });
    app = await testApp(db.knex, testConfig());
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('gathers stats, every indicator of every program, flows and area profiles at every level', async () => {
    const catalogue = await json<Def[]>('/api/v1/indicators');
    const programs = (await db
      .knex('programs')
      .where({ region_code: '33.74' })
      .pluck('program_code')) as string[];
    for (const period of PERIODS) {
      const kn = known.get(period)!;
      for (const level of LEVELS) {
        const stats = await json<{
          areas: Array<{ code: string; households: number | null; poor: number | null }>;
        }>(`/api/v1/stats/households?period=${period}&level=${level}`);
        for (const a of stats.areas) {
          kn.learn('households', a.code, a.households);
          kn.learn('poor', a.code, a.poor);
        }
      }
      for (const def of catalogue) {
        for (const program of def.program ? programs : [undefined]) {
          const key = (t: string) => (program ? t.replace('{program}', program) : t);
          const numerator = key(def.numerator);
          // Areas are public and not counts of anyone: a density divides by a known number.
          const denominator = def.denominator && def.denominator !== 'area_km2' ? key(def.denominator) : null;
          if (denominator) kn.complements.add(`${numerator}\n${denominator}`);
          for (const level of LEVELS) {
            const body = await json<{ values: Value[] }>(
              `/api/v1/indicators/${def.id}?period=${period}&level=${level}${program ? `&program=${program}` : ''}`,
            );
            for (const v of body.values) {
              kn.learn(numerator, v.code, v.numerator);
              if (denominator) kn.learn(denominator, v.code, v.denominator);
            }
          }
        }
      }
    }
    // Flows belong to the pair of periods: a knowledge of their own.
    const flows = new Knowledge();
    for (const level of LEVELS) {
      const body = await json<{ areas: Array<{ code: string; flows: Record<string, number | null> }> }>(
        `/api/v1/flows?from=${PERIODS[0]}&to=${PERIODS[1]}&level=${level}`,
      );
      for (const a of body.areas)
        for (const [f, n] of Object.entries(a.flows)) flows.learn(`flow:${f}`, a.code, n);
    }
    known.set('flows', flows);
    // Every area's profile (the panel the map opens), checked against what the map published.
    const latest = known.get(PERIODS[1])!;
    const byId = new Map(catalogue.map((d) => [d.id, d]));
    for (const code of [...latest.codes].sort()) {
      const p = await json<{
        figures: Array<Value & { indicator: string; program: string | null }>;
        needs: Array<Value & { indicator: string; program: string | null }>;
        programs: Array<Value & { indicator: string; program: string | null }>;
      }>(`/api/v1/areas/${code}/profile`);
      for (const f of [...p.figures, ...p.needs, ...p.programs]) {
        const def = byId.get(f.indicator)!;
        const key = (t: string) => (f.program ? t.replace('{program}', f.program) : t);
        latest.learn(key(def.numerator), code, f.numerator);
        if (def.denominator && def.denominator !== 'area_km2')
          latest.learn(key(def.denominator), code, f.denominator);
      }
    }
    expect(latest.codes.size).toBe(177 + 16 + 1);
    expect(latest.complements.size).toBeGreaterThan(10);
  });

  it.each([...PERIODS, 'flows'])('leaves nothing below k to find in %s', (which) => {
    const kn = known.get(which)!;
    const small = smallKnownFigures(kn.forAttack(), k);
    expect(small.slice(0, 10), `${small.length} figures between 1 and ${k - 1}`).toEqual([]);
  });
});
