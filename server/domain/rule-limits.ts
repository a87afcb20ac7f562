// Limits on the size of an eligibility rule, checked before any SQL is built. A rule is data a planner or
// OPD user can send (what-if) or store (programs); every node becomes SQL that PostgreSQL plans and runs for
// every household, and every member condition runs once per member. Without limits a rule of a few hundred
// nested nodes, well under the body limit, occupies a backend until the statement timeout, and a few in
// parallel exhaust its memory. The walk below is iterative and stops at the first limit, so its own cost
// is bounded by the limits, not by the size of the input.

import { t, type MessageKey, type MessageParams } from '../i18n/translate.ts';

/** The one place the rule limits are defined; messages, the OpenAPI text and docs/rules.md quote them. */
export const RULE_LIMITS = {
  /** Nodes in the whole rule: each field/op/value test and each all/any/not/some_member counts as one. */
  conditions: 100,
  /** Levels of all/any/not/some_member above the deepest test (the top-level rule is level 1). */
  depth: 8,
  /** Nodes inside some_member, summed over all some_member blocks (they run once per member). */
  memberConditions: 30,
  /** Rules in one all/any list. */
  listItems: 20,
  /** Values of one `in` condition. */
  inValues: 50,
} as const;

export type RuleLimit = keyof typeof RULE_LIMITS;

/** Where a rule crossed a limit, which limit, and a sentence naming it. */
export interface RuleLimitBreach {
  path: string;
  limit: RuleLimit;
  max: number;
  /** The catalogue entry saying which limit (server/i18n), and its parameters. */
  key: MessageKey;
  params: MessageParams;
  /** The same in English. */
  message: string;
}

const breach = (
  path: string,
  limit: RuleLimit,
  key: MessageKey,
  params: MessageParams = {},
): RuleLimitBreach => {
  const all = { max: RULE_LIMITS[limit], ...params };
  return { path, limit, max: RULE_LIMITS[limit], key, params: all, message: t('en', key, all) };
};

export const RULE_LIMITS_TEXT =
  `Limits (checked before anything runs, 400 naming the limit otherwise): at most ${RULE_LIMITS.conditions} ` +
  `conditions (every field/op/value test and every all/any/not/some_member counts), nesting at most ` +
  `${RULE_LIMITS.depth} levels, at most ${RULE_LIMITS.memberConditions} conditions inside some_member, ` +
  `${RULE_LIMITS.listItems} rules per all/any list and ${RULE_LIMITS.inValues} values per "in".`;

const COMBINATORS = ['all', 'any', 'not', 'some_member'] as const;

/**
 * The first limit of RULE_LIMITS the rule exceeds, or null. Only size is checked here; meaning and shape
 * are the compiler's job, after this.
 */
export function checkRuleLimits(rule: unknown): RuleLimitBreach | null {
  const stack: Array<{ node: unknown; path: string; depth: number; inMember: boolean }> = [
    { node: rule, path: 'rule', depth: 1, inMember: false },
  ];
  let conditions = 0;
  let memberConditions = 0;
  while (stack.length > 0) {
    const { node, path, depth, inMember } = stack.pop()!;
    if (++conditions > RULE_LIMITS.conditions) return breach(path, 'conditions', 'rule.limitConditions');
    if (inMember && ++memberConditions > RULE_LIMITS.memberConditions)
      return breach(path, 'memberConditions', 'rule.limitMemberConditions');
    if (depth > RULE_LIMITS.depth) return breach(path, 'depth', 'rule.limitDepth');
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    const record = node as Record<string, unknown>;
    for (const key of COMBINATORS) {
      if (!Object.hasOwn(record, key)) continue;
      const child = record[key];
      const member = inMember || key === 'some_member';
      if (key === 'all' || key === 'any') {
        if (!Array.isArray(child)) continue;
        if (child.length > RULE_LIMITS.listItems)
          return breach(`${path}.${key}`, 'listItems', 'rule.limitListItems', { key, count: child.length });
        for (let i = child.length - 1; i >= 0; i--)
          stack.push({ node: child[i], path: `${path}.${key}[${i}]`, depth: depth + 1, inMember: member });
      } else {
        stack.push({ node: child, path: `${path}.${key}`, depth: depth + 1, inMember: member });
      }
    }
    if (Array.isArray(record.value) && record.value.length > RULE_LIMITS.inValues)
      return breach(`${path}.value`, 'inValues', 'rule.limitInValues', { count: record.value.length });
  }
  return null;
}
