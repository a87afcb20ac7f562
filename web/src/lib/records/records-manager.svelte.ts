// The records screen's state and actions: the search, the open record with its case plan, history and the
// program list, duplicates and periods, and every write. The screen's components only lay these out and hold
// what is being typed. Each write carries the record's version (a stale one is answered 409, shown as the
// error) and reloads the record, so the history shows the change at once.
import { getJson, sendJson } from '../api';
import { session } from '../session.svelte';
import { mayCall } from '../types/roles';
import { fieldChanges, leaveBody, newHouseholdBody } from './record-forms';
import type {
  CasePlan,
  Change,
  Disability,
  FieldsDraft,
  Hit,
  Household,
  HouseholdDraft,
  LeaveReason,
  Need,
  PeriodRow,
  Problem,
  Program,
  Step,
} from './types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class RecordsManager {
  hits = $state<Hit[] | undefined>();
  error = $state<string | undefined>();
  record = $state<Household | undefined>();
  steps = $state<Step[]>([]);
  needs = $state<Need[]>([]);
  problems = $state<Problem[]>([]);
  history = $state<Change[]>([]);
  programs = $state<Program[]>([]);
  periods = $state<PeriodRow[] | undefined>();
  /** The new-household form is open. */
  creating = $state(false);
  /**
   * Counts the records opened: a record that opens takes the focus (screen readers announce it), a save that
   * reloads it does not, so the detail moves the focus when this changes.
   */
  opened = $state(0);

  /** The edit controls show for the roles the API lets edit a household (it still checks every request). */
  readonly canEdit = $derived(mayCall('PATCH /api/v1/households/:id', session.user?.role));
  /** The duplicates list (its own screen part, components/records/DuplicatesTable.svelte). */
  readonly mayListDuplicates = $derived(mayCall('GET /api/v1/duplicates', session.user?.role));
  /** Period administration: the roles that may finalize a period. */
  readonly isAdmin = $derived(mayCall('POST /api/v1/periods/:code/finalize', session.user?.role));

  private fail(err: unknown): void {
    this.error = message(err);
  }

  /** KK, NIK, or three letters of a name or address: there is no browse-all list. */
  async search(q: string): Promise<void> {
    this.error = undefined;
    this.record = undefined;
    try {
      this.hits = (
        await getJson<{ households: Hit[] }>(`/api/v1/households?q=${encodeURIComponent(q.trim())}`)
      ).households;
    } catch (err) {
      this.fail(err);
    }
  }

  /** Opens a record, or reloads the open one after a write (all four answers together, or none). */
  async open(id: string): Promise<void> {
    this.error = undefined;
    const fresh = this.record?.id !== id;
    try {
      const [h, plan, changes, programs] = await Promise.all([
        getJson<Household>(`/api/v1/households/${id}`),
        getJson<CasePlan>(`/api/v1/households/${id}/case-plan`),
        getJson<Change[]>(`/api/v1/households/${id}/history`),
        getJson<Program[]>('/api/v1/programs'),
      ]);
      this.record = h;
      this.steps = plan.steps;
      this.needs = plan.needs;
      this.problems = plan.problems;
      this.history = changes;
      this.programs = programs;
      if (fresh) this.opened += 1;
    } catch (err) {
      this.fail(err);
    }
  }

  /** A member's disabilities, under the record's version; true once saved and reloaded. */
  async saveDisabilities(memberId: string, disabilities: Disability[]): Promise<boolean> {
    const record = this.record;
    if (!record) return false;
    try {
      await sendJson(
        'PATCH',
        `/api/v1/households/${record.id}/members/${memberId}`,
        { version: record.version, changes: { disabilities } },
        session.csrf,
      );
    } catch (err) {
      this.fail(err);
      return false;
    }
    await this.open(record.id);
    return true;
  }

  /** A handling step; its OPD is the program's (dinsos without a program). True once added. */
  async addStep(step: { action: string; program: string; dueOn: string }): Promise<boolean> {
    const record = this.record;
    if (!record) return false;
    const program = this.programs.find((p) => p.code === step.program);
    try {
      await sendJson(
        'POST',
        `/api/v1/households/${record.id}/steps`,
        {
          action: step.action,
          opd: program?.opd ?? 'dinsos',
          ...(program ? { program: program.code } : {}),
          ...(step.dueOn ? { dueOn: step.dueOn } : {}),
        },
        session.csrf,
      );
    } catch (err) {
      this.fail(err);
      return false;
    }
    await this.open(record.id);
    return true;
  }

  async setMet(needId: string, met: boolean): Promise<void> {
    try {
      await sendJson('PATCH', `/api/v1/needs/${needId}`, { met }, session.csrf);
      if (this.record) await this.open(this.record.id);
    } catch (err) {
      this.fail(err);
    }
  }

  /** A write on the household itself under its version, then the record reloaded. */
  private async write(method: 'PATCH' | 'POST', path: string, body: object): Promise<void> {
    const record = this.record;
    if (!record) return;
    this.error = undefined;
    try {
      await sendJson(
        method,
        `/api/v1/households/${record.id}${path}`,
        { version: record.version, ...body },
        session.csrf,
      );
      await this.open(record.id);
    } catch (err) {
      this.fail(err);
    }
  }

  saveFields(fields: FieldsDraft): Promise<void> {
    return this.write('PATCH', '', { changes: fieldChanges(fields) });
  }

  verify(): Promise<void> {
    return this.write('POST', '/verify', { status: 'verified' });
  }

  /** The household leaves the registry today. */
  leave(reason: LeaveReason): Promise<void> {
    return this.write('POST', '/leave', leaveBody(reason));
  }

  /** A new household (operators in their kelurahan); its record opens once created. */
  async create(draft: HouseholdDraft): Promise<void> {
    this.error = undefined;
    try {
      const res = await sendJson<{ id: string }>(
        'POST',
        '/api/v1/households',
        newHouseholdBody(draft),
        session.csrf,
      );
      this.creating = false;
      if (res) await this.open(res.id);
    } catch (err) {
      this.fail(err);
    }
  }

  async loadPeriods(): Promise<void> {
    try {
      this.periods = await getJson<PeriodRow[]>('/api/v1/periods');
    } catch (err) {
      this.fail(err);
    }
  }

  /** Admins: finalize the open period (the public sees finalized periods only). */
  finalizePeriod(code: string): Promise<void> {
    return this.periodAction(`/api/v1/periods/${code}/finalize`);
  }

  /** Admins: open the next period by carrying the current one forward. */
  openPeriod(code: string): Promise<void> {
    return this.periodAction('/api/v1/periods', { code });
  }

  private async periodAction(url: string, body?: object): Promise<void> {
    this.error = undefined;
    try {
      await sendJson('POST', url, body, session.csrf);
      await this.loadPeriods();
    } catch (err) {
      this.fail(err);
    }
  }
}
