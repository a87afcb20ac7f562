import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMS } from '../../server/domain/default-programs.ts';
import { compileRule, RuleError } from '../../server/domain/rule-compiler.ts';

describe('compileRule', () => {
  it.each<[string, unknown, string, unknown[]]>([
    ['a comparison', { field: 'desil', op: 'lte', value: 4 }, 'coalesce(f.desil <= ?, false)', [4]],
    ['between', { field: 'desil', op: 'between', value: [1, 4] }, 'f.desil between ? and ?', [1, 4]],
    [
      'in (codes)',
      { field: 'lighting', op: 'in', value: ['non_pln', 'pln_450'] },
      'f.lighting = any(?::text[])',
      [['non_pln', 'pln_450']],
    ],
    [
      'ne (null counts as different)',
      { field: 'lighting', op: 'ne', value: 'pln_1300' },
      'f.lighting is distinct from ?',
      ['pln_1300'],
    ],
    [
      'a boolean',
      { field: 'unfit_house', op: 'eq', value: true },
      'coalesce(f.unfit_house = ?, false)',
      [true],
    ],
    [
      'all / any / not',
      {
        all: [
          { field: 'desil', op: 'lte', value: 5 },
          {
            not: {
              any: [
                { field: 'members', op: 'gt', value: 8 },
                { field: 'unfit_house', op: 'eq', value: false },
              ],
            },
          },
        ],
      },
      '(coalesce(f.desil <= ?, false) and (not (coalesce(f.members > ?, false) or coalesce(f.unfit_house = ?, false))))',
      [5, 8, false],
    ],
    [
      'some_member with a disability type (a set)',
      {
        some_member: {
          all: [
            { field: 'disability_type', op: 'eq', value: 'fisik' },
            { field: 'age', op: 'gte', value: 18 },
          ],
        },
      },
      'exists (select 1 from member_features m where m.region_code = f.region_code and m.period_code = f.period_code and m.household_id = f.id and (? = any(m.disability_types) and coalesce(m.age >= ?, false)))',
      ['fisik', 18],
    ],
  ])('%s', (_name, rule, sql, params) => {
    expect(compileRule(rule)).toEqual({ sql, params });
  });

  it.each(DEFAULT_PROGRAMS.map((p) => [p.programCode, p.rule] as const))(
    'compiles the default rule of %s',
    (_code, rule) => {
      const { sql, params } = compileRule(rule);
      expect(sql.split('?').length - 1).toBe(params.length);
    },
  );

  it.each<[string, unknown, RegExp]>([
    [
      'an unknown field',
      { field: 'income', op: 'lt', value: 1 },
      /rule\.field: unknown field "income" on a household; known: desil/,
    ],
    [
      'a member field on the household',
      { field: 'age', op: 'lt', value: 18 },
      /unknown field "age" on a household/,
    ],
    [
      'a household field inside some_member',
      { some_member: { field: 'desil', op: 'eq', value: 1 } },
      /unknown field "desil" inside some_member/,
    ],
    [
      'a string for a number',
      { field: 'desil', op: 'lte', value: '4' },
      /rule\.value: desil takes a number, not "4"/,
    ],
    [
      'a desil out of range',
      { field: 'desil', op: 'lte', value: 11 },
      /desil must be between 1 and 10, not 11/,
    ],
    [
      'an unknown code',
      { field: 'lighting', op: 'eq', value: 'solar' },
      /lighting takes one of non_pln, pln_450/,
    ],
    [
      'lt on a boolean',
      { field: 'unfit_house', op: 'lt', value: true },
      /unfit_house takes eq, ne or in, not lt/,
    ],
    [
      'gt on a set',
      { some_member: { field: 'disability_severity', op: 'gt', value: 'sedang' } },
      /disability_severity takes eq, ne or in, not gt/,
    ],
    ['a reversed between', { field: 'desil', op: 'between', value: [5, 1] }, /smaller bound first/],
    ['an unknown operator', { field: 'desil', op: 'like', value: 1 }, /rule\.op: unknown operator "like"/],
    ['an empty all', { all: [] }, /rule\.all: all takes a list of 1 to 20 rules/],
    ['extra keys', { field: 'desil', op: 'eq', value: 1, sql: 'true' }, /rule: unexpected key\(s\) sql/],
    [
      'two combinators',
      { all: [{ field: 'desil', op: 'eq', value: 1 }], not: { field: 'desil', op: 'eq', value: 2 } },
      /must be the only key/,
    ],
    ['not an object', 'desil <= 4', /^rule: a rule is an object/],
    [
      'a deep error',
      {
        all: [{ field: 'desil', op: 'lte', value: 4 }, { any: [{ field: 'members', op: 'gt', value: 'x' }] }],
      },
      /rule\.all\[1\]\.any\[0\]\.value: members takes a number/,
    ],
    [
      'nested some_member',
      { some_member: { some_member: { field: 'age', op: 'eq', value: 1 } } },
      /some_member cannot be nested/,
    ],
  ])('rejects %s with a clear message', (_name, rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleError);
    expect(() => compileRule(rule)).toThrow(message);
  });

  it.each<[string, unknown]>([
    ['SQL in a field name', { field: 'desil) or (1=1', op: 'eq', value: 1 }],
    ['SQL in an operator', { field: 'desil', op: '= 1 or 1=1 --', value: 1 }],
    ['SQL in a code value', { field: 'lighting', op: 'eq', value: "pln_450' or '1'='1" }],
    [
      'SQL in a member code',
      { some_member: { field: 'sex', op: 'eq', value: "L'; drop table households; --" } },
    ],
    [
      'a prototype key',
      JSON.parse('{"__proto__": {"field": "desil"}, "field": "constructor", "op": "eq", "value": 1}'),
    ],
  ])('refuses injection: %s', (_name, rule) => {
    expect(() => compileRule(rule)).toThrow(RuleError);
  });

  it('never puts a value into the SQL text', () => {
    const { sql } = compileRule({
      any: [
        { field: 'lighting', op: 'in', value: ['non_pln'] },
        { field: 'members', op: 'gte', value: 7 },
      ],
    });
    expect(sql).not.toMatch(/non_pln|7/);
  });
});
