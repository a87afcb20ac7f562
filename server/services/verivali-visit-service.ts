// Verivali visits (#20 item 3): a field verifier records what it found at an assigned household, one visit or a
// phone's offline queue at once, each item in its own transaction and answered on its own. A visit names the
// household version its form was filled from: when the record has changed since, the visit is kept as a
// conflict (nothing applied) and the answer carries the record as it stands. A `changed` visit becomes a
// change proposal for Dinsos review, a `moved` or `died` one a removal proposal (services/proposal-gate.ts):
// a verifier never edits the registry. The phone's client id makes a resent queue answer, not record twice.
import type { HouseholdPatch } from '../repositories/household-edit-repository.ts';
import type { Repositories } from '../repositories/index.ts';
import type { VisitRow } from '../repositories/verivali-rows.ts';
import type { Knex } from 'knex';
import { fieldGroupsOf } from '../domain/approval-kinds.ts';
import { badRequestT, HttpProblem, notFoundT, problem } from '../lib/problem.ts';
import type { VisitItem } from '../schemas/verivali.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { HouseholdEditService } from './household-edit-service.ts';
import type { PeriodAccess } from './period-access.ts';
import { dryRun, recordProposal } from './proposal-gate.ts';
import { formFields } from './verivali-service.ts';

/** How far ahead of the server a phone's clock may run before a visit time is refused as in the future. */
const CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface VisitResult {
  clientId: string;
  status: number;
  visit?: ReturnType<typeof visitOut>;
  current?: { version: number; fields: ReturnType<typeof formFields> };
  problem?: HttpProblem;
}

const visitOut = (v: VisitRow) => ({
  id: v.id,
  assignmentId: v.assignment_id,
  householdId: v.household_id,
  outcome: v.outcome as VisitItem['outcome'],
  status: v.status as 'recorded' | 'conflict',
  visitedAt: v.visited_at.toISOString(),
  recordedAt: v.recorded_at.toISOString(),
  proposalId: v.proposal_id,
});

/** A form's changes (camelCase, as the household edit takes them) as the repository's patch. */
function toPatch(changes: NonNullable<VisitItem['changes']>): HouseholdPatch {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const column = key === 'location' ? 'point' : key.replace(/([a-z])([A-Z0-9])/g, '$1_$2').toLowerCase();
    patch[column] = value;
  }
  return patch;
}

const sides = (changes: Record<string, [unknown, unknown]>, side: 0 | 1) =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[side]]));

export class VerivaliVisitService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
    private readonly householdEdits: HouseholdEditService,
  ) {}

  /** Records each visit on its own: one item's refusal or conflict never holds back the others. */
  async record(actor: Actor, items: readonly VisitItem[]): Promise<VisitResult[]> {
    const results: VisitResult[] = [];
    for (const item of items) {
      try {
        results.push(await this.one(actor, item));
      } catch (err) {
        if (!(err instanceof HttpProblem)) throw err;
        results.push({ clientId: item.clientId, status: err.status, problem: err });
      }
    }
    return results;
  }

  private async one(actor: Actor, item: VisitItem): Promise<VisitResult> {
    const verifierId = actor.user!.id;
    if (item.outcome === 'changed' && !item.changes) throw badRequestT('verivali.changesNeeded');
    if (item.outcome !== 'changed' && item.changes) throw badRequestT('verivali.changesOnlyForChanged');
    if (Date.parse(item.visitedAt) > Date.now() + CLOCK_SKEW_MS)
      throw badRequestT('verivali.visitInFuture', { at: item.visitedAt });
    return this.db.transaction(async (repos, trx) => {
      const { verivali } = repos;
      const sent = await verivali.visitByClientId(verifierId, item.clientId);
      if (sent) return this.resent(repos, actor, item, sent);
      const assignment = await verivali.assignmentForUpdate(actor.regionCode, item.assignmentId);
      if (!assignment || assignment.verifier_id !== verifierId)
        throw notFoundT('verivali.noAssignment', { id: item.assignmentId });
      const period = (await this.periods.forWrite(assignment.period_code)).code;
      const household = (await verivali.householdFields(actor.regionCode, period, assignment.household_id))!;
      const base = {
        regionCode: actor.regionCode,
        periodCode: period,
        assignmentId: assignment.id,
        householdId: assignment.household_id,
        verifierId,
        clientId: item.clientId,
        outcome: item.outcome,
        visitedAt: item.visitedAt,
        note: item.note ?? null,
        changes: item.changes ?? null,
        baseVersion: item.baseVersion,
        currentVersion: household.version,
      };
      if (household.version !== item.baseVersion) {
        const visit = await verivali.insertVisit({ ...base, status: 'conflict', proposalId: null });
        await this.audit(repos, actor, visit, { conflict: [item.baseVersion, household.version] });
        return this.conflict(item, visit, household);
      }
      const proposalId = await this.propose(repos, trx, actor, period, assignment, item);
      const visit = await verivali.insertVisit({ ...base, status: 'recorded', proposalId });
      await verivali.markVisited(assignment.id);
      // A visit made before the phone heard its assignment was taken back (or moved to another verifier): the
      // household was visited all the same, so it is recorded, and an open assignment it has been given since
      // is taken back — one visit is what was asked for. The audit row says both.
      const late =
        assignment.status === 'cancelled'
          ? {
              assignment_status: ['cancelled', 'visited'],
              open_taken_back: [
                0,
                await verivali.cancelOpenOf(actor.regionCode, period, assignment.household_id),
              ],
            }
          : {};
      await this.audit(repos, actor, visit, late);
      return { clientId: item.clientId, status: 201, visit: visitOut(visit) };
    });
  }

  /** A client id seen before: the stored visit's answer again (its conflict with today's record). */
  private async resent(repos: Repositories, actor: Actor, item: VisitItem, sent: VisitRow) {
    if (sent.assignment_id !== item.assignmentId)
      throw problem(409, 'conflict', 'verivali.clientIdTaken', { clientId: item.clientId });
    if (sent.status === 'recorded') return { clientId: item.clientId, status: 200, visit: visitOut(sent) };
    const household = (await repos.verivali.householdFields(
      actor.regionCode,
      sent.period_code,
      sent.household_id,
    ))!;
    return this.conflict(item, sent, household);
  }

  private conflict(
    item: VisitItem,
    visit: VisitRow,
    household: Parameters<typeof formFields>[0],
  ): VisitResult {
    const current = { version: household.version, fields: formFields(household) };
    return {
      clientId: item.clientId,
      status: 409,
      visit: visitOut(visit),
      current,
      problem: problem(
        409,
        'stale-version',
        'verivali.conflict',
        { id: visit.household_id, base: item.baseVersion, current: household.version },
        { current, visit: visitOut(visit), clientId: item.clientId },
      ),
    };
  }

  /**
   * What a visit asks of the registry, as a proposal: the change or the removal is first tried for real in a
   * rolled-back savepoint (the household edit's own checks: field rules, location in the kelurahan, version),
   * by an actor without a row scope — the assignment is what entitles the verifier to this one household.
   */
  private async propose(
    repos: Repositories,
    trx: Knex.Transaction,
    actor: Actor,
    period: string,
    assignment: { household_id: string; kelurahan_code: string },
    item: VisitItem,
  ): Promise<string | null> {
    const checker: Actor = { ...actor, user: null };
    const id = assignment.household_id;
    const note = item.note ?? null;
    if (item.outcome === 'changed') {
      const patch = toPatch(item.changes!);
      const tried = await dryRun(trx, (r) =>
        this.householdEdits.applyUpdate(r, checker, period, id, item.baseVersion, patch),
      );
      if (Object.keys(tried.changes).length === 0) throw badRequestT('verivali.nothingChanged');
      const answer = await recordProposal(repos, actor, {
        periodCode: period,
        kelurahanCode: assignment.kelurahan_code,
        householdId: id,
        kind: 'change',
        fieldGroups: fieldGroupsOf(Object.keys(tried.changes)),
        changes: sides(tried.changes, 1),
        before: sides(tried.changes, 0),
        reason: note,
        evidenceNote: `verivali ${item.visitedAt}`,
        baseVersion: item.baseVersion,
      });
      return answer.proposal.id;
    }
    if (item.outcome === 'moved' || item.outcome === 'died') {
      const leave = {
        version: item.baseVersion,
        reason: item.outcome === 'moved' ? ('moved_out' as const) : ('died' as const),
        on: item.visitedAt.slice(0, 10),
        note: note ?? undefined,
      };
      const tried = await dryRun(trx, (r) => this.householdEdits.applyLeave(r, checker, period, id, leave));
      const answer = await recordProposal(repos, actor, {
        periodCode: period,
        kelurahanCode: assignment.kelurahan_code,
        householdId: id,
        kind: 'removal',
        fieldGroups: [],
        changes: { reason: leave.reason, on: leave.on, note },
        before: sides(tried.changes, 0),
        reason: note,
        evidenceNote: `verivali ${item.visitedAt}`,
        baseVersion: item.baseVersion,
      });
      return answer.proposal.id;
    }
    return null;
  }

  private async audit(repos: Repositories, actor: Actor, visit: VisitRow, extra: Record<string, unknown>) {
    await repos.audit.append({
      ...auditBy(actor),
      action: 'create',
      entity: 'verification_visit',
      entityIds: [visit.household_id, visit.id],
      periodCode: visit.period_code,
      changes: {
        outcome: [null, visit.outcome],
        status: [null, visit.status],
        visited_at: [null, visit.visited_at.toISOString()],
        ...extra,
      },
    });
  }
}
