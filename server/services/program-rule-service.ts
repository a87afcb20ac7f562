// The rule editor's server side (admins): a rule checked as it is typed, without touching the database, its
// refusal said in the caller's language beside the place in the rule it concerns; and a program's rule
// history, read from the audit rows ProgramService.updateRule writes with every change (no second copy).
import { compileRule, RuleError } from '../domain/rule-compiler.ts';
import { ruleFieldLabel } from '../i18n/rule-field-labels.ts';
import { t, type Lang } from '../i18n/translate.ts';
import { notFoundT } from '../lib/problem.ts';
import { scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';

/** The most changes one history answers with (a rule changes a few times a year). */
export const RULE_HISTORY_LIMIT = 200;

export type RuleCheck =
  { valid: true } | { valid: false; path: string; reason: string; limit?: string; max?: number };

export interface RuleChange {
  at: string;
  username: string | null;
  displayName: string | null;
  before: unknown;
  after: unknown;
}

export class ProgramRuleService {
  constructor(private readonly db: Db) {}

  /** Whether the rule would be accepted; if not, where and why, in `lang` (fields named in words). */
  check(rule: unknown, lang: Lang): RuleCheck {
    try {
      compileRule(rule);
      return { valid: true };
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      const params = { ...err.params };
      if (typeof params.field === 'string') params.field = ruleFieldLabel(lang, params.field);
      return {
        valid: false,
        path: err.path,
        reason: t(lang, err.key, params),
        ...(err.limit ? { limit: err.limit.name, max: err.limit.max } : {}),
      };
    }
  }

  /** Who changed the program's rule when, from what to what; newest first. */
  async history(actor: Actor, code: string): Promise<{ program: string; changes: RuleChange[] }> {
    const program = await this.db.repos.programs.find(actor.regionCode, code, scopeOf(actor));
    if (!program) throw notFoundT('notFound.program', { code });
    const rows = await this.db.repos.audit.ruleChanges(actor.regionCode, code, RULE_HISTORY_LIMIT);
    return {
      program: code,
      changes: rows.map((r) => {
        const pair = (r.changes as { eligibility_rule?: unknown } | null)?.eligibility_rule;
        const [before, after]: unknown[] = Array.isArray(pair) ? (pair as unknown[]) : [null, null];
        return { at: r.at, username: r.username, displayName: r.display_name, before, after };
      }),
    };
  }
}
