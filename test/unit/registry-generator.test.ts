import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEMARANG_KECAMATAN } from '../../geodata/semarang-facts.ts';
import { checkNik } from '../../server/domain/nik.ts';
import { ageOn } from '../../server/demo/demo-households.ts';
import { batchLines } from '../../server/demo/registry-copy.ts';
import {
  apportion,
  generateRegistry,
  periodEnd,
  planHouseholds,
  type RegistryOptions,
} from '../../server/demo/registry-generator.ts';
import type { HouseholdState } from '../../server/demo/registry-types.ts';
import { demoShapes } from '../support/demo-shapes.ts';

const PERIODS = ['2024-12', '2025-07', '2025-12'];

/** Checksum of exactly what would be loaded (the COPY lines), consumed batch by batch. */
function checksum(opts: RegistryOptions): string {
  const hash = createHash('sha256');
  for (const batch of generateRegistry(demoShapes(), opts)) {
    for (const lines of Object.values(batchLines('33.74', batch))) for (const l of lines) hash.update(l);
  }
  return hash.digest('hex');
}

/** Deep copies of every household state per period (the generator mutates state between periods). */
function snapshot(opts: RegistryOptions): Map<string, HouseholdState[]> {
  const out = new Map<string, HouseholdState[]>();
  for (const batch of generateRegistry(demoShapes(), opts)) {
    const copy = batch.households.map((s) => ({
      ...structuredClone({ ...s, eligibleBefore: [] }),
      eligibleBefore: new Set<string>(),
    }));
    out.set(batch.periodCode, [...(out.get(batch.periodCode) ?? []), ...copy]);
  }
  return out;
}

describe('apportion', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [7, [0.5, 0.25, 0.25], [3, 2, 2]], // remainders .5 < .75 = .75: the two quarters get the extra units
    [0, [3, 2], [0, 0]],
    [100, [1], [100]],
  ])('splits %i by %j into %j', (total, weights, expected) => {
    const counts = apportion(total, weights);
    expect(counts).toEqual(expected);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('periodEnd', () => {
  it.each([
    ['2025-07', '2025-07-31'],
    ['2025-12', '2025-12-31'],
    ['2024-02', '2024-02-29'],
  ])('%s → %s', (p, d) => expect(periodEnd(p)).toBe(d));
});

describe('planHouseholds', () => {
  it('spreads households over kecamatan by their real family counts', () => {
    const plan = planHouseholds(demoShapes(), 100_000, 1);
    const total = SEMARANG_KECAMATAN.reduce((a, f) => a + f.families2022, 0);
    expect([...plan.values()].reduce((a, b) => a + b, 0)).toBe(100_000);
    for (const fact of SEMARANG_KECAMATAN) {
      const got = demoShapes()
        .filter((s) => s.kecamatanCode === fact.code)
        .reduce((a, s) => a + plan.get(s.code)!, 0);
      expect(Math.abs(got - (100_000 * fact.families2022) / total)).toBeLessThanOrEqual(1);
    }
    expect(Math.min(...plan.values())).toBeGreaterThan(0);
  });
});

describe('generateRegistry', () => {
  const opts: RegistryOptions = { seed: 42, households: 3000, periods: PERIODS };
  let periods: Map<string, HouseholdState[]>;
  beforeAll(() => {
    periods = snapshot(opts);
  });

  // Three whole registries: about 3 s on an idle machine, so the default 5 s fails a loaded one (a limit, not a
  // measured figure: speed lives in bench).
  it('is byte-identical for a seed and differs for another seed', { timeout: 60_000 }, () => {
    const a = checksum(opts);
    expect(checksum(opts)).toBe(a);
    expect(checksum({ ...opts, seed: 43 })).not.toBe(a);
  });

  it('has the requested households in the first period and entries after it', () => {
    const counts = PERIODS.map((p) => periods.get(p)!.length);
    expect(counts[0]).toBe(3000);
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(counts[2]).toBeGreaterThan(counts[1]!);
  });

  it('composes households plausibly: one head, children younger than the head, about 3.4 members', () => {
    const first = periods.get('2024-12')!;
    const on = periodEnd('2024-12');
    let members = 0;
    for (const s of first) {
      const heads = s.members.filter((m) => m.relation === 'kepala_keluarga');
      expect(heads).toHaveLength(1);
      const headAge = ageOn(heads[0]!.birth_date, on);
      expect(headAge).toBeGreaterThanOrEqual(20);
      for (const child of s.members.filter((m) => m.relation === 'anak')) {
        expect(ageOn(child.birth_date, on)).toBeLessThanOrEqual(headAge - 17);
      }
      members += s.members.length;
    }
    expect(members / first.length).toBeGreaterThan(3.0);
    expect(members / first.length).toBeLessThan(3.9);
  });

  it('makes NIKs consistent with birth date and sex, apart from the configured defects', () => {
    const defects = { invalidNik: 0.03, duplicateNik: 0.02, deceasedActive: 0.01, pointOutside: 0.01 };
    const people = [...snapshot({ ...opts, defects }).get('2024-12')!].flatMap((s) => s.members);
    const invalid = people.filter((m) => !checkNik(m.nik, m.birth_date, m.sex).ok).length / people.length;
    // Invalid: the structurally invalid ones plus duplicates (a copied NIK belongs to someone else's birth date).
    expect(invalid).toBeGreaterThan(0.035);
    expect(invalid).toBeLessThan(0.065);
    expect(people.every((m) => m.nik_valid === checkNik(m.nik, m.birth_date, m.sex).ok)).toBe(true);
    const niks = new Map<string, number>();
    for (const m of people) niks.set(m.nik, (niks.get(m.nik) ?? 0) + 1);
    const duplicated = [...niks.values()].filter((n) => n > 1).length / people.length;
    expect(duplicated).toBeGreaterThan(0.01);
    expect(duplicated).toBeLessThan(0.03);
    const deceasedActive = people.filter((m) => m.status === 'active' && m.died_on).length / people.length;
    expect(deceasedActive).toBeGreaterThan(0.005);
    expect(deceasedActive).toBeLessThan(0.02);
  });

  it('has no defects when none are configured', () => {
    const none = { invalidNik: 0, duplicateNik: 0, deceasedActive: 0, pointOutside: 0 };
    const people = [...snapshot({ ...opts, households: 1000, defects: none }).get('2024-12')!].flatMap(
      (s) => s.members,
    );
    expect(people.filter((m) => !m.nik_valid)).toEqual([]);
    expect(new Set(people.map((m) => m.nik)).size).toBe(people.length);
  });

  it('spreads desil over 1–10, poorer desil commoner in this poverty registry', () => {
    const hh = periods.get('2024-12')!;
    const share = (d: number) => hh.filter((s) => s.household.desil === d).length / hh.length;
    for (let d = 1; d <= 10; d++) expect(share(d), `desil ${d}`).toBeGreaterThan(0.03);
    const poor = hh.filter((s) => s.household.desil <= 4).length / hh.length;
    expect(poor).toBeGreaterThan(0.35);
    expect(poor).toBeLessThan(0.6);
  });

  it('correlates housing with desil', () => {
    const hh = periods.get('2024-12')!;
    const unfitShare = (lo: number, hi: number) => {
      const group = hh.filter((s) => s.household.desil >= lo && s.household.desil <= hi);
      return group.filter((s) => s.household.unfit_house).length / group.length;
    };
    expect(unfitShare(1, 3)).toBeGreaterThan(3 * unfitShare(7, 10));
  });

  it('records entries, exits out of poverty, moves and deaths between periods', () => {
    const before = new Map(periods.get('2024-12')!.map((s) => [s.household.id, s]));
    const after = periods.get('2025-07')!;
    const entered = after.filter((s) => !before.has(s.household.id)).length;
    const leftPoverty = after.filter(
      (s) => (before.get(s.household.id)?.household.desil ?? 99) <= 4 && s.household.desil > 4,
    ).length;
    const moved = after.filter((s) => {
      const b = before.get(s.household.id);
      return b && b.household.kelurahan_code !== s.household.kelurahan_code;
    }).length;
    const movedOut = after.filter((s) => s.household.status === 'moved_out').length;
    const deaths = after.flatMap((s) => s.members).filter((m) => m.status === 'died').length;
    expect(entered).toBeGreaterThan(50);
    expect(leftPoverty).toBeGreaterThan(10);
    expect(moved).toBeGreaterThan(10);
    expect(movedOut).toBeGreaterThan(5);
    expect(deaths).toBeGreaterThan(5);
  });

  it('produces case plans and enrolments with coverage gaps and leakage', () => {
    const hh = periods.get('2025-12')!.filter((s) => s.household.status === 'active');
    const eligible = hh.filter((s) => s.household.desil <= 4);
    const enrolled = (s: HouseholdState) => s.enrolments.some((e) => e.program_code === 'pkh');
    const coverage = eligible.filter(enrolled).length / eligible.length;
    expect(coverage).toBeGreaterThan(0.55);
    expect(coverage).toBeLessThan(0.92);
    const leakage =
      hh.filter((s) => s.household.desil > 4 && enrolled(s)).length / hh.filter(enrolled).length;
    expect(leakage).toBeGreaterThan(0.005);
    expect(leakage).toBeLessThan(0.15);
    expect(hh.filter((s) => s.needs.length).length).toBeGreaterThan(hh.length * 0.2);
    const steps = hh.flatMap((s) => s.steps);
    for (const status of ['planned', 'ongoing', 'done'])
      expect(steps.some((x) => x.status === status)).toBe(true);
    expect(steps.every((x) => x.done_on === null || x.status === 'done')).toBe(true);
  });
});
