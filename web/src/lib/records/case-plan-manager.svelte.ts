// A record's case plan as the operator keeps it (#16 tasks 5, 6): a problem (PPKS category) and a need
// recorded, a need marked met (or reopened), and a handling step added for an OPD's program, serving one of the
// household's needs. Each form keeps its own errors beside its fields; a save confirms itself and reloads the
// record (plan and history), so the lists show it at once.
import { sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { codeLabel } from '../types/code-lists';
import { mayCall } from '../types/roles';
import { notify } from '../ui/notify';
import type { Household, Need, Program } from './types';

/** The case plan's forms, each with its own errors. */
export type PlanForm = 'problem' | 'need' | 'step' | 'met';

export interface EntryDraft {
  code: string;
  memberId: string;
  note: string;
}

export interface StepDraft {
  action: string;
  program: string;
  needId: string;
  dueOn: string;
}

export const emptyEntry = (): EntryDraft => ({ code: '', memberId: '', note: '' });
export const emptyStep = (): StepDraft => ({ action: '', program: '', needId: '', dueOn: '' });

/** Today as the API's dates (UTC), for the due date's lower bound. */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, never mutated or watched
export const today = (): string => new Date().toISOString().slice(0, 10);

export class CasePlanManager {
  /** Errors beside a form's fields, by form and field. */
  fieldErrors = $state<Partial<Record<PlanForm, Record<string, string>>>>({});
  /** A form's problem as a whole (beside its button). */
  errors = $state<Partial<Record<PlanForm, string>>>({});
  busy = $state(false);

  readonly canAddEntry = $derived(mayCall('POST /api/v1/households/:id/needs', session.user?.role));
  readonly canSetMet = $derived(mayCall('PATCH /api/v1/needs/:id', session.user?.role));
  readonly canAddStep = $derived(mayCall('POST /api/v1/households/:id/steps', session.user?.role));

  constructor(
    private readonly record: () => Household | undefined,
    private readonly programs: () => Program[],
    private readonly reloadRecord: () => Promise<void>,
  ) {}

  /** A need's label in the user's language (its member's name when it is one member's). */
  needLabel(n: Need): string {
    const label = codeLabel('need', n.code, i18n.lang);
    const member = n.memberId ? this.record()?.members.find((m) => m.id === n.memberId) : undefined;
    return member ? `${label} (${member.name})` : label;
  }

  programName(code: string | null): string {
    if (!code) return '–';
    return this.programs().find((p) => p.code === code)?.name ?? code;
  }

  /** A problem or a need of the household (or one member); true once recorded. */
  async addEntry(kind: 'problem' | 'need', d: EntryDraft): Promise<boolean> {
    this.clear(kind);
    if (!d.code) {
      this.fieldErrors = { ...this.fieldErrors, [kind]: { code: i18n.t('cwRequired') } };
      return false;
    }
    const ok = await this.send(kind, 'POST', kind === 'problem' ? 'problems' : 'needs', {
      code: d.code,
      ...(d.memberId ? { memberId: d.memberId } : {}),
      ...(d.note.trim() ? { note: d.note.trim() } : {}),
    });
    if (ok) {
      const label = codeLabel(kind === 'problem' ? 'ppks' : 'need', d.code, i18n.lang);
      notify.saved(i18n.t(kind === 'problem' ? 'cwProblemAdded' : 'cwNeedAdded', { label }));
    }
    return ok;
  }

  /** A handling step for a program (its OPD is the program's), optionally serving a need; true once added. */
  async addStep(d: StepDraft): Promise<boolean> {
    this.clear('step');
    const errors: Record<string, string> = {};
    if (d.action.trim().length < 3) errors.action = i18n.t('cwStepActionShort');
    const program = this.programs().find((p) => p.code === d.program);
    if (!program) errors.program = i18n.t('cwRequired');
    if (d.dueOn && d.dueOn < today()) errors.dueOn = i18n.t('cwPastDue');
    if (!program || Object.keys(errors).length) {
      this.fieldErrors = { ...this.fieldErrors, step: errors };
      return false;
    }
    const action = d.action.trim();
    const ok = await this.send('step', 'POST', 'steps', {
      action,
      opd: program.opd,
      program: program.code,
      ...(d.needId ? { needId: d.needId } : {}),
      ...(d.dueOn ? { dueOn: d.dueOn } : {}),
    });
    if (ok) notify.saved(i18n.t('cwStepAdded', { action, program: program.name }));
    return ok;
  }

  /** Marks a need met, or open again; true once saved. */
  async setMet(need: Need, met: boolean): Promise<boolean> {
    this.clear('met');
    const ok = await this.send('met', 'PATCH', `/api/v1/needs/${need.id}`, { met });
    if (ok) notify.saved(i18n.t(met ? 'cwNeedMetSaved' : 'cwNeedReopened', { label: this.needLabel(need) }));
    return ok;
  }

  private clear(form: PlanForm): void {
    this.fieldErrors = { ...this.fieldErrors, [form]: {} };
    this.errors = { ...this.errors, [form]: undefined };
  }

  /** `path` is the household's sub-resource, or a full API path. */
  private async send(form: PlanForm, method: 'POST' | 'PATCH', path: string, body: object): Promise<boolean> {
    const record = this.record();
    if (!record) return false;
    this.busy = true;
    try {
      const url = path.startsWith('/') ? path : `/api/v1/households/${record.id}/${path}`;
      await sendJson(method, url, body, session.csrf);
    } catch (err) {
      this.errors = { ...this.errors, [form]: err instanceof Error ? err.message : String(err) };
      return false;
    } finally {
      this.busy = false;
    }
    await this.reloadRecord();
    return true;
  }
}
