// The area panel's RT/RW section for one kelurahan and period: the table, loaded when asked for (each opening
// is an audited read, so the panel does not open it for every click on the map), which RWs show their RTs,
// and the download links (the table's files, the musyawarah kelurahan PDF) in the UI's language.
import { getJson } from '../api';
import { i18n } from '../i18n.svelte';
import type { RtRwTable } from '../types/api-types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class RtRwManager {
  table = $state<RtRwTable | undefined>();
  loading = $state(false);
  error = $state<string | undefined>();
  /** RW numbers (null: not recorded) whose RT rows show. */
  expanded = $state<Array<number | null>>([]);
  /** The RW the muskel list is printed for; '' = all. */
  muskelRw = $state('');

  constructor(
    readonly code: string,
    readonly period: string,
  ) {}

  private base(path: string): string {
    return `/api/v1/areas/${encodeURIComponent(this.code)}/${path}?period=${encodeURIComponent(this.period)}`;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = undefined;
    try {
      this.table = await getJson<RtRwTable>(this.base('rt-rw'));
    } catch (err) {
      this.error = message(err);
    } finally {
      this.loading = false;
    }
  }

  isExpanded(rw: number | null): boolean {
    return this.expanded.includes(rw);
  }

  toggle(rw: number | null): void {
    this.expanded = this.isExpanded(rw) ? this.expanded.filter((r) => r !== rw) : [...this.expanded, rw];
  }

  fileUrl(format: 'csv' | 'xlsx'): string {
    return `${this.base('rt-rw')}&format=${format}&lang=${i18n.lang}`;
  }

  get muskelUrl(): string {
    const rw = this.muskelRw ? `&rw=${encodeURIComponent(this.muskelRw)}` : '';
    return `${this.base('muskel.pdf')}${rw}&lang=${i18n.lang}`;
  }

  /** The RWs on record, for the muskel list's choice (known from the table once loaded). */
  get rwOptions(): number[] {
    return (this.table?.rws ?? []).flatMap((r) => (r.rw === null ? [] : [r.rw]));
  }
}
