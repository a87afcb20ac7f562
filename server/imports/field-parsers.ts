// Parsers for the values people type into spreadsheets: Indonesian decimal commas, DD/MM/YYYY dates, KK and
// NIK numbers that Excel may have turned into numbers, code lists by code or label. Each returns a value or
// a reason the user can act on. Pure functions.
import type { Code } from '../domain/code-lists.ts';
import {
  codePoint,
  CONTROL_CHARACTER,
  textProblem,
  visibleControls,
  type TextRule,
} from '../domain/field-rules.ts';
import type { CellValue } from './table-reader.ts';

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; reason: string };

const ok = <T>(value: T | null): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const text = (v: CellValue): string | null => {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return s === '' ? null : s;
};

/** A 16-digit identifier (KK, NIK). Excel numbers are exact below 2^53, which 16-digit KK/NIK codes are. */
export function parseId16(v: CellValue, what: 'KK' | 'NIK'): Parsed<string> {
  if (v === null) return ok(null);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v))
      return bad(`${what} was stored as a rounded number; format the column as Text`);
    return parseId16(v.toFixed(0).padStart(16, '0'), what);
  }
  const s = text(v)!.replace(/[\s.'-]/g, '');
  if (/^[0-9.,]+e\+?[0-9]+$/i.test(s))
    return bad(`${what} is in scientific notation (${s}); format the column as Text before saving`);
  if (!/^[0-9]+$/.test(s)) return bad(`${what} must contain digits only`);
  if (s.length !== 16) return bad(`${what} must be 16 digits, found ${s.length}`);
  return ok(s);
}

/** A number with a decimal point or an Indonesian decimal comma ("-6,98"); thousands separators refused. */
export function parseDecimal(v: CellValue, min: number, max: number): Parsed<number> {
  if (v === null) return ok(null);
  const n = typeof v === 'number' ? v : Number(text(v)!.replace(',', '.'));
  if (typeof v === 'string' && (v.match(/[.,]/g) ?? []).length > 1)
    return bad(`"${v}" has more than one decimal separator`);
  if (!Number.isFinite(n)) return bad(`"${String(v)}" is not a number`);
  if (n < min || n > max) return bad(`${n} is outside ${min} to ${max}`);
  return ok(n);
}

export function parseInteger(v: CellValue, min: number, max: number): Parsed<number> {
  const p = parseDecimal(v, min, max);
  if (!p.ok || p.value === null) return p;
  return Number.isInteger(p.value) ? p : bad(`${p.value} is not a whole number`);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** DD/MM/YYYY (also with - or .), YYYY-MM-DD, or a spreadsheet date; a real calendar date not in the future. */
export function parseDate(v: CellValue, today = new Date()): Parsed<string> {
  if (v === null) return ok(null);
  let y: number;
  let m: number;
  let d: number;
  if (v instanceof Date) {
    [y, m, d] = [v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()];
  } else {
    const s = text(v)!;
    const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    const iso = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(s);
    if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    else return bad(`"${s}" is not a date; use DD/MM/YYYY (e.g. 17/08/1990) or YYYY-MM-DD`);
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return bad(`${pad2(d)}/${pad2(m)}/${y} is not a real date`);
  if (y < 1900) return bad(`year ${y} is before 1900`);
  if (date.getTime() > today.getTime()) return bad(`${pad2(d)}/${pad2(m)}/${y} is in the future`);
  return ok(`${y}-${pad2(m)}-${pad2(d)}`);
}

const squash = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_');

/** A code from a code list, given as its code or its Indonesian label (case and spacing ignored). */
export function parseCode(v: CellValue, list: readonly Code[]): Parsed<string> {
  if (v === null) return ok(null);
  const s = squash(text(v)!);
  const hit = list.find((c) => squash(c.code) === s || squash(c.id) === s || squash(c.en) === s);
  return hit ? ok(hit.code) : bad(`"${text(v)}" is not one of: ${list.map((c) => c.code).join(', ')}`);
}

const YES = ['ya', 'y', 'yes', 'true', '1', 'benar'];
const NO = ['tidak', 't', 'no', 'false', '0', 'bukan'];

export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (v === null) return ok(null);
  if (typeof v === 'boolean') return ok(v);
  const s = String(v).trim().toLowerCase();
  if (YES.includes(s)) return ok(true);
  if (NO.includes(s)) return ok(false);
  return bad(`"${String(v)}" is not ya or tidak`);
}

/** Kemendagri kelurahan code with or without dots ("33.74.01.1001" or "3374011001"). */
export function parseKelurahanCode(v: CellValue): Parsed<string> {
  if (v === null) return ok(null);
  const s = (typeof v === 'number' ? v.toFixed(0) : text(v)!).replace(/\s/g, '');
  const dotted = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  const plain = /^(\d{2})(\d{2})(\d{2})(\d{4})$/.exec(s);
  const m = dotted ?? plain;
  if (!m) return bad(`"${s}" is not a kelurahan code like 33.74.01.1001`);
  return ok(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`);
}

export const cellText = text;

/** Free text under its field rule (domain/field-rules.ts): the same limits as the forms and the API. */
export function parseText(v: CellValue, rule: TextRule): Parsed<string> {
  const s = text(v);
  if (s === null) return ok(null);
  const problem = textProblem(s, rule);
  return problem ? bad(problem) : ok(s);
}

/**
 * Cells holding a control character, each as column, visible value and reason. Checked before anything
 * else of a row, so such a value is never parsed, echoed raw into a report or sent to the database.
 */
export function controlCharacterCells(
  cells: Record<string, CellValue>,
): Array<{ column: string; value: string; reason: string }> {
  // A plain loop: this runs on every cell of every row (an import's hottest check), and almost never finds one.
  const out: Array<{ column: string; value: string; reason: string }> = [];
  for (const column in cells) {
    const v = cells[column];
    const m = typeof v === 'string' ? CONTROL_CHARACTER.exec(v) : null;
    if (m)
      out.push({
        column,
        value: visibleControls(v as string),
        reason: `contains the control character ${codePoint(m[0])}; remove it`,
      });
  }
  return out;
}
