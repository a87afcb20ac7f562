// Coarsening (a suppressed kelurahan shows its published kecamatan value) and the small-base flag, as pure
// functions over published values: never a hidden value, never a flag that says something about a hidden count.
import { describe, expect, it } from 'vitest';
import { coarsenings, isUncertain, uncertaintyBase } from '../../server/domain/coarsening.ts';
import { indicator, INDICATORS } from '../../server/domain/indicators.ts';

const kel = (code: string, value: number | null, suppressed = value === null) => ({
  code,
  parent: code.slice(0, 2),
  value,
  suppressed,
});
const kec = (code: string, value: number | null, suppressed = value === null) => ({
  code,
  parent: 'C',
  value,
  suppressed,
});

describe('coarsenings', () => {
  it('gives a suppressed kelurahan its kecamatan value only where that value is published', () => {
    const out = coarsenings(
      [kel('K1.1', null), kel('K1.2', 12.5), kel('K2.1', null), kel('K3.1', null)],
      [kec('K1', 10), kec('K2', null), kec('K3', null, false)],
    );
    expect(out.get('K1.1')).toEqual({ level: 'kecamatan', code: 'K1', value: 10 });
    // Shown kelurahan keep their own value; a suppressed kecamatan (or one without a value) gives nothing.
    expect(out.get('K1.2')).toBeNull();
    expect(out.get('K2.1')).toBeNull();
    expect(out.get('K3.1')).toBeNull();
    expect([...out.keys()]).toEqual(['K1.1', 'K1.2', 'K2.1', 'K3.1']);
  });

  it('never takes a value from anything but the kecamatan answer, and keeps a zero', () => {
    const out = coarsenings([kel('K1.1', null), kel('K1.2', null)], [kec('K1', 0)]);
    expect(out.get('K1.1')?.value).toBe(0);
    expect(out.get('K1.2')?.value).toBe(0);
    // A kelurahan without a parent (a hierarchy gap) is left alone.
    expect(coarsenings([{ code: 'X', parent: null, value: null, suppressed: true }], []).get('X')).toBeNull();
  });
});

describe('uncertainty', () => {
  it('names the base per kind of indicator: denominator of a ratio, households of a density, none for counts', () => {
    expect(uncertaintyBase(indicator('disability_rate')!)).toBe('persons');
    expect(uncertaintyBase(indicator('poor_share')!)).toBe('households');
    expect(uncertaintyBase(indicator('poverty_density')!)).toBe('households');
    expect(uncertaintyBase(indicator('poor_households')!)).toBeNull();
    expect(uncertaintyBase(indicator('coverage_gap_share')!, 'pkh')).toBe('program:pkh:eligible');
    for (const def of INDICATORS)
      if (def.unit === 'percent' || def.unit === 'per_1000') expect(uncertaintyBase(def, 'p')).not.toBeNull();
  });

  it('flags a published value on a base below the threshold, or on a hidden base; never an unpublished one', () => {
    expect(isUncertain(66.7, 3, 30)).toBe(true);
    expect(isUncertain(10, 29, 30)).toBe(true);
    expect(isUncertain(10, 30, 30)).toBe(false);
    expect(isUncertain(null, 3, 30)).toBe(false);
    expect(isUncertain(5, 300, 30, true)).toBe(true);
    expect(isUncertain(5, undefined, 30)).toBe(false);
  });
});
