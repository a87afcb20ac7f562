// #21 item 3: a small write marks only the kelurahan it touches (in its own transaction), the next reader
// recomputes only those, and the result is exactly what a full refresh of the period gives — including the
// city-wide "duplicate NIK" count and the tile cells. Bulk statements still mark the whole period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createRepositories } from '../../server/repositories/index.ts';
import { createServices } from '../../server/services/container.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testConfig } from '../support/test-app.ts';

const REGION = '33.74';
const PERIOD = '2025-12';

describe('summaries refreshed per marked kelurahan', () => {
  let db: ScratchDatabase;
  let indicators: ReturnType<typeof createServices>['indicators'];

  const marks = async (): Promise<string[]> =>
    (
      await db
        .knex('summary_dirty_kelurahan')
        .where({ region_code: REGION, period_code: PERIOD })
        .orderBy('kelurahan_code')
        .select<Array<{ kelurahan_code: string }>>('kelurahan_code')
    ).map((r) => r.kelurahan_code);
  const periodDirty = async (): Promise<boolean> =>
    (
      await db
        .knex('summary_state')
        .where({ region_code: REGION, period_code: PERIOD })
        .first<{ dirty: boolean }>('dirty')
    ).dirty;
  const summaries = async () =>
    db
      .knex('area_summaries')
      .where({ region_code: REGION, period_code: PERIOD })
      .orderBy('kelurahan_code')
      .select<Array<{ kelurahan_code: string; metrics: Record<string, number> }>>(
        'kelurahan_code',
        'metrics',
      );
  const cells = async () =>
    db
      .knex('household_cells')
      .where({ region_code: REGION, period_code: PERIOD })
      .orderBy(['z', 'kelurahan_code', 'cx', 'cy'])
      .select('z', 'kelurahan_code', 'cx', 'cy', 'households', 'poor');

  /** What the partial refreshes left equals what a full refresh of the period computes. */
  async function expectAsFullRefresh(): Promise<void> {
    const partial = { summaries: await summaries(), cells: await cells() };
    await db
      .knex('summary_state')
      .where({ region_code: REGION, period_code: PERIOD })
      .update({ dirty: true });
    await indicators.ensureFresh(REGION, PERIOD);
    expect({ summaries: await summaries(), cells: await cells() }).toEqual(partial);
  }

  beforeAll(async () => {
    db = await scratchDatabase('summary_marks');
    await seedRegistry(db.knex, { regionCode: REGION, households: 1500, seed: 21, periods: [PERIOD] });
    ({ indicators } = createServices({ knex: db.knex, config: testConfig() }));
    await indicators.ensureFresh(REGION, PERIOD);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('marks the kelurahan of an edited household, not the period, and refreshes it to what a full refresh gives', async () => {
    const h = await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active' })
      .orderBy('id')
      .first<{ id: string; kelurahan_code: string; desil: number }>('id', 'kelurahan_code', 'desil');
    const before = (await summaries()).find((s) => s.kelurahan_code === h.kelurahan_code)!.metrics;
    await db
      .knex('households')
      .where({ period_code: PERIOD, id: h.id })
      .update({ desil: h.desil <= 4 ? 9 : 1 });
    expect(await periodDirty()).toBe(false);
    expect(await marks()).toContain(h.kelurahan_code);
    expect(await createRepositories(db.knex).summaries.freshness(REGION, PERIOD)).toBe('marked');

    await indicators.ensureFresh(REGION, PERIOD);
    expect(await marks()).toEqual([]);
    const after = (await summaries()).find((s) => s.kelurahan_code === h.kelurahan_code)!.metrics;
    expect(after.poor).toBe(before.poor! + (h.desil <= 4 ? -1 : 1));
    await expectAsFullRefresh();
  });

  it('keeps city-wide counts exact: a household moving kelurahan, a NIK duplicated across kelurahan, removals', async () => {
    const pair = await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active' })
      .distinctOn('kelurahan_code')
      .orderBy(['kelurahan_code', 'id'])
      .limit(2)
      .select<Array<{ id: string; kelurahan_code: string }>>('id', 'kelurahan_code');
    expect(pair).toHaveLength(2);
    const [a, b] = pair as [(typeof pair)[0], (typeof pair)[0]];
    // A member of b takes the NIK of a member of a: both kelurahan now count a duplicate.
    const ma = await db
      .knex('members')
      .where({ period_code: PERIOD, household_id: a.id, status: 'active' })
      .whereNotNull('nik')
      .first<{ id: string; nik: string }>('id', 'nik');
    const mb = await db
      .knex('members')
      .where({ period_code: PERIOD, household_id: b.id, status: 'active' })
      .first<{ id: string }>('id');
    await db.knex('members').where({ period_code: PERIOD, id: mb.id }).update({ nik: ma.nik });
    expect(await marks()).toEqual(expect.arrayContaining([a.kelurahan_code, b.kelurahan_code]));
    await indicators.ensureFresh(REGION, PERIOD);
    const dupOf = async (code: string) =>
      (await summaries()).find((s) => s.kelurahan_code === code)!.metrics.duplicate_nik as number;
    expect(await dupOf(a.kelurahan_code)).toBeGreaterThan(0);
    await expectAsFullRefresh();
    // Another household of a's kelurahan changes: only that kelurahan is recomputed, and the duplicate its
    // member a shares with b's kelurahan (not recomputed) must still count.
    const a2 = await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active', kelurahan_code: a.kelurahan_code })
      .whereNot({ id: a.id })
      .first<{ id: string }>('id');
    await db.knex('households').where({ period_code: PERIOD, id: a2.id }).update({ desil: 10 });
    expect(await marks()).toContain(a.kelurahan_code);
    expect(await marks()).not.toContain(b.kelurahan_code);
    await indicators.ensureFresh(REGION, PERIOD);
    await expectAsFullRefresh();

    // Household a moves to b's kelurahan; a disability and a need go; b's household leaves the registry.
    await db
      .knex('households')
      .where({ period_code: PERIOD, id: a.id })
      .update({ kelurahan_code: b.kelurahan_code });
    const d = await db
      .knex('member_disabilities')
      .where({ period_code: PERIOD })
      .orderBy('member_id')
      .first<{ member_id: string }>('member_id');
    expect(
      await db.knex('member_disabilities').where({ period_code: PERIOD, member_id: d.member_id }).delete(),
    ).toBeGreaterThan(0);
    await db.knex('households').where({ period_code: PERIOD, id: b.id }).update({ status: 'moved_out' });
    expect(await periodDirty()).toBe(false);
    await indicators.ensureFresh(REGION, PERIOD);
    await expectAsFullRefresh();
  });

  it('marks the whole period for a bulk statement (an import), which is then refreshed at once', async () => {
    await db.knex('households').where({ period_code: PERIOD }).update({ updated_at: db.knex.fn.now() });
    expect(await periodDirty()).toBe(true);
    expect(await marks()).toEqual([]);
    await indicators.ensureFresh(REGION, PERIOD);
    expect(await periodDirty()).toBe(false);
  });
});
