// Adding a member to a household (a birth, a move-in) and changing a member's relation or disabilities. Both
// go under the household's version (a member's change is a change of the household record), to the period
// named else the latest (a finalized one refuses), within the caller's row scope, and in ONE transaction with
// the audit row that is the record's history.
import type { Lang } from '../i18n/translate.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import { badRequestT, staleVersion } from '../lib/problem.ts';
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
    input: { version: number; period?: string; reason?: string; member: MemberInput },
    lang: Lang,
  ) {
    const period = (await this.periods.forWrite(input.period)).code;
    const scope = scopeOf(actor);
    const household = await this.db.repos.households.find(actor.regionCode, period, householdId, scope);
    if (!household) throw missingHousehold(householdId);
    const m = input.member;
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
    return this.db.transaction(async (repos) => {
      const result = await repos.householdEdits.addMember(
        actor.regionCode,
        period,
        householdId,
        input.version,
        newMember(member),
        scope,
      );
      if (result.status === 'missing') throw missingHousehold(householdId);
      if (result.status === 'stale') throw staleVersion('record.staleMember', { id: householdId });
      if (result.status === 'nik-exists') throw nikTaken(m.nik, period, result.householdId);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'member',
        entityIds: [householdId, result.id],
        periodCode: period,
        changes: {
          member: [null, { name: member.name, relation: member.relation }],
          ...(input.reason ? { reason: [null, input.reason] } : {}),
        },
      });
      return { id: householdId, memberId: result.id, version: input.version + 1 };
    });
  }

  /** Corrects a member's name, birth date, relation and/or disabilities; what changed is answered and audited. */
  async update(
    actor: Actor,
    householdId: string,
    memberId: string,
    input: { version: number; period?: string; changes: MemberChanges },
  ) {
    const types = (input.changes.disabilities ?? []).map((d) => d.type);
    if (new Set(types).size !== types.length) throw badRequestT('record.disabilityTwice');
    // A date the schema accepts may still not exist (2025-02-30) or lie ahead.
    const born = input.changes.birthDate;
    if (born !== undefined && !(isRealDate(born) && born <= new Date().toISOString().slice(0, 10)))
      throw badRequestT('record.birthDateInvalid');
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      const result = settled(
        await repos.householdEdits.updateMember(
          actor.regionCode,
          period,
          householdId,
          memberId,
          input.version,
          input.changes,
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
    });
  }
}
