// Editing the desil cut-off of a stored eligibility rule for the what-if tool, without touching its other
// conditions: every desil upper bound (lte, lt, between) in the rule tree is replaced. The rule arrives as
// unknown JSON (the program answer's `rule`), so it is walked as a record; the key names are checked against
// the server's rule language (server/domain/eligibility-rule.ts), so a renamed key breaks the typecheck here.
import type { EligibilityRule, HOUSEHOLD_FIELDS } from '../../../server/domain/eligibility-rule.ts';

type Rule = Record<string, unknown>;
type RuleKey = EligibilityRule extends infer R ? (R extends object ? keyof R : never) : never;

const DESIL = 'desil' satisfies (typeof HOUSEHOLD_FIELDS)[number];
/** Keys holding a list of rules, and keys holding one rule. */
const LISTS = ['all', 'any'] as const satisfies readonly RuleKey[];
const NESTED = ['not', 'some_member'] as const satisfies readonly RuleKey[];

const isRule = (x: unknown): x is Rule => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The highest desil the rule admits (its first desil upper bound), or undefined without one. */
export function desilCutoff(rule: unknown): number | undefined {
  if (!isRule(rule)) return undefined;
  if (rule.field === DESIL) {
    if (rule.op === 'lte' && typeof rule.value === 'number') return rule.value;
    if (rule.op === 'lt' && typeof rule.value === 'number') return rule.value - 1;
    if (rule.op === 'between' && Array.isArray(rule.value)) return rule.value[1] as number;
    return undefined;
  }
  for (const key of LISTS)
    if (Array.isArray(rule[key]))
      for (const r of rule[key] as unknown[]) {
        const found = desilCutoff(r);
        if (found !== undefined) return found;
      }
  for (const key of NESTED) if (rule[key] !== undefined) return desilCutoff(rule[key]);
  return undefined;
}

/** A copy of the rule with every desil upper bound set to `cutoff`. */
export function withDesilCutoff(rule: unknown, cutoff: number): unknown {
  if (!isRule(rule)) return rule;
  if (rule.field === DESIL) {
    if (rule.op === 'lte' || rule.op === 'lt') return { ...rule, op: 'lte', value: cutoff };
    if (rule.op === 'between' && Array.isArray(rule.value)) {
      const low = Math.min(rule.value[0] as number, cutoff);
      return { ...rule, value: [low, cutoff] };
    }
    return rule;
  }
  const out: Rule = { ...rule };
  for (const key of LISTS)
    if (Array.isArray(rule[key])) out[key] = (rule[key] as unknown[]).map((r) => withDesilCutoff(r, cutoff));
  for (const key of NESTED) if (rule[key] !== undefined) out[key] = withDesilCutoff(rule[key], cutoff);
  return out;
}
