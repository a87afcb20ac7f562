// The duplicates screen's state and actions: the groups of households that share a member's NIK or a KK, one
// group opened as its households side by side (each record read in full), the record the operator keeps, and
// the merge of the others into it under both versions. Nothing is deleted: a merged household stays as a record
// marked merged into the survivor, and its own people move over. A stale version (409) is kept apart so the
// screen can offer to reload the pair.
import { ApiError, getJson, sendJson } from '../api';
import { session } from '../session.svelte';
import type { DuplicateGroup, Household } from '../types/api-types';
import { mayCall } from '../types/roles';
import { compareFields, withKeys, type DuplicateItem, type MergeResult } from './compare';

export type { ComparedField, DuplicateItem, MergeResult } from './compare';
export { ownMembers } from './compare';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class DuplicatesManager {
  groups = $state<DuplicateItem[] | undefined>();
  /** The group opened for comparison, and its households read in full (in the group's order). */
  current = $state<DuplicateItem | undefined>();
  records = $state<Household[]>([]);
  /** The household that stays. */
  survivorId = $state<string | undefined>();
  error = $state<string | undefined>();
  /** The last answer was a stale version: the pair must be reloaded before merging. */
  stale = $state(false);
  busy = $state(false);
  result = $state<MergeResult | undefined>();
  /** Counts the groups opened: the comparison takes the focus when this changes. */
  opened = $state(0);
  /** Raised by every open and close: a pair read that answers after the user went back is dropped. */
  private generation = 0;

  readonly mayMerge = $derived(mayCall('POST /api/v1/households/:id/merge', session.user?.role));
  readonly survivor = $derived(this.records.find((r) => r.id === this.survivorId));
  readonly others = $derived(this.records.filter((r) => r.id !== this.survivorId));
  readonly fields = $derived(compareFields(this.records));

  private fail(err: unknown): void {
    this.stale = err instanceof ApiError && err.status === 409;
    this.error = message(err);
  }

  async load(): Promise<void> {
    this.error = undefined;
    this.stale = false;
    try {
      this.groups = withKeys((await getJson<{ groups: DuplicateGroup[] }>('/api/v1/duplicates')).groups);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Opens a group: each household read in full; the first listed is proposed as the one that stays. */
  async open(group: DuplicateItem): Promise<void> {
    this.error = undefined;
    this.stale = false;
    this.result = undefined;
    this.busy = true;
    const generation = ++this.generation;
    try {
      const records = await Promise.all(
        group.households.map((h) => getJson<Household>(`/api/v1/households/${h.id}`)),
      );
      if (generation !== this.generation) return;
      this.current = group;
      this.records = records;
      if (!records.some((r) => r.id === this.survivorId)) this.survivorId = records[0]?.id;
      this.opened += 1;
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  close(): void {
    this.generation += 1;
    this.current = undefined;
    this.records = [];
    this.survivorId = undefined;
    this.error = undefined;
    this.stale = false;
  }

  /** After a stale answer: the list and the pair read again, at their current versions. */
  async reload(): Promise<void> {
    const current = this.current;
    await this.load();
    const fresh = this.groups?.find((g) => g.uid === current?.uid);
    if (fresh) await this.open(fresh);
    else this.close();
  }

  /**
   * Merges every other household of the group into the survivor, each under both versions (the survivor read
   * again between merges, as each one raises its version). On success the group leaves the list.
   */
  async merge(note: string): Promise<boolean> {
    const survivor = this.survivor;
    if (!survivor) return false;
    this.error = undefined;
    this.stale = false;
    this.busy = true;
    let intoVersion = survivor.version;
    let movedMembers = 0;
    const merged: MergeResult['merged'] = [];
    try {
      for (const other of this.others) {
        const res = await sendJson<{ movedMembers: number }>(
          'POST',
          `/api/v1/households/${other.id}/merge`,
          {
            into: survivor.id,
            version: other.version,
            intoVersion,
            ...(note.trim() ? { note: note.trim() } : {}),
          },
          session.csrf,
        );
        movedMembers += res?.movedMembers ?? 0;
        intoVersion = (await getJson<Household>(`/api/v1/households/${survivor.id}`)).version;
        const after = await getJson<Household>(`/api/v1/households/${other.id}`);
        merged.push({ id: after.id, kk: after.kk, status: after.status });
      }
    } catch (err) {
      this.fail(err);
      this.busy = false;
      return false;
    }
    // The group leaves the list at once; the list is then read again.
    const done = this.current?.uid;
    this.groups = this.groups?.filter((g) => g.uid !== done);
    this.result = { survivorKk: survivor.kk, merged, movedMembers };
    this.busy = false;
    this.close();
    await this.load();
    return true;
  }
}
