// The staff side of verivali (#20 item 3): progress per kelurahan for a period (the open one unless another is
// chosen), and for the kelurahan chosen its progress per RW, its assignments and the verifiers who may be handed
// its households. Planners see progress only; admins and operators (in their kelurahan, which the API enforces)
// also the assignments and the assign form (assign-form.svelte.ts). The components only lay this out.
import { getJson, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { notify } from '../ui/notify';
import { session } from '../session.svelte';
import type { PeriodRow } from '../types/api-types';
import type { CodeOf } from '../types/code-lists';
import { verivaliUrl } from './fieldwork-format';
import type {
  Assignment,
  AssignmentList,
  Progress,
  ProgressRow,
  Verifier,
  VerifierList,
} from './fieldwork-types';
import { visibleRows, type SortKey } from './progress-rows';

/** Rows of a long assignment list drawn at a time (a kelurahan may have a thousand). */
export const PAGE = 100;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class FieldworkManager {
  periods = $state<PeriodRow[]>([]);
  period = $state('');
  progress = $state<Progress | undefined>();
  loadError = $state<string | undefined>();

  filter = $state('');
  onlyAssigned = $state(false);
  sort = $state<SortKey>('kecamatan');
  descending = $state(false);

  /** The kelurahan chosen (its code, from the screen's URL), and what is loaded for it. */
  kelurahan = $state('');
  rwProgress = $state<Progress | undefined>();
  assignments = $state<Assignment[] | undefined>();
  truncated = $state(false);
  verifiers = $state<Verifier[] | undefined>();
  statusFilter = $state<CodeOf<'assignmentStatus'> | ''>('');
  shown = $state(PAGE);
  detailError = $state<string | undefined>();

  readonly mayList = $derived(session.may('GET /api/v1/verivali/assignments'));
  readonly mayAssignRole = $derived(session.may('POST /api/v1/verivali/assignments'));
  readonly periodOpen = $derived(this.periods.find((p) => p.code === this.period)?.status === 'open');
  readonly mayAssign = $derived(this.mayAssignRole && this.periodOpen);
  readonly rows = $derived(
    visibleRows(this.progress?.rows ?? [], {
      filter: this.filter,
      onlyAssigned: this.onlyAssigned,
      sort: this.sort,
      descending: this.descending,
    }),
  );
  readonly chosen = $derived<ProgressRow | undefined>(
    this.progress?.rows.find((r) => r.code === this.kelurahan),
  );
  /** The chosen kelurahan's numbered RWs (the form's choices), in number order. */
  readonly rws = $derived((this.rwProgress?.rows ?? []).filter((r) => r.code !== ''));

  /** The period shown when the URL names none: the open one, else the latest. */
  readonly defaultPeriod = $derived(
    this.periods.find((p) => p.status === 'open')?.code ?? this.periods.at(-1)?.code ?? '',
  );
  /** The period as the URL says it: '' for the default one (fieldwork-route.ts). */
  readonly urlPeriod = $derived(this.period && this.period !== this.defaultPeriod ? this.period : '');

  /** A period the URL asks for: taken when it is one of the user's periods, else the default stays. */
  want(period: string): void {
    this.wanted = period;
    if (this.periods.length === 0) return;
    this.period = period && this.periods.some((p) => p.code === period) ? period : this.defaultPeriod;
  }
  private wanted = '';

  /** The periods the user may see; the one the URL asks for, else the open one (else the latest). */
  async loadPeriods(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      this.periods = await getJson<PeriodRow[]>('/api/v1/periods', signal);
      this.want(this.wanted);
    } catch (err) {
      if (!signal?.aborted) this.loadError = message(err);
    }
  }

  /** The period's progress per kelurahan in the user's scope. */
  async loadProgress(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    try {
      const progress = await getJson<Progress>(this.url('progress'), signal);
      this.progress = progress;
      // Staff with many kelurahan start from those with work; a few (an operator's) are all shown.
      if (this.firstProgress)
        this.onlyAssigned = progress.rows.length > 12 && progress.rows.some((r) => r.assigned > 0);
      this.firstProgress = false;
    } catch (err) {
      if (!signal?.aborted) this.loadError = message(err);
    }
  }
  private firstProgress = true;

  sortBy(key: SortKey): void {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      // Names read A to Z; figures are wanted largest first.
      this.descending = key !== 'kecamatan' && key !== 'name';
    }
  }

  private url(what: 'progress' | 'assignments' | 'verifiers', kelurahan?: string): string {
    return verivaliUrl(what, {
      period: this.period,
      kelurahan,
      status: what === 'assignments' ? this.statusFilter : undefined,
    });
  }

  /** The chosen kelurahan's RW progress, and for staff who assign its assignments and verifiers. */
  async loadDetail(signal?: AbortSignal): Promise<void> {
    const code = this.kelurahan;
    this.detailError = undefined;
    if (!code) return;
    try {
      const [rw, list, verifiers] = await Promise.all([
        getJson<Progress>(this.url('progress', code), signal),
        this.mayList ? getJson<AssignmentList>(this.url('assignments', code), signal) : undefined,
        this.mayAssignRole ? getJson<VerifierList>(this.url('verifiers', code), signal) : undefined,
      ]);
      if (code !== this.kelurahan) return;
      this.rwProgress = rw;
      this.assignments = list?.assignments;
      this.truncated = list?.truncated ?? false;
      this.verifiers = verifiers?.verifiers;
      // A reload of the same kelurahan (after an assignment or a take-back) keeps the rows the user had opened.
      if (this.loadedFor !== code) this.shown = PAGE;
      this.loadedFor = code;
    } catch (err) {
      if (!signal?.aborted) this.detailError = message(err);
    }
  }

  /** The kelurahan whose detail is loaded. */
  private loadedFor = '';

  /** The kelurahan last opened, so going back to the table returns to its row. */
  lastChosen = '';

  /** Another kelurahan (or none): what was loaded for the previous one goes. */
  choose(code: string): void {
    if (code === this.kelurahan) return;
    if (this.kelurahan) this.lastChosen = this.kelurahan;
    this.kelurahan = code;
    this.rwProgress = undefined;
    this.assignments = undefined;
    this.verifiers = undefined;
    this.detailError = undefined;
  }

  /** The assignment being taken back (its confirmation is open), and a refusal of the last try. */
  cancelling = $state<Assignment | undefined>();
  cancelBusy = $state(false);
  cancelError = $state<string | undefined>();

  /** Takes the assignment being confirmed back; the figures and the list are read again. */
  async cancelAssignment(): Promise<boolean> {
    const a = this.cancelling;
    if (!a || this.cancelBusy) return false;
    this.cancelBusy = true;
    this.cancelError = undefined;
    try {
      const period = encodeURIComponent(this.period);
      await sendJson(
        'DELETE',
        `/api/v1/verivali/assignments/${a.id}?period=${period}`,
        undefined,
        session.csrf,
      );
      this.cancelling = undefined;
      notify.saved(i18n.t('fwCancelledNotice', { head: a.head ?? i18n.t('fwNoHead') }));
      await this.refresh();
      return true;
    } catch (err) {
      this.cancelError = message(err);
      return false;
    } finally {
      this.cancelBusy = false;
    }
  }

  /** After an assignment: the figures and the list again. */
  async refresh(): Promise<void> {
    await Promise.all([this.loadProgress(), this.loadDetail()]);
  }
}
