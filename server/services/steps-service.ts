// Handling steps: what an OPD does about a household's needs, and how far it got. Operators (their kelurahan)
// and admins add steps; the OPD that owns a step's program moves it along; the lists and the overdue counts
// follow the caller's scope (OPD staff: their programs; operators: their kelurahan). Every change is written
// with its audit row in one transaction, and every read of steps is audited, since a step names a household.
import { maskId } from '../domain/nik.ts';
import { hasSqlState, SQLSTATE } from '../lib/database-errors.ts';
import { badRequestT, notFoundT, staleVersion } from '../lib/problem.ts';
import type { StepPatch, StepRow } from '../repositories/case-plan-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';

export interface StepOut {
  id: string;
  needId: string | null;
  opd: string;
  program: string | null;
  action: string;
  status: string;
  plannedOn: string | null;
  dueOn: string | null;
  startedOn: string | null;
  doneOn: string | null;
  note: string | null;
  version: number;
}

export interface NewStep {
  period?: string;
  action: string;
  opd: string;
  program?: string;
  needId?: string;
  dueOn?: string;
  note?: string;
}

export interface StepUpdate {
  version: number;
  period?: string;
  status?: string;
  dueOn?: string | null;
  startedOn?: string | null;
  doneOn?: string;
  note?: string | null;
}

/** GET /steps: the filters and the page. */
export interface StepListQuery {
  period?: string;
  status?: string;
  program?: string;
  kelurahan?: string;
  due?: 'overdue' | 'week' | 'any';
  limit?: number;
  offset?: number;
}

/** Steps on one page unless the caller asks for another size; at most PAGE_MAX (the route's schema says so too). */
const DEFAULT_PAGE = 50;
const PAGE_MAX = 200;

/** Today's date (UTC), as steps are planned, done and counted overdue by it. */
export const today = () => new Date().toISOString().slice(0, 10);

export const stepOut = (s: StepRow): StepOut => ({
  id: s.id,
  needId: s.need_id,
  opd: s.opd_code,
  program: s.program_code,
  action: s.action,
  status: s.status,
  plannedOn: s.planned_on,
  dueOn: s.due_on,
  startedOn: s.started_on,
  doneOn: s.done_on,
  note: s.note,
  version: s.version,
});

export class StepsService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /** Adds a planned step to a household the caller may change; unknown agencies or a past due date are 400. */
  async add(actor: Actor, householdId: string, input: NewStep): Promise<{ id: string }> {
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      if (!(await repos.households.find(actor.regionCode, period, householdId, scopeOf(actor))))
        throw notFoundT('notFound.householdToChange', { id: householdId });
      // A step serves a need of its own household: the foreign key alone would accept another family's need.
      if (input.needId) {
        const need = await repos.casePlans.lockNeed(actor.regionCode, period, input.needId, scopeOf(actor));
        if (need?.household_id !== householdId) throw badRequestT('plan.needOtherHousehold');
      }
      const id = await repos.casePlans
        .addStep(actor.regionCode, period, householdId, {
          need_id: input.needId ?? null,
          opd_code: input.opd,
          program_code: input.program ?? null,
          action: input.action,
          planned_on: today(),
          due_on: input.dueOn ?? null,
          note: input.note ?? null,
        })
        .catch((err: unknown) => {
          // The OPD, its program and the need are foreign keys; the due date is checked against the plan date.
          if (hasSqlState(err, SQLSTATE.foreignKeyViolation))
            throw badRequestT('plan.unknownOpd', { opd: input.opd, program: input.program ?? '' });
          if (hasSqlState(err, SQLSTATE.checkViolation)) throw badRequestT('plan.dueInPast');
          throw err;
        });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'handling_step',
        entityIds: [householdId, id],
        periodCode: period,
        changes: {
          action: [null, input.action],
          opd: [null, input.opd],
          program: [null, input.program ?? null],
          due_on: [null, input.dueOn ?? null],
        },
      });
      return { id };
    });
  }

  /**
   * Changes a step the caller may reach, if they saw its current version. A done step carries its date (today
   * unless given); any other status clears it. Only fields that differ are written and audited.
   */
  async update(
    actor: Actor,
    id: string,
    input: StepUpdate,
  ): Promise<{ id: string; version: number; changes: Record<string, [unknown, unknown]> }> {
    if (input.doneOn && input.status !== 'done') throw badRequestT('plan.doneOnWithDone');
    const period = (await this.periods.forWrite(input.period)).code;
    const doneOn =
      input.status === undefined ? undefined : input.status === 'done' ? (input.doneOn ?? today()) : null;
    const patch: StepPatch = {
      status: input.status,
      due_on: input.dueOn,
      started_on: input.startedOn,
      done_on: doneOn,
      note: input.note,
    };
    return this.db.transaction(async (repos) => {
      const before = await repos.casePlans.lockStep(actor.regionCode, period, id, scopeOf(actor));
      if (!before) throw notFoundT('notFound.step', { id });
      if (before.version !== input.version)
        throw staleVersion('record.staleStep', { id, version: Number(before.version) }, { ...before });
      const changes: Record<string, [unknown, unknown]> = {};
      for (const [k, v] of Object.entries(patch) as Array<[keyof StepPatch, unknown]>)
        if (v !== undefined && before[k] !== v) changes[k] = [before[k], v];
      if (Object.keys(changes).length === 0) return { id, version: input.version, changes };
      const version = input.version + 1;
      const values = Object.fromEntries(Object.entries(changes).map(([k, [, v]]) => [k, v])) as StepPatch;
      await repos.casePlans.saveStep(actor.regionCode, period, id, values, version);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'handling_step',
        entityIds: [before.household_id, id],
        periodCode: period,
        changes,
      });
      return { id, version, changes };
    });
  }

  /**
   * One page of the steps the caller works on (overdue first, then newest), with the household's kelurahan and
   * masked KK and the names of the kelurahan and program; `total` counts every match. Audited with the households
   * shown on the page.
   */
  async list(actor: Actor, filter: StepListQuery) {
    const period = (await this.periods.forRead(filter.period, actor)).code;
    const asOf = today();
    const limit = Math.min(filter.limit ?? DEFAULT_PAGE, PAGE_MAX);
    const offset = filter.offset ?? 0;
    const { total, rows } = await this.db.repos.casePlans.list(
      actor.regionCode,
      period,
      {
        status: filter.status,
        program: filter.program,
        kelurahan: filter.kelurahan,
        due: filter.due,
        today: asOf,
      },
      scopeOf(actor),
      { limit, offset },
    );
    await this.db.repos.audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'handling_steps',
      entityIds: rows.map((s) => s.household_id),
      periodCode: period,
      changes: {
        filter: {
          status: filter.status ?? null,
          program: filter.program ?? null,
          kelurahan: filter.kelurahan ?? null,
          due: filter.due ?? 'any',
          offset,
          limit,
        },
      },
    });
    return {
      period,
      asOf,
      total,
      limit,
      offset,
      truncated: offset + rows.length < total,
      steps: rows.map((s) => ({
        ...stepOut(s),
        householdId: s.household_id,
        kk: maskId(s.kk),
        kelurahanCode: s.kelurahan_code,
        kelurahanName: s.kelurahan_name,
        programName: s.program_name,
        overdue: s.overdue,
      })),
    };
  }

  /**
   * Open and overdue steps per kelurahan (OPD staff: their programs). Audited although it names no household:
   * a count of one in a small kelurahan still points at someone's case.
   */
  async overdue(actor: Actor, requestedPeriod: string | undefined) {
    const period = (await this.periods.forRead(requestedPeriod, actor)).code;
    const asOf = today();
    const areas = await this.db.repos.casePlans.overdue(actor.regionCode, period, asOf, scopeOf(actor));
    await this.db.repos.audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'handling_steps_overdue',
      entityIds: areas.filter((a) => a.open > 0).map((a) => a.code),
      periodCode: period,
      changes: { asOf },
    });
    return { period, asOf, areas };
  }
}
