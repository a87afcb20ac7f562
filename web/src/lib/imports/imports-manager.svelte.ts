// The imports screen's state and actions: the periods to import into, the upload, the job while it runs (polled
// until it ends), its result and reject report, and the job history. The components only lay these out.
// Every answer in the user's language: the web sends it, the API translates reasons and errors.
import { getJson, postForm } from '../api';
import { session } from '../session.svelte';
import type { PeriodRow } from '../types/api-types';
import type { Lang } from '../i18n.svelte';
import { mayCall } from '../types/roles';
import { finished, type ImportJob, type ImportJobList, type RejectEntry, type UploadKind } from './types';

/** How often a running job is asked for its progress. */
const POLL_MS = 400;
/** A page of the history. */
export const HISTORY_PAGE = 10;
/** Rows of a reject report shown on screen; the downloads hold all of them. */
export const REJECTS_SHOWN = 200;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const rejectsUrl = (id: string, format: 'csv' | 'xlsx', lang: string): string =>
  `/api/v1/imports/${encodeURIComponent(id)}/rejects?format=${format}&lang=${encodeURIComponent(lang)}`;
/** A template in the reader's language (its preamble and yes/no examples; column names are the format's). */
export const templateUrl = (kind: UploadKind, format: 'csv' | 'xlsx', lang: Lang): string =>
  `/api/v1/imports/templates/${kind}.${format}?lang=${lang}`;

export class ImportsManager {
  periods = $state<PeriodRow[]>([]);
  /** The job shown: the one just uploaded (while it runs, then its result) or one opened from the history. */
  job = $state<ImportJob | undefined>();
  rejects = $state<RejectEntry[] | undefined>();
  history = $state<ImportJobList | undefined>();
  historyOffset = $state(0);
  uploading = $state(false);
  error = $state<string | undefined>();
  /** Counts the results shown, so the result takes the focus once when it arrives. */
  shown = $state(0);

  /** Admins import program enrolment lists too; operators their kelurahan's households. */
  readonly kinds = $derived<UploadKind[]>(
    session.user?.role === 'admin' ? ['households', 'enrolments'] : ['households'],
  );
  readonly mayUpload = $derived(mayCall('POST /api/v1/imports', session.user?.role));
  readonly openPeriods = $derived(this.periods.filter((p) => p.status === 'open'));

  private turn = 0;

  async load(): Promise<void> {
    try {
      const [periods] = await Promise.all([
        getJson<PeriodRow[]>('/api/v1/periods'),
        this.loadHistory(this.historyOffset),
      ]);
      this.periods = periods;
    } catch (err) {
      this.error = message(err);
    }
  }

  async loadHistory(offset: number): Promise<void> {
    this.history = await getJson<ImportJobList>(`/api/v1/imports?limit=${HISTORY_PAGE}&offset=${offset}`);
    this.historyOffset = offset;
  }

  async page(offset: number): Promise<void> {
    try {
      await this.loadHistory(Math.max(0, offset));
    } catch (err) {
      this.error = message(err);
    }
  }

  /** Sends the fields first, then the file: the server judges the upload before it reads a byte of the file. */
  async upload(file: File, kind: UploadKind, period: string): Promise<void> {
    this.error = undefined;
    this.job = undefined;
    this.rejects = undefined;
    this.uploading = true;
    try {
      const form = new FormData();
      form.append('kind', kind);
      form.append('period', period);
      form.append('file', file, file.name);
      const { id } = await postForm<{ id: string }>('/api/v1/imports', form, session.csrf);
      await this.follow(id);
    } catch (err) {
      this.error = message(err);
    } finally {
      this.uploading = false;
    }
  }

  /** Shows a job from the history: its counts and its reject report. */
  async show(id: string): Promise<void> {
    this.error = undefined;
    try {
      await this.follow(id);
    } catch (err) {
      this.error = message(err);
    }
  }

  /**
   * Polls a job until it ends, then loads its reject report and the history (which now holds it). A newer
   * upload or a job opened from the history (or the screen closing) ends an older follow at its next turn.
   */
  private async follow(id: string): Promise<void> {
    const turn = ++this.turn;
    const url = `/api/v1/imports/${encodeURIComponent(id)}`;
    for (;;) {
      const job = await getJson<ImportJob>(url);
      if (turn !== this.turn) return;
      this.job = job;
      if (finished(job)) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const rejects = await getJson<RejectEntry[]>(`${url}/rejects`);
    if (turn !== this.turn) return;
    this.rejects = rejects;
    this.shown++;
    await this.loadHistory(this.historyOffset);
  }

  /** The language changed: the shown job's failure and reject reasons again, in the new language. */
  async relang(): Promise<void> {
    const job = this.job;
    if (!job || !finished(job)) return;
    const turn = this.turn;
    const url = `/api/v1/imports/${encodeURIComponent(job.id)}`;
    try {
      const [fresh, rejects] = await Promise.all([
        getJson<ImportJob>(url),
        getJson<RejectEntry[]>(`${url}/rejects`),
      ]);
      if (turn !== this.turn) return;
      this.job = fresh;
      this.rejects = rejects;
    } catch (err) {
      this.error = message(err);
    }
  }

  /** The screen closed: no more polling. */
  close(): void {
    this.turn++;
  }
}
