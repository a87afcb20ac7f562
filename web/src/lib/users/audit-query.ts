// The audit log's filter as the form holds it and as the API takes it (pure: unit-testable, no state).
import type { CodeOf } from '../types/api-types';
import { codesOf } from '../types/code-lists';

export interface AuditFilterForm {
  /** Dates (YYYY-MM-DD), both inclusive. */
  from: string;
  to: string;
  username: string;
  action: CodeOf<'auditAction'> | '';
  entity: string;
}

export const emptyAuditFilter = (): AuditFilterForm => ({
  from: '',
  to: '',
  username: '',
  action: '',
  entity: '',
});

/** The day after a date: the API's `to` is exclusive, the form's end date inclusive. */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The API's query for a filter (empty fields left out). */
export function auditQuery(f: AuditFilterForm, extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams();
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', dayAfter(f.to));
  if (f.username.trim()) q.set('username', f.username.trim());
  if (f.action) q.set('action', f.action);
  if (f.entity.trim()) q.set('entity', f.entity.trim());
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q;
}

/** Entities the log names, from the code list that labels them (audit-matrix checks every written one is there). */
export const KNOWN_ENTITIES = codesOf('auditEntity');
