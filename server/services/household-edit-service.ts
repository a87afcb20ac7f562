// Creating, changing and taking out household records (operators in their kelurahan, admins). Each write goes
// to the period named, else the latest (a finalized one refuses), within the caller's row scope, under
// optimistic locking, and in ONE transaction with its audit row: the audit log is the record's history, so a
// change whose row cannot be written is not stored either.
import { t, type Lang } from '../i18n/translate.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, problem } from '../lib/problem.ts';
import type { HouseholdPatch } from '../repositories/household-edit-repository.ts';
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

export interface NewHouseholdInput extends HouseholdCells {
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

export class HouseholdEditService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /**
   * A new household with its members, each checked as an import row; refused whole (400 listing every
   * problem, the first in `lang`) if any member is, and 409 if its KK or a NIK is already registered.
   */
  async create(actor: Actor, input: NewHouseholdInput, lang: Lang) {
    const period = (await this.periods.forWrite(input.period)).code;
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
      return checked.member;
    });
    if (new Set(input.members.map((m) => m.nik)).size !== input.members.length)
      errors.push({ member: -1, column: 'nik', value: null, reason: t('en', 'record.nikTwice') });
    if (errors.length) throw memberProblems(errors, lang);
    const first = staged[0]!;
    return this.db.transaction(async (repos) => {
      const result = await repos.householdEdits
        .create(actor.regionCode, period, {
          kk: first.kk,
          kelurahanCode: first.kelurahanCode,
          address: first.address,
          rt: first.rt,
          rw: first.rw,
          desil: first.desil,
          point: first.lat !== null && first.lon !== null ? { lon: first.lon, lat: first.lat } : null,
          members: staged.map((m) => newMember(m!)),
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
    });
  }

  /** Changes household fields under `version`; the fields that changed are the answer and the audit row. */
  async update(
    actor: Actor,
    id: string,
    input: { version: number; period?: string; changes: HouseholdChanges },
  ) {
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      const result = settled(
        await repos.householdEdits
          .update(actor.regionCode, period, id, input.version, toPatch(input.changes), scopeOf(actor))
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
    });
  }

  /** The household leaves the current counts with a reason (never deleted; it stays in history). */
  async leave(actor: Actor, id: string, input: LeaveInput) {
    const period = (await this.periods.forWrite(input.period)).code;
    const note = input.note ?? null;
    return this.db.transaction(async (repos) => {
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
    });
  }
}
