// The structured rule editor's model: a rule of the server's language (docs/rules.md) as a tree of groups and
// conditions the screen can show as selects and number inputs, and back. Groups combine with all / any / none
// (none is `not` of `any`); a member group is `some_member`. Every node knows the place it takes in the JSON
// (`rule.all[1].value` …), so a refusal of the server lands beside the condition it names. The fields, their
// kinds and ranges mirror server/domain/rule-compiler.ts, keyed by the server's field lists so a new field
// breaks the typecheck here.
import type { HOUSEHOLD_FIELDS, MEMBER_FIELDS } from '../../../../server/domain/eligibility-rule.ts';
import type { CodeListName } from '../types/code-lists';

export type HouseholdField = (typeof HOUSEHOLD_FIELDS)[number];
export type MemberField = (typeof MEMBER_FIELDS)[number];
export type RuleField = HouseholdField | MemberField;
export type Op = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'between' | 'in';
export type Kind = 'number' | 'boolean' | 'code' | 'code-set';

export interface FieldSpec {
  kind: Kind;
  /** The code list a code field takes its values (and labels) from. */
  list?: CodeListName;
  range?: [number, number];
}

export const HOUSEHOLD_SPECS: Record<HouseholdField, FieldSpec> = {
  desil: { kind: 'number', range: [1, 10] },
  unfit_house: { kind: 'boolean' },
  floor_area_per_person: { kind: 'number', range: [0, 10000] },
  lighting: { kind: 'code', list: 'lighting' },
  members: { kind: 'number', range: [0, 50] },
};

export const MEMBER_SPECS: Record<MemberField, FieldSpec> = {
  age: { kind: 'number', range: [0, 130] },
  sex: { kind: 'code', list: 'sex' },
  disability_type: { kind: 'code-set', list: 'disabilityType' },
  disability_severity: { kind: 'code-set', list: 'severity' },
  has_disability: { kind: 'boolean' },
};

/** The comparisons each kind takes (the compiler refuses the others). */
export const OPS_OF: Record<Kind, readonly Op[]> = {
  number: ['lte', 'lt', 'gte', 'gt', 'eq', 'ne', 'between', 'in'],
  boolean: ['eq', 'ne'],
  code: ['eq', 'ne', 'in'],
  'code-set': ['eq', 'ne', 'in'],
};

export type Scalar = number | string | boolean | null;
export type Value = Scalar | [number | null, number | null] | Scalar[];

export interface Condition {
  type: 'condition';
  id: number;
  field: RuleField;
  op: Op;
  value: Value;
}

export interface Group {
  type: 'group';
  id: number;
  mode: 'all' | 'any' | 'none';
  /** A `some_member` block: its conditions are on one member's fields. */
  member: boolean;
  items: Node[];
}

export type Node = Condition | Group;

let nextId = 1;
const newId = () => nextId++;

export function specOf(field: RuleField, member: boolean): FieldSpec {
  return member ? MEMBER_SPECS[field as MemberField] : HOUSEHOLD_SPECS[field as HouseholdField];
}

/** A value of the right shape for a field and comparison (its range's low end, "yes", the first code). */
export function defaultValue(spec: FieldSpec, op: Op, firstCode: string | undefined): Value {
  const scalar: Scalar =
    spec.kind === 'number' ? (spec.range?.[0] ?? 0) : spec.kind === 'boolean' ? true : (firstCode ?? null);
  if (op === 'between') return [spec.range?.[0] ?? 0, spec.range?.[1] ?? 0];
  if (op === 'in') return scalar === null ? [] : [scalar];
  return scalar;
}

/** The same value carried over to another comparison where it fits (4 → [4, 4] → 4). */
export function reshape(value: Value, op: Op, spec: FieldSpec, firstCode: string | undefined): Value {
  const first = Array.isArray(value) ? (value[0] ?? null) : value;
  if (op === 'between') {
    const n = typeof first === 'number' ? first : null;
    return [n, n];
  }
  if (op === 'in') return first === null ? [] : [first];
  return first ?? defaultValue(spec, op, firstCode);
}

export function newCondition(member: boolean, firstCode: (list: CodeListName) => string): Condition {
  const field: RuleField = member ? 'age' : 'desil';
  const spec = specOf(field, member);
  const op: Op = spec.kind === 'number' ? 'lte' : 'eq';
  return {
    type: 'condition',
    id: newId(),
    field,
    op,
    value: defaultValue(spec, op, spec.list && firstCode(spec.list)),
  };
}

export function newGroup(member: boolean, items: Node[] = []): Group {
  return { type: 'group', id: newId(), mode: 'all', member, items };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** A stored rule as an editor tree; the top is always a household group. */
export function fromRule(rule: unknown): Group {
  const node = fromNode(rule, false);
  return node.type === 'group' && !node.member ? node : newGroup(false, [node]);
}

function groupOf(rule: Record<string, unknown>, member: boolean): Group | undefined {
  for (const mode of ['all', 'any'] as const)
    if (Array.isArray(rule[mode]))
      return { ...newGroup(member), mode, items: (rule[mode] as unknown[]).map((r) => fromNode(r, member)) };
  if (rule.not !== undefined) {
    const inner =
      isRecord(rule.not) && Array.isArray(rule.not.any) ? (rule.not.any as unknown[]) : [rule.not];
    return { ...newGroup(member), mode: 'none', items: inner.map((r) => fromNode(r, member)) };
  }
  return undefined;
}

function fromNode(rule: unknown, member: boolean): Node {
  if (!isRecord(rule)) return newGroup(member);
  const group = groupOf(rule, member);
  if (group) return group;
  if (rule.some_member !== undefined && !member) {
    const inner = isRecord(rule.some_member) ? groupOf(rule.some_member, true) : undefined;
    return inner ?? newGroup(true, [fromNode(rule.some_member, true)]);
  }
  return {
    type: 'condition',
    id: newId(),
    field: rule.field as RuleField,
    op: rule.op as Op,
    // A copy (JSON: the rule may be a reactive proxy, which structuredClone refuses).
    value: JSON.parse(JSON.stringify(rule.value ?? null)) as Value,
  };
}

/** Where each node sits in the JSON of `toRule`, by node id. */
export type Paths = Map<number, string>;

/** The editor tree as a rule of the server's language, and each node's place in it. */
export function toRule(top: Group): { rule: unknown; paths: Paths } {
  const paths: Paths = new Map();
  return { rule: nodeToRule(top, 'rule', paths), paths };
}

function nodeToRule(node: Node, path: string, paths: Paths): unknown {
  paths.set(node.id, path);
  if (node.type === 'condition') return { field: node.field, op: node.op, value: node.value };
  const base = node.member ? `${path}.some_member` : path;
  const listPath = node.mode === 'none' ? `${base}.not.any` : `${base}.${node.mode}`;
  const items = node.items.map((n, i) => nodeToRule(n, `${listPath}[${i}]`, paths));
  const combined = node.mode === 'none' ? { not: { any: items } } : { [node.mode]: items };
  return node.member ? { some_member: combined } : combined;
}

/** The node a refusal's path is about: the deepest whose place is the path or contains it. */
export function nodeAt(paths: Paths, errorPath: string): number | undefined {
  let best: { id: number; length: number } | undefined;
  for (const [id, p] of paths) {
    const within = errorPath === p || errorPath.startsWith(`${p}.`) || errorPath.startsWith(`${p}[`);
    if (within && (!best || p.length > best.length)) best = { id, length: p.length };
  }
  return best?.id;
}
