import { describe, expect, it } from 'vitest';
import { desilCutoff, withDesilCutoff } from '../../web/src/lib/rule-edit.ts';
import { compileRule } from '../../server/domain/rule-compiler.ts';
import { DEFAULT_PROGRAMS } from '../../server/domain/default-programs.ts';

const kip = {
  all: [
    { field: 'desil', op: 'lte', value: 4 },
    { some_member: { field: 'age', op: 'between', value: [6, 21] } },
  ],
};

describe('desil cut-off editing (what-if)', () => {
  it.each([
    [{ field: 'desil', op: 'lte', value: 4 }, 4],
    [{ field: 'desil', op: 'lt', value: 5 }, 4],
    [{ field: 'desil', op: 'between', value: [1, 5] }, 5],
    [kip, 4],
    [{ any: [{ field: 'unfit_house', op: 'eq', value: true }] }, undefined],
    [{ not: { field: 'desil', op: 'lte', value: 2 } }, 2],
  ])('reads the cut-off of %j as %s', (rule, cutoff) => expect(desilCutoff(rule)).toBe(cutoff));

  it.each([
    [{ field: 'desil', op: 'lte', value: 4 }, 2, { field: 'desil', op: 'lte', value: 2 }],
    [{ field: 'desil', op: 'lt', value: 5 }, 6, { field: 'desil', op: 'lte', value: 6 }],
    [{ field: 'desil', op: 'between', value: [3, 5] }, 2, { field: 'desil', op: 'between', value: [2, 2] }],
    [
      kip,
      3,
      {
        all: [
          { field: 'desil', op: 'lte', value: 3 },
          { some_member: { field: 'age', op: 'between', value: [6, 21] } },
        ],
      },
    ],
  ])('sets the cut-off of %j to %s', (rule, cutoff, expected) => {
    expect(withDesilCutoff(rule, cutoff)).toEqual(expected);
  });

  it('keeps every default program rule valid after any cut-off, and leaves the original untouched', () => {
    for (const p of DEFAULT_PROGRAMS) {
      const before = JSON.stringify(p.rule);
      for (let cutoff = 1; cutoff <= 10; cutoff++) {
        const edited = withDesilCutoff(p.rule, cutoff);
        expect(() => compileRule(edited), `${p.programCode} ≤ ${cutoff}`).not.toThrow();
        if (desilCutoff(p.rule) !== undefined) expect(desilCutoff(edited)).toBe(cutoff);
      }
      expect(JSON.stringify(p.rule)).toBe(before);
    }
  });
});
