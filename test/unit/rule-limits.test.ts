import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMS } from '../../server/domain/default-programs.ts';
import { FIELD_RULES, textProblem } from '../../server/domain/field-rules.ts';
import { checkRuleLimits, RULE_LIMITS } from '../../server/domain/rule-limits.ts';
import { findControlCharacter } from '../../server/plugins/app/input-hygiene.ts';

const cond = { field: 'desil', op: 'lte', value: 4 };
const nest = (depth: number): unknown => {
  let rule: unknown = cond;
  for (let i = 1; i < depth; i++) rule = { not: rule };
  return rule;
};
const list = (n: number, item: unknown = cond) => ({ all: Array.from({ length: n }, () => item) });

describe('checkRuleLimits', () => {
  it('accepts every default program rule', () => {
    for (const p of DEFAULT_PROGRAMS) expect(checkRuleLimits(p.rule), p.programCode).toBeNull();
  });

  it.each<[string, unknown, string | null, string?]>([
    ['8 levels', nest(8), null],
    ['9 levels', nest(9), 'depth', 'rule.not.not.not.not.not.not.not.not'],
    ['100 000 levels (no stack overflow)', nest(100_000), 'depth'],
    ['exactly 100 conditions', { any: [list(20), list(20), list(20), list(20), list(14)] }, null],
    ['101 conditions', { any: [list(20), list(20), list(20), list(20), list(15)] }, 'conditions'],
    ['a list of 21', list(21), 'listItems', 'rule.all'],
    ['a list of a million', { all: Array.from({ length: 1_000_000 }, () => cond) }, 'listItems'],
    ['31 member conditions', { some_member: { any: [list(20), list(8)] } }, 'memberConditions'],
    ['30 member conditions', { some_member: { any: [list(20), list(7)] } }, null],
    [
      '51 values',
      { field: 'lighting', op: 'in', value: Array(51).fill('pln_450') },
      'inValues',
      'rule.value',
    ],
  ])('%s', (_name, rule, limit, path) => {
    const breach = checkRuleLimits(rule);
    expect(breach?.limit ?? null).toBe(limit);
    if (breach) expect(breach.max).toBe(RULE_LIMITS[breach.limit]);
    if (path) expect(breach?.path).toBe(path);
  });
});

describe('text rules and control characters', () => {
  it.each<[string, string | null]>([
    ['Jl. Pemuda No. 1', null],
    ['a'.repeat(FIELD_RULES.address.maxLength), null],
    [
      'a'.repeat(FIELD_RULES.address.maxLength + 1),
      'address is 301 characters long; at most 300 are allowed',
    ],
    ['Jl.\u0000', 'address contains the control character U+0000 at position 4'],
    ['Jl.\nPemuda', 'address contains the control character U+000A at position 4'],
  ])('address %j', (value, problem) => {
    const found = textProblem(value, FIELD_RULES.address);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('finds a control character anywhere in a request, allowing tabs and line breaks', () => {
    expect(findControlCharacter({ a: ['x', { b: 'line\r\nbreak\ttab' }] }, 'body')).toBeNull();
    expect(findControlCharacter({ a: ['x', { b: 'y\u0008' }] }, 'body')).toEqual({
      path: 'body.a[1].b',
      char: '\b',
    });
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findControlCharacter(deep, 'body')?.char).toBe('\u0000');
  });
});
