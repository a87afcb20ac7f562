// The report's codes in words: why a feature matched nothing, and what PostGIS repaired (ST_IsValidReason,
// e.g. "Self-intersection[110.41 -6.98]") as a sentence with the place, in the user's language.
import { i18n, type MessageKey } from '../i18n.svelte';
import type { BoundaryReport } from './types';

const UNMATCHED: Record<BoundaryReport['unmatched'][number]['reason'], MessageKey> = {
  noCodeNoName: 'boundaryReasonNoCodeNoName',
  codeNotInRegion: 'boundaryReasonCodeNotInRegion',
  nameNotFound: 'boundaryReasonNameNotFound',
};

export const unmatchedReason = (reason: BoundaryReport['unmatched'][number]['reason']): string =>
  i18n.t(UNMATCHED[reason]);

const REPAIRS: ReadonlyArray<[RegExp, MessageKey]> = [
  [/^Ring Self-intersection/i, 'boundaryRepairRing'],
  [/^Self-intersection/i, 'boundaryRepairSelf'],
  [/^Too few points/i, 'boundaryRepairFew'],
  [/^Hole lies outside shell/i, 'boundaryRepairHole'],
];

export function repairReason(reason: string): string {
  const known = REPAIRS.find(([pattern]) => pattern.test(reason));
  const kind = reason.replace(/\[.*$/, '').trim();
  const what = known ? i18n.t(known[1]) : i18n.t('boundaryRepairOther', { reason: kind });
  const at = /\[(-?[\d.]+) (-?[\d.]+)\]/.exec(reason);
  if (!at) return what;
  const fmt = (v: string) => Number(v).toFixed(5);
  return i18n.t('boundaryRepairAt', { what, lon: fmt(at[1]!), lat: fmt(at[2]!) });
}
