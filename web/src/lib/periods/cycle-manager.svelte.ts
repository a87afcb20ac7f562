// Each kelurahan's part of the semester cycle in one period (#20 items 2 and 4): whether its list is closed,
// the day its musyawarah kelurahan met, the signed berita acara attached, and the proposals still waiting. The
// periods screen (admins, every kelurahan) and the area panel (an operator's own kelurahan) share it. The API
// decides who may close, reopen or attach; this only carries the answers and the refusals in the user's words.
import { getJson, postForm, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { notify } from '../ui/notify';
import type { BeritaAcara, CloseInput, KelurahanRecord } from './types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const enc = encodeURIComponent;

export class CycleManager {
  records = $state<KelurahanRecord[] | undefined>();
  /** The period's own status: a finalized period's records are history, not to be changed. */
  periodStatus = $state<string | undefined>();
  loadError = $state<string | undefined>();
  /** A refused close, reopen or upload (the API words it), with the kelurahan it concerns. */
  actionError = $state<{ code: string; text: string } | undefined>();
  busy = $state(false);
  /** The berita acara listed per kelurahan, once asked for. */
  scans = $state<Record<string, BeritaAcara[]>>({});
  /** Narrows the admin's table: a name typed, or only the kelurahan still open. */
  filter = $state('');
  onlyOpen = $state(false);

  readonly closed = $derived(this.records?.filter((r) => r.status === 'closed').length ?? 0);
  readonly openCodes = $derived(this.records?.filter((r) => r.status === 'open').map((r) => r.code) ?? []);
  readonly shown = $derived.by(() => {
    const words = this.filter.trim().toLowerCase();
    return (this.records ?? []).filter(
      (r) =>
        (!this.onlyOpen || r.status === 'open') &&
        (!words || `${r.name} ${r.kecamatanName} ${r.code}`.toLowerCase().includes(words)),
    );
  });

  constructor(
    readonly period: string,
    /** Only this kelurahan (the area panel); all the user may see when undefined. */
    readonly only?: string,
  ) {}

  private url(path = ''): string {
    return `/api/v1/periods/${enc(this.period)}/kelurahan${path}`;
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const answer = await getJson<{ status: string; kelurahan: KelurahanRecord[] }>(this.url(), signal);
      this.periodStatus = answer.status;
      this.records = this.only ? answer.kelurahan.filter((r) => r.code === this.only) : answer.kelurahan;
    } catch (err) {
      if (!signal?.aborted) this.loadError = message(err);
    }
  }

  record(code: string): KelurahanRecord | undefined {
    return this.records?.find((r) => r.code === code);
  }

  /** Closes a kelurahan's list for the period (the muskel's day and a note with it). */
  close(r: KelurahanRecord, input: CloseInput): Promise<boolean> {
    return this.act(r.code, async () => {
      await sendJson('POST', this.url(`/${enc(r.code)}/close`), input, session.csrf);
      notify.saved(i18n.t('cycleClosed', { name: r.name }));
    });
  }

  reopen(r: KelurahanRecord): Promise<boolean> {
    return this.act(r.code, async () => {
      await sendJson('POST', this.url(`/${enc(r.code)}/reopen`), undefined, session.csrf);
      notify.saved(i18n.t('cycleReopened', { name: r.name }));
    });
  }

  /** Attaches the scanned, signed berita acara (the API checks its kind by its bytes, and its size). */
  attach(r: KelurahanRecord, file: File): Promise<boolean> {
    return this.act(r.code, async () => {
      const form = new FormData();
      form.append('file', file, file.name);
      await postForm<BeritaAcara>(this.url(`/${enc(r.code)}/berita-acara`), form, session.csrf);
      notify.saved(i18n.t('cycleAttached', { name: r.name }));
      await this.listScans(r.code);
    });
  }

  async listScans(code: string): Promise<void> {
    try {
      this.scans = {
        ...this.scans,
        [code]: await getJson<BeritaAcara[]>(this.url(`/${enc(code)}/berita-acara`)),
      };
    } catch (err) {
      this.actionError = { code, text: message(err) };
    }
  }

  /** A berita acara to download (each download is audited: it shows names and signatures). */
  scanUrl(code: string, id: string): string {
    return this.url(`/${enc(code)}/berita-acara/${enc(id)}`);
  }

  private async act(code: string, work: () => Promise<void>): Promise<boolean> {
    this.actionError = undefined;
    this.busy = true;
    try {
      await work();
      await this.load();
      return true;
    } catch (err) {
      this.actionError = { code, text: message(err) };
      return false;
    } finally {
      this.busy = false;
    }
  }
}

/** The adoption report of a period as a file, in the UI's language. */
export const adoptionReportUrl = (period: string, format: 'pdf' | 'xlsx'): string =>
  `/api/v1/periods/${enc(period)}/adoption-report?format=${format}&lang=${i18n.lang}`;
