// Compiles an eligibility rule (JSON data, see eligibility-rule.ts) into a parameterised SQL predicate over the
// household_features view (alias `f`). Fields map to whitelisted columns, operators to fixed SQL, and every
// value becomes a bind parameter: nothing from the rule is ever concatenated into SQL.
import { Value } from '@sinclair/typebox/value';
import { CODE_LISTS, codesOf } from './code-lists.ts';
import { RuleSchema } from './eligibility-rule.ts';
import { t, type MessageKey, type MessageParams } from '../i18n/translate.ts';
import { checkRuleLimits, RULE_LIMITS, type RuleLimit } from './rule-limits.ts';

/**
 * A rule refused, with the place in the rule and the reason as a catalogue entry (server/i18n), so the answer
 * can say it in the caller's language; `message` is the English text.
 */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    readonly path: string,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    /** Set when the rule is refused for its size rather than its meaning. */
    readonly limit?: { name: RuleLimit; max: number },
  ) {
    super(`${path}: ${t('en', key, params)}`);
  }

  /** Extra members of the 400 answer: where, and which limit when there is one. */
  get details(): Record<string, unknown> {
    return this.limit
      ? { path: this.path, limit: this.limit.name, max: this.limit.max }
      : { path: this.path };
  }
}

type Kind = 'number' | 'boolean' | 'code' | 'code-set';

interface FieldSpec {
  column: string;
  kind: Kind;
  codes?: readonly string[];
  range?: [number, number];
}

const SEVERITY = CODE_LISTS.severity.map((c) => c.code);

const HOUSEHOLD: Record<string, FieldSpec> = {
  desil: { column: 'f.desil', kind: 'number', range: [1, 10] },
  unfit_house: { column: 'f.unfit_house', kind: 'boolean' },
  floor_area_per_person: { column: 'f.floor_area_per_person', kind: 'number', range: [0, 10000] },
  lighting: { column: 'f.lighting', kind: 'code', codes: codesOf('lighting') },
  members: { column: 'f.members', kind: 'number', range: [0, 50] },
};

const MEMBER: Record<string, FieldSpec> = {
  age: { column: 'm.age', kind: 'number', range: [0, 130] },
  sex: { column: 'm.sex', kind: 'code', codes: codesOf('sex') },
  disability_type: { column: 'm.disability_types', kind: 'code-set', codes: codesOf('disabilityType') },
  disability_severity: { column: 'm.disability_severities', kind: 'code-set', codes: SEVERITY },
  has_disability: { column: 'm.has_disability', kind: 'boolean' },
};

const COMPARE: Record<string, string> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

export interface CompiledRule {
  /** SQL boolean expression over `f` (household_features); `?` placeholders in order. */
  sql: string;
  params: unknown[];
}

const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'in'];

/**
 * Validates meaning and structure with messages that name the place in the rule (rule.all[1].value: …), then
 * compiles. The JSON schema is checked last as a safety net for what is stored.
 */
export function compileRule(rule: unknown): CompiledRule {
  // Size first, on its own walk: nothing below (SQL text, schema check) may run on an unbounded rule.
  const breach = checkRuleLimits(rule);
  if (breach)
    throw new RuleError(breach.path, breach.key, breach.params, { name: breach.limit, max: breach.max });
  const params: unknown[] = [];
  const sql = compileNode(rule, 'rule', params, HOUSEHOLD, 0);
  const structural = Value.Errors(RuleSchema, rule).First();
  if (structural)
    throw new RuleError(`rule${structural.path.replace(/\//g, '.')}`, 'rule.schema', {
      detail: structural.message,
    });
  return { sql, params };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
  );
}

function list(node: Record<string, unknown>, key: 'all' | 'any', path: string): unknown[] {
  const items = node[key];
  if (!Array.isArray(items) || items.length === 0 || items.length > RULE_LIMITS.listItems) {
    throw new RuleError(`${path}.${key}`, 'rule.listOf', { key, max: RULE_LIMITS.listItems });
  }
  return items;
}

function compileNode(
  node: unknown,
  path: string,
  params: unknown[],
  fields: Record<string, FieldSpec>,
  depth: number,
): string {
  // checkRuleLimits bounds the depth already; this guard keeps the recursion safe if it is ever bypassed.
  if (depth >= RULE_LIMITS.depth) throw new RuleError(path, 'rule.limitDepth', { max: RULE_LIMITS.depth });
  if (!isObject(node)) throw new RuleError(path, 'rule.shape');
  const keys = Object.keys(node);
  const combinator = keys.find((k) => ['all', 'any', 'not', 'some_member'].includes(k));
  if (combinator && keys.length !== 1)
    throw new RuleError(path, 'rule.onlyKey', { key: combinator, found: keys.join(', ') });
  switch (combinator) {
    case 'all':
    case 'any': {
      const joiner = combinator === 'all' ? ' and ' : ' or ';
      return `(${list(node, combinator, path)
        .map((n, i) => compileNode(n, `${path}.${combinator}[${i}]`, params, fields, depth + 1))
        .join(joiner)})`;
    }
    case 'not':
      return `(not ${compileNode(node.not, `${path}.not`, params, fields, depth + 1)})`;
    case 'some_member': {
      if (fields === MEMBER) throw new RuleError(path, 'rule.nestedMember');
      const inner = compileNode(node.some_member, `${path}.some_member`, params, MEMBER, depth + 1);
      return `exists (select 1 from member_features m where m.region_code = f.region_code and m.period_code = f.period_code and m.household_id = f.id and ${inner})`;
    }
    case undefined:
      return compileCondition(node, path, params, fields);
    default:
      throw new RuleError(path, 'rule.shape');
  }
}

function checkValue(spec: FieldSpec, field: string, value: unknown, path: string): void {
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new RuleError(path, 'rule.takesNumber', {
          field,
          value: JSON.stringify(value) ?? String(value),
        });
      const [lo, hi] = spec.range!;
      if (value < lo || value > hi) throw new RuleError(path, 'rule.outOfRange', { field, lo, hi, value });
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean')
        throw new RuleError(path, 'rule.takesBoolean', {
          field,
          value: JSON.stringify(value) ?? String(value),
        });
      return;
    case 'code':
    case 'code-set':
      if (typeof value !== 'string' || !spec.codes!.includes(value)) {
        throw new RuleError(path, 'rule.takesCode', {
          field,
          codes: spec.codes!.join(', '),
          value: JSON.stringify(value) ?? String(value),
        });
      }
      return;
  }
}

function compileCondition(
  node: Record<string, unknown>,
  path: string,
  params: unknown[],
  fields: Record<string, FieldSpec>,
): string {
  const extra = Object.keys(node).filter((k) => !['field', 'op', 'value'].includes(k));
  if (extra.length || !('field' in node) || !('op' in node) || !('value' in node)) {
    throw new RuleError(path, extra.length ? 'rule.unexpectedKeys' : 'rule.shape', {
      keys: extra.join(', '),
    });
  }
  const c = node as { field: string; op: string; value: unknown };
  const spec = typeof c.field === 'string' && Object.hasOwn(fields, c.field) ? fields[c.field] : undefined;
  if (!spec) {
    throw new RuleError(
      `${path}.field`,
      fields === MEMBER ? 'rule.unknownMemberField' : 'rule.unknownHouseholdField',
      { field: JSON.stringify(c.field) ?? String(c.field), known: Object.keys(fields).join(', ') },
    );
  }
  if (typeof c.op !== 'string' || !OPS.includes(c.op)) {
    throw new RuleError(`${path}.op`, 'rule.unknownOperator', {
      op: JSON.stringify(c.op) ?? String(c.op),
      known: OPS.join(', '),
    });
  }
  if (c.op === 'between' && (!Array.isArray(c.value) || c.value.length !== 2)) {
    throw new RuleError(`${path}.value`, 'rule.betweenPair');
  }
  if (
    c.op === 'in' &&
    (!Array.isArray(c.value) || c.value.length === 0 || c.value.length > RULE_LIMITS.inValues)
  ) {
    throw new RuleError(`${path}.value`, 'rule.inList', { max: RULE_LIMITS.inValues });
  }
  const values = c.op === 'between' || c.op === 'in' ? (c.value as unknown[]) : [c.value];
  values.forEach((v, i) =>
    checkValue(spec, c.field, v, `${path}.value${values.length > 1 || c.op === 'in' ? `[${i}]` : ''}`),
  );
  if (spec.kind === 'code-set') {
    // A member may have several disability types: "eq" means "has this one".
    if (c.op === 'eq') return push(params, [c.value], `? = any(${spec.column})`);
    if (c.op === 'ne') return push(params, [c.value], `not (? = any(${spec.column}))`);
    if (c.op === 'in') return push(params, [c.value], `${spec.column} && ?::text[]`);
    throw new RuleError(`${path}.op`, 'rule.equalityOnly', { field: c.field, op: c.op });
  }
  if ((spec.kind === 'boolean' || spec.kind === 'code') && !['eq', 'ne', 'in'].includes(c.op)) {
    throw new RuleError(`${path}.op`, 'rule.equalityOnly', { field: c.field, op: c.op });
  }
  if (c.op === 'between') {
    const [lo, hi] = c.value as [number, number];
    if (lo > hi) throw new RuleError(`${path}.value`, 'rule.betweenOrder', { lo, hi });
    return push(params, [lo, hi], `${spec.column} between ? and ?`);
  }
  if (c.op === 'in') {
    const cast = spec.kind === 'number' ? 'numeric' : spec.kind === 'boolean' ? 'boolean' : 'text';
    return push(params, [c.value], `${spec.column} = any(?::${cast}[])`);
  }
  // ne is "is distinct from" so that a missing value (null) counts as different, not unknown.
  if (c.op === 'ne') return push(params, [c.value], `${spec.column} is distinct from ?`);
  return push(params, [c.value], `coalesce(${spec.column} ${COMPARE[c.op]!} ?, false)`);
}

function push(params: unknown[], values: unknown[], sql: string): string {
  params.push(...values);
  return sql;
}
