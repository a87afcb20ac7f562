// The registry's code lists as the web uses them: the server's own lists (server/domain/code-lists.ts, a module
// with no imports, bundled as is), so a form offers exactly the codes the API accepts, labelled in the user's
// language, and never a retyped copy.
import {
  CODE_LISTS,
  LEAVE_REASONS,
  NEED_CATEGORIES,
  PPKS_CATEGORIES,
  codesOf,
  type Code,
  type CodeListName,
  type CodeOf,
} from '../../../../server/domain/code-lists.ts';
import type { Lang } from '../../../../server/schemas/patterns.ts';

export { CODE_LISTS, LEAVE_REASONS, NEED_CATEGORIES, PPKS_CATEGORIES, codesOf };
export type { Code, CodeListName, CodeOf };

export const DISABILITY_TYPES = codesOf('disabilityType');
export const SEVERITIES = codesOf('severity');
export const RELATIONS = codesOf('relation');
export const STEP_STATUSES = codesOf('stepStatus');
export const AUDIT_ACTIONS = codesOf('auditAction');

export interface CodeOption<C extends string = string> {
  value: C;
  label: string;
}

/** A list's codes as <option>s, labelled in `lang`. */
export function codeOptions<L extends CodeListName>(list: L, lang: Lang): CodeOption<CodeOf<L>>[] {
  return (CODE_LISTS[list] as readonly Code[]).map((c) => ({ value: c.code as CodeOf<L>, label: c[lang] }));
}

/** A code's label in `lang`; the code itself when the list does not hold it (an old or unknown code). */
export function codeLabel(list: CodeListName | 'ppks' | 'need', code: string, lang: Lang): string {
  const codes: readonly Code[] =
    list === 'ppks' ? PPKS_CATEGORIES : list === 'need' ? NEED_CATEGORIES : CODE_LISTS[list];
  return codes.find((c) => c.code === code)?.[lang] ?? code;
}

/** The leave reasons as <option>s: household statuses, labelled as the status list labels them. */
export const leaveReasonOptions = (lang: Lang): CodeOption<(typeof LEAVE_REASONS)[number]>[] =>
  LEAVE_REASONS.map((r) => ({ value: r, label: codeLabel('householdStatus', r, lang) }));
