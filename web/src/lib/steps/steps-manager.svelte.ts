// The steps screen's state and actions: the filters (program, kelurahan, status, due date), the page the API
// answered (overdue first, then newest; `total` over all pages), the kelurahan and program names for the filter
// choices, and the in-place status change. A change carries the step's version; a stale one (409) says so and
// offers a reload instead of keeping values that are no longer true.
import { ApiError, getJson, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import type { OverdueSteps, Program, StepList, StepListRow, StepStatus } from '../types/api-types';
import { codeLabel } from '../types/code-lists';
import { mayCall } from '../types/roles';

export type StepDue = 'overdue' | 'week' | 'any';
export const PAGE_SIZE = 50;

export interface StepFilters {
  program: string;
  kelurahan: string;
  status: '' | StepStatus;
  due: StepDue;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class StepsManager {
  filters = $state<StepFilters>({ program: '', kelurahan: '', status: '', due: 'any' });
  offset = $state(0);
  list = $state<StepList | undefined>();
  areas = $state<OverdueSteps['areas']>([]);
  programs = $state<Program[]>([]);
  loading = $state(false);
  error = $state<string | undefined>();
  /** The last save said the list is stale: offer a reload. */
  stale = $state(false);
  /** The last save's confirmation (announced politely). */
  notice = $state<string | undefined>();
  /** The step being saved (its control is disabled meanwhile). */
  saving = $state<string | undefined>();

  readonly canUpdate = $derived(mayCall('PATCH /api/v1/steps/:id', session.user?.role));

  /** The programs to filter by: the user's own (OPD staff), or every program for city-wide roles. */
  readonly programOptions = $derived.by(() => {
    const mine = session.user?.programs ?? [];
    return this.programs
      .filter((p) => mine.length === 0 || mine.includes(p.code))
      .map((p) => ({ value: p.code, label: p.name }));
  });

  /** The kelurahan to filter by, by name: the operator's own, or every kelurahan. */
  readonly kelurahanOptions = $derived.by(() => {
    const mine = session.user?.kelurahan ?? [];
    return this.areas
      .filter((a) => mine.length === 0 || mine.includes(a.code))
      .map((a) => ({ value: a.code, label: a.name }))
      .sort((a, b) => a.label.localeCompare(b.label, 'id'));
  });

  /** Open and overdue counts per kelurahan with any open step, most overdue first. */
  readonly overdueAreas = $derived(
    this.areas
      .filter((a) => a.open > 0)
      .sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name)),
  );

  private query(): string {
    const f = this.filters;
    const params: Record<string, string> = { limit: String(PAGE_SIZE), offset: String(this.offset) };
    if (f.program) params.program = f.program;
    if (f.kelurahan) params.kelurahan = f.kelurahan;
    if (f.status) params.status = f.status;
    if (f.due !== 'any') params.due = f.due;
    return Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
  }

  /** The filter choices (program and kelurahan names) and the overdue counts; once per screen. */
  async loadChoices(signal?: AbortSignal): Promise<void> {
    try {
      const [programs, overdue] = await Promise.all([
        getJson<Program[]>('/api/v1/programs', signal),
        getJson<OverdueSteps>('/api/v1/steps/overdue', signal),
      ]);
      this.programs = programs;
      this.areas = overdue.areas;
    } catch (err) {
      if (!signal?.aborted) this.error = message(err);
    }
  }

  /** The current page under the current filters. */
  async load(signal?: AbortSignal): Promise<void> {
    this.loading = true;
    try {
      this.list = await getJson<StepList>(`/api/v1/steps?${this.query()}`, signal);
      this.error = undefined;
      this.stale = false;
    } catch (err) {
      if (!signal?.aborted) this.error = message(err);
    } finally {
      if (!signal?.aborted) this.loading = false;
    }
  }

  /** A changed filter starts again at the first page. */
  setFilter<K extends keyof StepFilters>(key: K, value: StepFilters[K]): void {
    this.filters[key] = value;
    this.offset = 0;
    this.notice = undefined;
  }

  nextPage(): void {
    if (this.list?.truncated) this.offset += PAGE_SIZE;
  }

  previousPage(): void {
    this.offset = Math.max(0, this.offset - PAGE_SIZE);
  }

  /** Moves a step to `status` in place: the row keeps its place and takes the new version. */
  async setStatus(step: StepListRow, status: StepStatus): Promise<void> {
    this.notice = undefined;
    this.error = undefined;
    this.stale = false;
    this.saving = step.id;
    try {
      const saved = await sendJson<{ id: string; version: number }>(
        'PATCH',
        `/api/v1/steps/${step.id}`,
        { version: step.version, status },
        session.csrf,
      );
      const row = this.list?.steps.find((s) => s.id === step.id);
      if (row) {
        row.status = status;
        row.version = saved?.version ?? row.version;
        row.overdue = row.overdue && (status === 'planned' || status === 'ongoing');
      }
      this.notice = i18n.t('stepsSaved', {
        action: step.action,
        kk: step.kk,
        status: codeLabel('stepStatus', status, i18n.lang),
      });
    } catch (err) {
      this.error = message(err);
      this.stale = err instanceof ApiError && err.status === 409;
    } finally {
      this.saving = undefined;
    }
  }
}
