// Text rules shared by every way a value enters the registry: the import row validator, the forms' routes
// and the API schemas read the same limits from here, so an import cannot store what the edit form then
// refuses. Control characters are refused everywhere: NUL cannot be stored in PostgreSQL text at all (it
// answered 500), and the other C0 controls corrupt CSV exports, logs and terminals. Tab, line feed and
// carriage return are allowed only in multi-line fields (notes).
import { Type } from '@sinclair/typebox';

/** C0 controls other than tab, line feed and carriage return; refused in every string of every request. */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
/** In a single-line field, tab and line breaks are refused as well. */
const SINGLE_LINE_CONTROL = /[\u0000-\u001F]/;

export interface TextRule {
  label: string;
  maxLength: number;
  multiline: boolean;
}

export const FIELD_RULES = {
  address: { label: 'address', maxLength: 300, multiline: false },
  personName: { label: 'name', maxLength: 120, multiline: false },
} as const satisfies Record<string, TextRule>;

/** Ranges of the numeric household fields, in JSON-schema words so route schemas can spread them. */
export const NUMBER_RULES = {
  rt: { minimum: 1, maximum: 999 },
  rw: { minimum: 1, maximum: 999 },
  desil: { minimum: 1, maximum: 10 },
  floorAreaM2: { minimum: 0, maximum: 10000 },
} as const;

/** "U+0000" for a character, as messages name it. */
export const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The value with control characters written out as \u0000, safe to show, store and log. */
export const visibleControls = (s: string) =>
  s.replace(/[\u0000-\u001F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Why a string breaks a text rule, or null. The value is taken as given (callers trim first if they trim). */
export function textProblem(value: string, rule: TextRule): string | null {
  const control = (rule.multiline ? CONTROL_CHARACTER : SINGLE_LINE_CONTROL).exec(value);
  if (control)
    return `${rule.label} contains the control character ${codePoint(control[0])} at position ${control.index + 1}${
      rule.multiline ? '' : ' (it is one line: no tabs or line breaks)'
    }; remove it`;
  if (value.length > rule.maxLength)
    return `${rule.label} is ${value.length} characters long; at most ${rule.maxLength} are allowed`;
  return null;
}

/** The JSON schema of a field under its rule (routes), so the API refuses what an import would. */
export function textSchema(rule: TextRule, options: { minLength?: number; description?: string } = {}) {
  return Type.String({
    maxLength: rule.maxLength,
    // Ajv compiles patterns with the u flag; \\u escapes keep the schema text printable in OpenAPI.
    pattern: rule.multiline ? '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$' : '^[^\\u0000-\\u001F]*$',
    ...options,
  });
}
