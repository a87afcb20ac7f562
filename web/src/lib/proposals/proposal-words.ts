// A proposal in words: its diff rows as field names and values the way the record's history says them (codes as
// labels, never JSON), and its one-line summary. Framework-free, the language comes in as an argument.
import type { Lang } from '../i18n.svelte';
import { fieldWords, valueWords } from '../records/record-history';
import type { Proposal } from '../types/api-types';

export interface DiffLine {
  field: string;
  before: string;
  after: string;
}

/** Bookkeeping rows the reviewer does not need to read (the member a correction is about is named instead). */
const HIDDEN = new Set(['member_id']);

export function diffLines(p: Pick<Proposal, 'diff'>, lang: Lang): DiffLine[] {
  return p.diff
    .filter((d) => !HIDDEN.has(d.field))
    .map((d) => ({
      field: fieldWords(d.field, lang),
      before: d.before === null || d.before === undefined ? '–' : valueWords(d.field, d.before, lang),
      after: valueWords(d.field, d.after, lang),
    }));
}

/** Proposals grouped by kelurahan, in the list's order (the API sorts by kelurahan, then oldest first). */
export function byKelurahan(list: readonly Proposal[]): Array<{ kelurahan: string; proposals: Proposal[] }> {
  const groups = new Map<string, Proposal[]>();
  for (const p of list) {
    const g = groups.get(p.kelurahan);
    if (g) g.push(p);
    else groups.set(p.kelurahan, [p]);
  }
  return [...groups].map(([kelurahan, proposals]) => ({ kelurahan, proposals }));
}
