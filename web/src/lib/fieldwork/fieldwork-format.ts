// Figures, shares and days of the Verivali screen in the user's language, today's date as the API counts due
// dates (the calendar day), and the verivali API's URLs. Plain functions, outside the reactive managers.
import { i18n } from '../i18n.svelte';

const locale = () => (i18n.lang === 'id' ? 'id-ID' : 'en-GB');

export const formatCount = (n: number): string => new Intl.NumberFormat(locale()).format(n);

export const formatShare = (share: number | null): string =>
  share === null ? '–' : new Intl.NumberFormat(locale(), { style: 'percent' }).format(share);

/** A calendar day (YYYY-MM-DD) in the user's language, read as that day wherever the browser is. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** The local calendar day `days` from today, as YYYY-MM-DD. */
export function dayFromToday(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return d.toLocaleDateString('sv');
}

/** A verivali route with its query (empty values left out). */
export function verivaliUrl(
  what: 'progress' | 'assignments' | 'verifiers',
  query: Record<string, string | undefined>,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  return `/api/v1/verivali/${what}?${q.toString()}`;
}
