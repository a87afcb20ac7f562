// A household's case plan: its problems (PPKS categories), its needs and the handling steps taken about them.
// Reading a plan is a person-level read and is audited; recording a problem or a need, and marking a need
// met, are written with their audit row in one transaction (the household's history reads those rows).
import { hasSqlState, SQLSTATE } from '../lib/database-errors.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';
import { stepOut } from './steps-service.ts';

export type EntryKind = 'problems' | 'needs';

export interface NewEntry {
  period?: string;
  code: string;
  memberId?: string;
  note?: string;
}

const TABLE = { problems: 'household_problems', needs: 'household_needs' } as const;

export class CasePlanService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /** The plan of a household the caller may see; audited. */
  async plan(actor: Actor, householdId: string, requestedPeriod: string | undefined) {
    const period = (await this.periods.forRead(requestedPeriod, actor)).code;
    const { repos } = this.db;
    if (!(await repos.households.find(actor.regionCode, period, householdId, scopeOf(actor))))
      throw notFoundT('notFound.householdToSee', { id: householdId });
    const plan = await repos.casePlans.plan(actor.regionCode, period, householdId);
    await repos.audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'case_plan',
      entityIds: [householdId],
      periodCode: period,
    });
    return {
      period,
      problems: plan.problems.map((p) => ({
        id: p.id,
        code: p.ppks_code,
        memberId: p.member_id,
        note: p.note,
        recordedOn: p.recorded_on,
      })),
      needs: plan.needs.map((n) => ({
        id: n.id,
        code: n.need_code,
        memberId: n.member_id,
        met: n.met,
        note: n.note,
        recordedOn: n.recorded_on,
      })),
      steps: plan.steps.map(stepOut),
    };
  }

  /** Records a problem or a need of a household the caller may change; an unknown code is 400. */
  async addEntry(
    actor: Actor,
    kind: EntryKind,
    householdId: string,
    input: NewEntry,
  ): Promise<{ id: string }> {
    const table = TABLE[kind];
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      if (!(await repos.households.find(actor.regionCode, period, householdId, scopeOf(actor))))
        throw notFoundT('notFound.householdToChange', { id: householdId });
      const id = await repos.casePlans
        .addEntry(table, actor.regionCode, period, householdId, {
          code: input.code,
          member_id: input.memberId ?? null,
          note: input.note ?? null,
        })
        .catch((err: unknown) => {
          // The code is a foreign key into the category list.
          if (hasSqlState(err, SQLSTATE.foreignKeyViolation))
            throw badRequestT(kind === 'problems' ? 'plan.unknownPpks' : 'plan.unknownNeed', {
              code: input.code,
            });
          throw err;
        });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: table,
        entityIds: [householdId, id],
        periodCode: period,
        changes: { code: [null, input.code] },
      });
      return { id };
    });
  }

  /** Marks a need met or not met; audited when the value changes. */
  async setNeedMet(
    actor: Actor,
    needId: string,
    input: { met: boolean; period?: string },
  ): Promise<{ id: string; met: boolean }> {
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      const before = await repos.casePlans.lockNeed(actor.regionCode, period, needId, scopeOf(actor));
      if (!before) throw notFoundT('notFound.need', { id: needId });
      if (before.met !== input.met) {
        await repos.casePlans.setNeedMet(actor.regionCode, period, needId, input.met);
        await repos.audit.append({
          ...auditBy(actor),
          action: 'update',
          entity: 'household_need',
          entityIds: [before.household_id, needId],
          periodCode: period,
          changes: { met: [before.met, input.met] },
        });
      }
      return { id: needId, met: input.met };
    });
  }
}
