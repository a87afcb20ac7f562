// A rule said in words, in the user's language ("Desil 1 to 4 and a member with Age at most 21"): for the
// confirmation before saving and for the history, where people read what changed, never the JSON.
import { i18n, type MessageKey } from '../i18n.svelte';
import { codeLabel } from '../types/code-lists';
import { fromRule, specOf, type Condition, type Group, type Node, type Scalar } from './rule-model';

export const fieldKey = (field: string) => `ruleF_${field}` as MessageKey;

/** The label of a comparison for a field kind ("has" for a set of disability types, "equals" otherwise). */
export function opLabel(op: string, setField: boolean): string {
  const key = (
    setField && ['eq', 'ne', 'in'].includes(op) ? `ruleOpSet_${op}` : `ruleOp_${op}`
  ) as MessageKey;
  return i18n.t(key);
}

function scalarWords(condition: Condition, member: boolean, v: Scalar): string {
  const spec = specOf(condition.field, member);
  if (v === null || v === undefined) return '—';
  if (spec.kind === 'boolean') return i18n.t(v ? 'ruleYes' : 'ruleNo');
  if (spec.list && typeof v === 'string') return codeLabel(spec.list, v, i18n.lang);
  return typeof v === 'number' ? v.toLocaleString(i18n.lang === 'id' ? 'id-ID' : 'en-GB') : String(v);
}

function conditionWords(c: Condition, member: boolean): string {
  const spec = specOf(c.field, member);
  if (!spec) return `${c.field} ${c.op} ${JSON.stringify(c.value)}`;
  const field = i18n.t(fieldKey(c.field));
  const op = opLabel(c.op, spec.kind === 'code-set');
  const values = Array.isArray(c.value) ? c.value : [c.value];
  const words = values.map((v) => scalarWords(c, member, v));
  if (c.op === 'between')
    return `${field} ${i18n.t('ruleWordsBetween', { lo: words[0] ?? '—', hi: words[1] ?? '—' })}`;
  if (c.op === 'in') return `${field} ${op} ${words.join(', ')}`;
  return `${field} ${op} ${words[0] ?? '—'}`;
}

function nodeWords(node: Node, nested: boolean, member: boolean): string {
  return node.type === 'condition' ? conditionWords(node, member) : groupWords(node, nested, member);
}

function groupWords(g: Group, nested: boolean, outerMember = false): string {
  const member = g.member || outerMember;
  const joiner = ` ${i18n.t(g.mode === 'all' ? 'ruleWordsAnd' : 'ruleWordsOr')} `;
  const parts = g.items.map((n) => nodeWords(n, true, member));
  let text = g.mode === 'none' ? i18n.t('ruleWordsNone', { items: parts.join(joiner) }) : parts.join(joiner);
  if (g.member) return i18n.t('ruleWordsMember', { items: text });
  if (nested && g.items.length > 1 && g.mode !== 'none') text = `(${text})`;
  return text;
}

/** A stored or edited rule in words; "—" for nothing. */
export function ruleInWords(rule: unknown): string {
  if (rule === null || rule === undefined) return '—';
  return groupWords(fromRule(rule), false);
}

/** An editor tree in words. */
export function treeInWords(top: Group): string {
  return groupWords(top, false);
}
