// Creating, changing and taking out household records (operators in their kelurahan, admins). Each write goes
// to the period named, else the latest (a finalized one refuses), within the caller's row scope, under
// optimistic locking, and in ONE transaction with its audit row: the audit log is the record's history, so a
// change whose row cannot be written is not stored either. An operator's edit of a kind the approval policy
// holds for review is tried in full and stored as a proposal instead (services/proposal-gate.ts); an approved
// proposal is written by the same apply* methods as a direct edit (services/proposal-review-service.ts).
import { t, type Lang } from '../i18n/translate.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, problem } from '../lib/problem.ts';
import { fieldGroupsOf, needsApproval } from '../domain/approval-kinds.ts';
import type { HouseholdPatch } from '../repositories/household-edit-repository.ts';
import type { Knex } from 'knex';
import type { Repositories } from '../repositories/index.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import {
  checkMember,
  memberProblems,
  newMember,
  nikTaken,
  refuseOutside,
  settled,
  type HouseholdCells,
  type MemberInput,
  type MemberIssue,
} from './household-edit-rules.ts';
import type { PeriodAccess } from './period-access.ts';
import { dryRun, kindsHeldForReview, recordProposal, type ProposedAnswer } from './proposal-gate.ts';

/** Why a change is made and what backs it: kept with a proposal, for its reviewer. */
export interface ProposalNote {
  reason?: string;
  evidenceNote?: string;
}

export interface NewHouseholdInput extends HouseholdCells, ProposalNote {
  period?: string;
  members: MemberInput[];
}

/** The fields a household form may change (null clears one). */
export interface HouseholdChanges {
  desil?: number | null;
  address?: string | null;
  rt?: number | null;
  rw?: number | null;
  unfitHouse?: boolean | null;
  floorAreaM2?: number | null;
  lighting?: string | null;
  desilSource?: string | null;
  floorType?: string | null;
  wallType?: string | null;
  roofType?: string | null;
  toilet?: string | null;
  waterSource?: string | null;
  cookingFuel?: string | null;
  ownership?: string | null;
  location?: { lon: number; lat: number } | null;
}

export interface LeaveInput {
  version: number;
  period?: string;
  reason: 'moved_out' | 'died' | 'not_eligible';
  on: string;
  note?: string;
  evidenceNote?: string;
}

const toPatch = (c: HouseholdChanges): HouseholdPatch => ({
  desil: c.desil,
  address: c.address,
  rt: c.rt,
  rw: c.rw,
  unfit_house: c.unfitHouse,
  floor_area_m2: c.floorAreaM2,
  lighting: c.lighting,
  desil_source: c.desilSource,
  floor_type: c.floorType,
  wall_type: c.wallType,
  roof_type: c.roofType,
  toilet: c.toilet,
  water_source: c.waterSource,
  cooking_fuel: c.cookingFuel,
  ownership: c.ownership,
  point: c.location,
});

/** A proposal's stored changes ({field: after}, the names the audit rows use) as the patch to write. */
export function patchOf(changes: Record<string, unknown>): HouseholdPatch {
  const { location, ...fields } = changes;
  return { ...fields, ...(location === undefined ? {} : { point: location }) } as HouseholdPatch;
}

const sides = (changes: Record<string, [unknown, unknown]>, side: 0 | 1) =>
  Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[side]]));

export type UpdateAnswer =
  | { id: string; version: number; changes: Record<string, [unknown, unknown]>; locationCheck?: string }
  | ProposedAnswer;

export class HouseholdEditService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /**
   * A new household with its members, each checked as an import row; refused whole (400 listing every
   * problem, the first in `lang`) if any member is, and 409 if its KK or a NIK is already registered. Held for
   * review when the policy says so: then the answer names the proposal and nothing is registered.
   */
  async create(actor: Actor, input: NewHouseholdInput, lang: Lang) {
    const period = (await this.periods.forWrite(input.period)).code;
    const { reason, evidenceNote, ...rest } = input;
    // What a proposal keeps is the form itself: the period is the proposal's own column.
    const form: NewHouseholdInput = { ...rest, period: undefined };
    const staged = await this.stage(actor, form, lang);
    return this.db.transaction(async (repos, trx) => {
      if (!needsApproval(await kindsHeldForReview(repos, actor), ['new_household']))
        return this.write(repos, actor, period, form, staged);
      await dryRun(trx, (r) => this.write(r, actor, period, form, staged));
      return recordProposal(repos, actor, {
        periodCode: period,
        kelurahanCode: staged[0]!.kelurahanCode,
        householdId: null,
        kind: 'new_household',
        fieldGroups: [],
        changes: form,
        before: null,
        reason: reason ?? null,
        evidenceNote: evidenceNote ?? null,
        baseVersion: null,
      });
    });
  }

  /** Registers an approved new household (its form as proposed) in the reviewer's transaction. */
  async applyCreate(repos: Repositories, actor: Actor, period: string, form: NewHouseholdInput, lang: Lang) {
    return this.write(repos, actor, period, form, await this.stage(actor, form, lang));
  }

  /** Each member checked as an import row with the household's fields; 400 listing every problem. */
  private async stage(actor: Actor, input: NewHouseholdInput, lang: Lang) {
    const scope = scopeOf(actor);
    const ctx = {
      knownKelurahan: new Set(await this.db.repos.households.kelurahanCodes(actor.regionCode)),
      scope: scope.kelurahan ? new Set(scope.kelurahan) : undefined,
    };
    const errors: MemberIssue[] = [];
    const staged = input.members.map((m, i) => {
      const checked = checkMember(input, m, ctx);
      for (const e of checked.errors)
        errors.push({ member: i, column: e.column, value: e.value, reason: e.reason });
      return checked.member!;
    });
    if (new Set(input.members.map((m) => m.nik)).size !== input.members.length)
      errors.push({ member: -1, column: 'nik', value: null, reason: t('en', 'record.nikTwice') });
    if (errors.length) throw memberProblems(errors, lang);
    return staged;
  }

  private async write(
    repos: Repositories,
    actor: Actor,
    period: string,
    input: NewHouseholdInput,
    staged: Awaited<ReturnType<HouseholdEditService['stage']>>,
  ) {
    const first = staged[0]!;
    const result = await repos.householdEdits
      .create(actor.regionCode, period, {
        kk: first.kk,
        kelurahanCode: first.kelurahanCode,
        address: first.address,
        rt: first.rt,
        rw: first.rw,
        desil: first.desil,
        point: first.lat !== null && first.lon !== null ? { lon: first.lon, lat: first.lat } : null,
        members: staged.map((m) => newMember(m)),
      })
      .catch(refuseOutside);
    if (result.status === 'kk-exists')
      throw problem(
        409,
        'duplicate',
        'record.kkTaken',
        { kk: maskId(input.kk), period, householdId: result.id },
        { householdId: result.id },
      );
    if (result.status === 'nik-exists') throw nikTaken(result.nik, period, result.householdId);
    if (result.locationCheck === 'other_kelurahan') throw badRequestT('record.locationOtherKelurahan');
    await repos.audit.append({
      ...auditBy(actor),
      action: 'create',
      entity: 'household',
      entityIds: [result.id],
      periodCode: period,
      changes: { kk: [null, maskId(input.kk)], members: [null, input.members.length] },
    });
    return { id: result.id, locationCheck: result.locationCheck };
  }

  /**
   * Changes household fields under `version`; the fields that changed are the answer and the audit row. Held
   * for review when a field group that really changes needs approval (a form resending unchanged fields is
   * judged by what it changes); the whole edit is then one proposal, so split a typo fix off to save it at once.
   */
  async update(
    actor: Actor,
    id: string,
    input: ProposalNote & { version: number; period?: string; changes: HouseholdChanges },
  ): Promise<UpdateAnswer> {
    const period = (await this.periods.forWrite(input.period)).code;
    const patch = toPatch(input.changes);
    return this.db.transaction(async (repos, trx) => {
      const held = await kindsHeldForReview(repos, actor);
      if (held.length === 0) return this.applyUpdate(repos, actor, period, id, input.version, patch);
      const tried = await dryRun(trx, (r) => this.applyUpdate(r, actor, period, id, input.version, patch));
      const groups = fieldGroupsOf(Object.keys(tried.changes));
      if (!needsApproval(held, groups))
        return this.applyUpdate(repos, actor, period, id, input.version, patch);
      const state = (await repos.proposals.householdState(actor.regionCode, period, id))!;
      return recordProposal(repos, actor, {
        periodCode: period,
        kelurahanCode: state.kelurahan_code,
        householdId: id,
        kind: 'change',
        fieldGroups: groups,
        changes: sides(tried.changes, 1),
        before: sides(tried.changes, 0),
        reason: input.reason ?? null,
        evidenceNote: input.evidenceNote ?? null,
        baseVersion: input.version,
      });
    });
  }

  /** Writes a change (a direct edit's, or an approved proposal's) in the caller's transaction. */
  async applyUpdate(
    repos: Repositories,
    actor: Actor,
    period: string,
    id: string,
    version: number,
    patch: HouseholdPatch,
  ) {
    const result = settled(
      await repos.householdEdits
        .update(actor.regionCode, period, id, version, patch, scopeOf(actor))
        .catch(refuseOutside),
      id,
    );
    // The repository refuses such a point; should that change, the edit still never commits.
    if (result.extra?.locationCheck === 'outside') throw badRequestT('record.locationOutsideShort');
    // An operator places a house by hand: a point in another kelurahan is a slip of the hand, refused (the
    // whole edit rolls back), never stored nor snapped. Imports keep it as a warning; the point of an edit
    // that leaves the location alone is not judged again.
    if (result.changes.location && result.extra?.locationCheck === 'other_kelurahan')
      throw badRequestT('record.locationOtherKelurahan');
    if (Object.keys(result.changes).length)
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'household',
        entityIds: [id],
        periodCode: period,
        changes: result.changes,
      });
    return {
      id,
      version: result.version,
      changes: result.changes,
      locationCheck: result.extra?.locationCheck,
    };
  }

  /** The household leaves the current counts with a reason (never deleted; it stays in history). */
  async leave(actor: Actor, id: string, input: LeaveInput) {
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos, trx) => {
      if (!needsApproval(await kindsHeldForReview(repos, actor), ['removal']))
        return this.applyLeave(repos, actor, period, id, input);
      return this.proposeLeave(repos, trx, actor, period, id, input);
    });
  }

  /**
   * Stores a removal as a proposal in the caller's transaction, after trying it for real in a rolled-back
   * savepoint (the same checks as a direct leave): an operator's held edit, or a muskel decision to remove.
   */
  async proposeLeave(
    repos: Repositories,
    trx: Knex.Transaction,
    actor: Actor,
    period: string,
    id: string,
    input: LeaveInput,
  ) {
    const tried = await dryRun(trx, (r) => this.applyLeave(r, actor, period, id, input));
    const state = (await repos.proposals.householdState(actor.regionCode, period, id))!;
    const { reason, on, note } = input;
    return recordProposal(repos, actor, {
      periodCode: period,
      kelurahanCode: state.kelurahan_code,
      householdId: id,
      kind: 'removal',
      fieldGroups: [],
      changes: { reason, on, note: note ?? null },
      before: sides(tried.changes, 0),
      reason: note ?? null,
      evidenceNote: input.evidenceNote ?? null,
      baseVersion: input.version,
    });
  }

  /** Writes a leave (a direct one, or an approved removal) in the caller's transaction. */
  async applyLeave(repos: Repositories, actor: Actor, period: string, id: string, input: LeaveInput) {
    const note = input.note ?? null;
    const result = settled(
      await repos.householdEdits.leave(
        actor.regionCode,
        period,
        id,
        input.version,
        { reason: input.reason, on: input.on, note },
        scopeOf(actor),
      ),
      id,
    );
    await repos.audit.append({
      ...auditBy(actor),
      action: 'leave',
      entity: 'household',
      entityIds: [id],
      periodCode: period,
      changes: result.changes,
      reason: note,
    });
    return { id, version: result.version, changes: result.changes };
  }
}
