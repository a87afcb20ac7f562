// The audit log's filter as the form holds it and as the API takes it (pure: unit-testable, no state).
import type { CodeOf } from '../types/api-types';

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

/** Entities the log names, offered as suggestions (the filter takes any). */
export const KNOWN_ENTITIES = [
  'audit_log',
  'boundary_set',
  'case_plan',
  'duplicates',
  'handling_step',
  'handling_steps',
  'handling_steps_overdue',
  'household',
  'household_history',
  'household_identifiers',
  'household_need',
  'household_search',
  'household_tile',
  'import_job',
  'import_rejects',
  'member',
  'period',
  'program_rule',
  'route',
  'session',
  'target_list',
  'user',
] as const;
