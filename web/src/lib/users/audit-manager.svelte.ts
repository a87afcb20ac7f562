// The audit log screen's state (admins): the filter being edited, the filter applied, and keyset paging over
// the newest-first log — each page asks for one row more than it shows, so "next" is offered only when there is
// one, and "previous" returns to the page's start kept on a stack. The export link carries the applied filter.
import { getJson } from '../api';
import { i18n } from '../i18n.svelte';
import type { AuditRow } from '../types/api-types';
import { auditQuery, emptyAuditFilter, type AuditFilterForm } from './audit-query';

export const PAGE_SIZE = 50;
/** The most rows one export holds (the API's limit). */
export const EXPORT_LIMIT = 1000;

export { KNOWN_ENTITIES } from './audit-query';

export class AuditManager {
  /** What the form holds; applied by apply(). */
  draft = $state<AuditFilterForm>(emptyAuditFilter());
  applied = $state<AuditFilterForm>(emptyAuditFilter());
  rows = $state<AuditRow[]>([]);
  hasNext = $state(false);
  /** The `before` of each page shown so far (undefined: the newest page). */
  private cursors = $state<Array<number | undefined>>([undefined]);
  loading = $state(false);
  error = $state<string | undefined>();
  private controller: AbortController | undefined;

  get page(): number {
    return this.cursors.length;
  }

  /** The CSV of the applied filter, in the UI's language (a link cannot send Accept-Language). */
  readonly exportUrl = $derived(
    `/api/v1/audit/export?${auditQuery(this.applied, { limit: String(EXPORT_LIMIT), lang: i18n.lang }).toString()}`,
  );

  async load(): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    const before = this.cursors[this.cursors.length - 1];
    const q = auditQuery(this.applied, {
      limit: String(PAGE_SIZE + 1),
      ...(before === undefined ? {} : { before: String(before) }),
    });
    this.loading = true;
    this.error = undefined;
    try {
      const rows = await getJson<AuditRow[]>(`/api/v1/audit?${q.toString()}`, controller.signal);
      this.hasNext = rows.length > PAGE_SIZE;
      this.rows = rows.slice(0, PAGE_SIZE);
    } catch (err) {
      if (!controller.signal.aborted) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.controller === controller) this.loading = false;
    }
  }

  /** Shows the newest page of the form's filter. */
  apply(): Promise<void> {
    this.applied = { ...this.draft };
    this.cursors = [undefined];
    return this.load();
  }

  clear(): Promise<void> {
    this.draft = emptyAuditFilter();
    return this.apply();
  }

  next(): Promise<void> {
    const last = this.rows[this.rows.length - 1];
    if (!this.hasNext || !last) return Promise.resolve();
    this.cursors = [...this.cursors, last.id];
    return this.load();
  }

  previous(): Promise<void> {
    if (this.cursors.length <= 1) return Promise.resolve();
    this.cursors = this.cursors.slice(0, -1);
    return this.load();
  }

  dispose(): void {
    this.controller?.abort();
  }
}
