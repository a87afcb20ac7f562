// The duplicates screen's pure parts: a key of its own for each listed group, the households' fields side by
// side with the ones that differ marked, and the members only one record has (they move on a merge).
import type { DuplicateGroup, Household } from '../types/api-types';

/**
 * One group as listed, with a key of its own: the masked NIK or KK repeats (two NIKs masked alike, the same
 * pair sharing several NIKs), so neither it nor the household ids tell groups apart.
 */
export interface DuplicateItem extends DuplicateGroup {
  uid: string;
}

/** A compared household field: its value in each household, and whether they differ. */
export interface ComparedField {
  field: 'kk' | 'kelurahan' | 'address' | 'rtRw' | 'desil' | 'members';
  values: string[];
  differs: boolean;
}

export interface MergeResult {
  survivorKk: string;
  /** Each merged household as read back after the merge: its status says it was merged. */
  merged: Array<{ id: string; kk: string; status: string }>;
  movedMembers: number;
}

/** Gives every group a key of its own, stable across reloads of the same list. */
export function withKeys(groups: DuplicateGroup[]): DuplicateItem[] {
  const seen = new Map<string, number>();
  return groups.map((g) => {
    const base = `${g.reason}:${g.key}:${g.households.map((h) => h.id).join(',')}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...g, uid: n ? `${base}#${n}` : base };
  });
}

const show = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '–' : String(v);

/** The household fields side by side, each marked when the households disagree. */
export function compareFields(records: Household[]): ComparedField[] {
  const rows: Array<[ComparedField['field'], (h: Household) => string]> = [
    ['kk', (h) => h.kk],
    ['kelurahan', (h) => h.kelurahan],
    ['address', (h) => show(h.address)],
    ['rtRw', (h) => `${show(h.rt)}/${show(h.rw)}`],
    ['desil', (h) => show(h.desil)],
    ['members', (h) => String(h.members.filter((m) => m.status === 'active').length)],
  ];
  return rows.map(([field, value]) => {
    const values = records.map(value);
    return { field, values, differs: new Set(values).size > 1 };
  });
}

/** The members of `record` whose masked NIK no other compared household has (they would move on a merge). */
export function ownMembers(record: Household, records: Household[]): Set<string> {
  const others = new Set(
    records.filter((r) => r.id !== record.id).flatMap((r) => r.members.map((m) => m.nik ?? '')),
  );
  return new Set(record.members.filter((m) => !m.nik || !others.has(m.nik)).map((m) => m.id));
}
