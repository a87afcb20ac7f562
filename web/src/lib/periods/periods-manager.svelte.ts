// The periods screen's state and actions (admins): the periods with what each holds, finalizing the open one and
// opening the next. The components only lay these out and hold what is being typed. The API enforces the cycle
// (one open period, a new one after the latest); the checks here only say so before a request is sent.
import { getJson, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { PeriodRow } from '../types/api-types';
import { notify } from '../ui/notify';
import type { PeriodSummary } from './types';

const locale = () => (i18n.lang === 'id' ? 'id-ID' : 'en-GB');
/** A count in the user's language (1.234 / 1,234). */
export const formatCount = (n: number): string => new Intl.NumberFormat(locale()).format(n);
/** A moment as a date in the user's language (its time of day helps nobody here). */
export const formatDate = (iso: string | null): string =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(Date.parse(iso)) : '–';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const CODE = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** The semester after `latest` (July and December, as the demo and Dinsos count them); '' without one. */
export function nextPeriod(latest: string | undefined): string {
  if (!latest || !CODE.test(latest)) return '';
  const year = Number(latest.slice(0, 4));
  const month = Number(latest.slice(5));
  if (month < 7) return `${year}-07`;
  if (month < 12) return `${year}-12`;
  return `${year + 1}-07`;
}

/** Why `code` cannot be opened after `latest`, or undefined when it can be tried. */
export function openProblem(code: string, latest: string | undefined): string | undefined {
  if (!CODE.test(code) || (latest !== undefined && code <= latest))
    return i18n.t('periodOpenBadCode', { latest: latest ?? '' });
  return undefined;
}

export class PeriodsManager {
  /** Oldest first, as the API lists them. */
  periods = $state<PeriodRow[] | undefined>();
  summaries = $state<Record<string, PeriodSummary>>({});
  loadError = $state<string | undefined>();
  /** A refused finalize or open, in the user's language (the API words it). */
  actionError = $state<string | undefined>();
  busy = $state(false);

  readonly open = $derived(this.periods?.find((p) => p.status === 'open'));
  readonly latest = $derived(this.periods?.at(-1));

  constructor(private readonly onChange: () => void = () => undefined) {}

  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const periods = await getJson<PeriodRow[]>('/api/v1/periods', signal);
      const summaries = await Promise.all(
        periods.map((p) =>
          getJson<PeriodSummary>(`/api/v1/periods/${encodeURIComponent(p.code)}/summary`, signal),
        ),
      );
      this.summaries = Object.fromEntries(summaries.map((s) => [s.code, s]));
      this.periods = periods;
    } catch (err) {
      if (!signal?.aborted) this.loadError = message(err);
    }
  }

  /**
   * Adopts (finalizes) the open period; true when it went through (the dialog closes, a notice confirms it).
   * With `override`, the kelurahan still open are adopted as they are: the API wants exactly those named and a
   * reason, and keeps both in the audit log.
   */
  async finalize(code: string, override?: { leaveOpen: string[]; reason: string }): Promise<boolean> {
    return this.act(async () => {
      await sendJson('POST', `/api/v1/periods/${encodeURIComponent(code)}/finalize`, override, session.csrf);
      notify.saved(i18n.t('periodFinalized', { period: code }));
    });
  }

  /** Opens `code` by carrying the latest period forward. */
  async openNext(code: string): Promise<boolean> {
    return this.act(async () => {
      const res = await sendJson<{ carriedFrom: string; copied: Record<string, number> }>(
        'POST',
        '/api/v1/periods',
        { code },
        session.csrf,
      );
      notify.saved(
        i18n.t('periodOpened', {
          period: code,
          from: res?.carriedFrom ?? '',
          households: formatCount(res?.copied.households ?? 0),
        }),
      );
    });
  }

  private async act(work: () => Promise<void>): Promise<boolean> {
    this.actionError = undefined;
    this.busy = true;
    try {
      await work();
      await this.load();
      this.onChange();
      return true;
    } catch (err) {
      this.actionError = message(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
