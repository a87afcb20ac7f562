// What a musyawarah kelurahan decided about its list, as the operator writes it down afterwards: the meeting's
// day, the households it takes off the list (each with its reason: it becomes a removal proposal that Dinsos
// approves or rejects) and the ones it adds (a name and RT/RW, to be registered). Every other household on the
// list stays, so only the exceptions are entered. One save sends them all; the API refuses them all if one row
// is wrong, and names the row.
import { getJson, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { HouseholdSearch } from '../types/api-types';
import { notify } from '../ui/notify';

type Hit = HouseholdSearch['households'][number];
export const LEAVE_REASONS = ['moved_out', 'died', 'not_eligible'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

export interface Removal {
  id: string;
  head: string | null;
  kk: string;
  rt: number | null;
  rw: number | null;
  reason: LeaveReason;
  note: string;
}
export interface Addition {
  head: string;
  rt: string;
  rw: string;
  note: string;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const RT_RW = /^[0-9]{1,3}$/;

export class MuskelDecisions {
  muskelOn = $state('');
  query = $state('');
  hits = $state<Hit[] | undefined>();
  searching = $state(false);
  removals = $state<Removal[]>([]);
  additions = $state<Addition[]>([]);
  busy = $state(false);
  error = $state<string | undefined>();

  constructor(
    readonly code: string,
    readonly period: string,
    private readonly onSaved: () => void = () => undefined,
  ) {}

  get count(): number {
    return this.removals.length + this.additions.length;
  }

  async search(): Promise<void> {
    this.error = undefined;
    if (this.query.trim().length < 3) {
      this.error = i18n.t('muskelSearchShort');
      return;
    }
    this.searching = true;
    try {
      const enc = encodeURIComponent;
      const url = `/api/v1/households?q=${enc(this.query.trim())}&kelurahan=${enc(this.code)}&period=${enc(this.period)}`;
      this.hits = (await getJson<HouseholdSearch>(url)).households;
    } catch (err) {
      this.error = message(err);
    } finally {
      this.searching = false;
    }
  }

  isRemoved(id: string): boolean {
    return this.removals.some((r) => r.id === id);
  }

  remove(hit: Hit): void {
    if (this.isRemoved(hit.id)) return;
    this.removals = [
      ...this.removals,
      { id: hit.id, head: hit.head, kk: hit.kk, rt: hit.rt, rw: hit.rw, reason: 'moved_out', note: '' },
    ];
  }

  keep(id: string): void {
    this.removals = this.removals.filter((r) => r.id !== id);
  }

  addRow(): void {
    this.additions = [...this.additions, { head: '', rt: '', rw: '', note: '' }];
  }

  dropRow(i: number): void {
    this.additions = this.additions.filter((_, j) => j !== i);
  }

  /** What is wrong before anything is sent, in the user's language; undefined when it can be sent. */
  problem(): string | undefined {
    if (!this.muskelOn) return i18n.t('muskelNeedsDay');
    if (this.count === 0) return i18n.t('muskelNothing');
    const bad = this.additions.findIndex(
      (a) => !a.head.trim() || (a.rt && !RT_RW.test(a.rt)) || (a.rw && !RT_RW.test(a.rw)),
    );
    if (bad >= 0) return i18n.t('muskelBadAddition', { row: bad + 1 });
    return undefined;
  }

  async save(): Promise<boolean> {
    this.error = this.problem();
    if (this.error) return false;
    this.busy = true;
    try {
      const decisions = [
        ...this.removals.map((r) => ({
          householdId: r.id,
          decision: 'remove' as const,
          reason: r.reason,
          ...(r.note.trim() ? { note: r.note.trim() } : {}),
        })),
        ...this.additions.map((a) => ({
          decision: 'add' as const,
          head: a.head.trim(),
          ...(a.rt ? { rt: Number(a.rt) } : {}),
          ...(a.rw ? { rw: Number(a.rw) } : {}),
          ...(a.note.trim() ? { note: a.note.trim() } : {}),
        })),
      ];
      await sendJson(
        'POST',
        `/api/v1/areas/${encodeURIComponent(this.code)}/muskel/decisions`,
        { period: this.period, muskelOn: this.muskelOn, decisions },
        session.csrf,
      );
      notify.saved(i18n.t('muskelSaved', { removed: this.removals.length, added: this.additions.length }));
      this.removals = [];
      this.additions = [];
      this.hits = undefined;
      this.query = '';
      this.onSaved();
      return true;
    } catch (err) {
      this.error = message(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
