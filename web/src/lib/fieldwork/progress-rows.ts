// The progress table's rows as the user asked for them: found by kelurahan or kecamatan name (accents and case
// ignored), optionally only where something is assigned, sorted by any column. Pure, so it is tested alone.
import type { ProgressRow } from './fieldwork-types';

export const SORT_KEYS = [
  'kecamatan',
  'name',
  'households',
  'assigned',
  'visited',
  'verifiedShare',
  'overdue',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface RowChoice {
  filter: string;
  onlyAssigned: boolean;
  sort: SortKey;
  descending: boolean;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('id');

/** Whether `row` is one the filter text names (every word in its kelurahan or kecamatan name). */
export function matches(row: ProgressRow, filter: string): boolean {
  const words = fold(filter).split(/\s+/).filter(Boolean);
  const text = fold(`${row.name ?? row.code} ${row.kecamatan ?? ''}`);
  return words.every((w) => text.includes(w));
}

export function visibleRows(rows: readonly ProgressRow[], choice: RowChoice): ProgressRow[] {
  const shown = rows.filter((r) => (!choice.onlyAssigned || r.assigned > 0) && matches(r, choice.filter));
  const text = (r: ProgressRow) => (choice.sort === 'kecamatan' ? (r.kecamatan ?? '') : (r.name ?? r.code));
  const byName = (a: ProgressRow, b: ProgressRow) =>
    (a.kecamatan ?? '').localeCompare(b.kecamatan ?? '', 'id') ||
    (a.name ?? a.code).localeCompare(b.name ?? b.code, 'id');
  const compare = (a: ProgressRow, b: ProgressRow): number => {
    if (choice.sort === 'kecamatan' || choice.sort === 'name')
      return text(a).localeCompare(text(b), 'id') || byName(a, b);
    // A share that does not exist yet (nothing assigned) sorts below every real one, either way round.
    const va = a[choice.sort] ?? -1;
    const vb = b[choice.sort] ?? -1;
    return va - vb;
  };
  const dir = choice.descending ? -1 : 1;
  return shown.sort((a, b) => dir * compare(a, b) || byName(a, b));
}
