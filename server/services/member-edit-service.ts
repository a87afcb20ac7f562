// Adding a member to a household (a birth, a move-in) and changing a member's relation or disabilities. Both
// go under the household's version (a member's change is a change of the household record), to the period
// named else the latest (a finalized one refuses), within the caller's row scope, and in ONE transaction with
// the audit row that is the record's history. An operator's member edit is held for review as a proposal when
// the approval policy names `members` (services/proposal-gate.ts); approval writes it by the apply* methods.
import type { Lang } from '../i18n/translate.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import { needsApproval } from '../domain/approval-kinds.ts';
import type { StagedMember } from '../imports/households/household-row.ts';
import { badRequestT, staleVersion } from '../lib/problem.ts';
import type { Repositories } from '../repositories/index.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import {
  checkMember,
  missingHousehold,
  newMember,
  nikTaken,
  settled,
  type MemberInput,
} from './household-edit-rules.ts';
import type { PeriodAccess } from './period-access.ts';
import { dryRun, kindsHeldForReview, recordProposal, type ProposedAnswer } from './proposal-gate.ts';

const sides = (changes: Record<string, [unknown, unknown]>, side: 0 | 1) =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[side]]));

/** A new member as a proposal keeps it: the form's member and why they join. */
export interface MemberAddition {
  member: MemberInput;
  reason?: string;
}

const isRealDate = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};

export interface MemberChanges {
  name?: string;
  /** YYYY-MM-DD; the member's NIK is checked against it again (nik_valid follows the correction). */
  birthDate?: string;
  relation?: string;
  disabilities?: Array<{ type: string; severity: string }>;
}

export class MemberEditService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /** A new member checked as an import row of its household; 409 if its NIK is registered in the period. */
  async add(
    actor: Actor,
    householdId: string,
    input: {
      version: number;
      period?: string;
      reason?: string;
      member: MemberInput;
      evidenceNote?: string;
    },
    lang: Lang,
  ): Promise<{ id: string; memberId: string; version: number } | ProposedAnswer> {
    const period = (await this.periods.forWrite(input.period)).code;
    const { staged, kelurahan } = await this.stage(actor, period, householdId, input.member, lang);
    const addition: MemberAddition = { member: input.member, reason: input.reason };
    return this.db.transaction(async (repos, trx) => {
      const write = (r: Repositories) =>
        this.applyAdd(r, actor, period, householdId, input.version, staged, addition);
      if (!needsApproval(await kindsHeldForReview(repos, actor), ['members'])) return write(repos);
      await dryRun(trx, write);
      return recordProposal(repos, actor, {
        periodCode: period,
        kelurahanCode: kelurahan,
        householdId,
        kind: 'change',
        fieldGroups: ['members'],
        changes: { add_member: addition },
        before: null,
        // Why the member joins (a birth, a move-in) is the proposal's reason.
        reason: input.reason ?? null,
        evidenceNote: input.evidenceNote ?? null,
        baseVersion: input.version,
      });
    });
  }

  /** Adds an approved new member (as proposed) in the reviewer's transaction. */
  async applyApprovedAdd(
    repos: Repositories,
    actor: Actor,
    period: string,
    householdId: string,
    version: number,
    addition: MemberAddition,
    lang: Lang,
  ) {
    const { staged } = await this.stage(actor, period, householdId, addition.member, lang);
    return this.applyAdd(repos, actor, period, householdId, version, staged, addition);
  }

  /** The member checked as an import row of the household as it stands (its KK and kelurahan). */
  private async stage(actor: Actor, period: string, householdId: string, m: MemberInput, lang: Lang) {
    const household = await this.db.repos.households.find(
      actor.regionCode,
      period,
      householdId,
      scopeOf(actor),
    );
    if (!household) throw missingHousehold(householdId);
    const { member, errors } = checkMember({ kk: household.kk, kelurahan: household.kelurahan_code }, m, {
      knownKelurahan: new Set([household.kelurahan_code]),
    });
    if (!member || errors.length)
      throw badRequestT(
        'record.memberProblem',
        {
          column: errors[0]?.column ?? 'member',
          reason: translateRejectReason(lang, errors[0]?.reason ?? 'invalid'),
        },
        { errors },
      );
    return { staged: member, kelurahan: household.kelurahan_code };
  }

  private async applyAdd(
    repos: Repositories,
    actor: Actor,
    period: string,
    householdId: string,
    version: number,
    member: StagedMember,
    addition: MemberAddition,
  ) {
    const result = await repos.householdEdits.addMember(
      actor.regionCode,
      period,
      householdId,
      version,
      newMember(member),
      scopeOf(actor),
    );
    if (result.status === 'missing') throw missingHousehold(householdId);
    if (result.status === 'stale') throw staleVersion('record.staleMember', { id: householdId });
    if (result.status === 'nik-exists') throw nikTaken(addition.member.nik, period, result.householdId);
    await repos.audit.append({
      ...auditBy(actor),
      action: 'create',
      entity: 'member',
      entityIds: [householdId, result.id],
      periodCode: period,
      changes: {
        member: [null, { name: member.name, relation: member.relation }],
        ...(addition.reason ? { reason: [null, addition.reason] } : {}),
      },
    });
    return { id: householdId, memberId: result.id, version: version + 1 };
  }

  /** Corrects a member's name, birth date, relation and/or disabilities; what changed is answered and audited. */
  async update(
    actor: Actor,
    householdId: string,
    memberId: string,
    input: {
      version: number;
      period?: string;
      changes: MemberChanges;
      reason?: string;
      evidenceNote?: string;
    },
  ) {
    const types = (input.changes.disabilities ?? []).map((d) => d.type);
    if (new Set(types).size !== types.length) throw badRequestT('record.disabilityTwice');
    // A date the schema accepts may still not exist (2025-02-30) or lie ahead.
    const born = input.changes.birthDate;
    if (born !== undefined && !(isRealDate(born) && born <= new Date().toISOString().slice(0, 10)))
      throw badRequestT('record.birthDateInvalid');
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos, trx) => {
      const write = (r: Repositories) =>
        this.applyUpdate(r, actor, period, householdId, memberId, input.version, input.changes);
      if (!needsApproval(await kindsHeldForReview(repos, actor), ['members'])) return write(repos);
      const tried = await dryRun(trx, write);
      // Nothing would change: nothing to review.
      if (Object.keys(tried.changes).length === 0) return write(repos);
      const state = (await repos.proposals.householdState(actor.regionCode, period, householdId))!;
      return recordProposal(repos, actor, {
        periodCode: period,
        kelurahanCode: state.kelurahan_code,
        householdId,
        kind: 'change',
        fieldGroups: ['members'],
        changes: { member_id: memberId, member_changes: input.changes, after: sides(tried.changes, 1) },
        before: sides(tried.changes, 0),
        reason: input.reason ?? null,
        evidenceNote: input.evidenceNote ?? null,
        baseVersion: input.version,
      });
    });
  }

  /** Writes a member correction (a direct one, or an approved proposal's) in the caller's transaction. */
  async applyUpdate(
    repos: Repositories,
    actor: Actor,
    period: string,
    householdId: string,
    memberId: string,
    version: number,
    changes: MemberChanges,
  ) {
    const result = settled(
      await repos.householdEdits.updateMember(
        actor.regionCode,
        period,
        householdId,
        memberId,
        version,
        changes,
        scopeOf(actor),
      ),
      householdId,
    );
    if (Object.keys(result.changes).length)
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'member',
        entityIds: [householdId, memberId],
        periodCode: period,
        changes: result.changes,
      });
    return { id: householdId, version: result.version, changes: result.changes };
  }
}
