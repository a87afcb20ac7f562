// Duplicates and verification: the households of a period that share an active member's NIK or a KK (a
// person-level read, audited, identifiers masked), merging one into another under both versions, and recording
// a household's field verification. A merge or a verification is written with its audit row in one
// transaction, so both households' histories always show it.
import { needsApproval } from '../domain/approval-kinds.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, notFoundT, problem, staleVersion } from '../lib/problem.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';
import { kindsHeldForReview } from './proposal-gate.ts';

/** The most groups one list answers with. */
const LIST_LIMIT = 500;

export interface MergeInput {
  into: string;
  version: number;
  intoVersion: number;
  period?: string;
  note?: string;
}

export interface VerifyInput {
  version: number;
  status: 'verified' | 'rejected';
  period?: string;
}

export class DuplicatesService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /** Groups of likely duplicates touching the caller's kelurahan; audited with every household listed. */
  async list(actor: Actor, requestedPeriod: string | undefined) {
    const period = (await this.periods.forRead(requestedPeriod, actor)).code;
    const groups = await this.db.repos.duplicates.list(actor.regionCode, period, scopeOf(actor), LIST_LIMIT);
    await this.db.repos.audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'duplicates',
      entityIds: groups.flatMap((g) => g.households.map((h) => h.id)),
      periodCode: period,
    });
    return {
      period,
      groups: groups.map((g) => ({
        reason: g.reason,
        key: maskId(g.key),
        households: g.households.map((h) => ({
          id: h.id,
          kk: maskId(h.kk),
          kelurahanCode: h.kelurahan_code,
          kelurahan: h.kelurahan,
          head: h.head,
          members: Number(h.members),
          version: h.version,
        })),
      })),
    };
  }

  /**
   * Merges `duplicateId` into `input.into`: both must be active, within the caller's scope and at the versions
   * the caller saw. The duplicate's own people move over; it stays as a merged record.
   */
  async merge(actor: Actor, duplicateId: string, input: MergeInput) {
    if (input.into === duplicateId) throw badRequestT('merge.self');
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      // A merge takes a household out of the counts: while an operator's removals wait for a reviewer, so
      // does this (an admin merges) until merges become proposals of their own (#20).
      if (needsApproval(await kindsHeldForReview(repos, actor), ['removal']))
        throw problem(409, 'conflict', 'proposal.mergeHeld');
      const rows = await repos.duplicates.lock(
        actor.regionCode,
        period,
        [duplicateId, input.into],
        scopeOf(actor),
      );
      const duplicate = rows.find((r) => r.id === duplicateId);
      const survivor = rows.find((r) => r.id === input.into);
      if (!duplicate || !survivor) throw notFoundT('merge.missing');
      if (duplicate.version !== input.version || survivor.version !== input.intoVersion)
        throw staleVersion('record.staleMerge', { id: duplicateId });
      if (duplicate.status !== 'active' || survivor.status !== 'active')
        throw problem(409, 'conflict', 'merge.notActive');
      const moved = await repos.duplicates.merge(actor.regionCode, period, duplicate, survivor);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'merge',
        entity: 'household',
        entityIds: [duplicateId, input.into, ...moved],
        periodCode: period,
        changes: {
          status: ['active', 'merged'],
          merged_into: [null, input.into],
          moved_members: [[], moved],
        },
        reason: input.note ?? null,
      });
      return { id: duplicateId, into: input.into, movedMembers: moved.length };
    });
  }

  /** Records that a household the caller may change was verified or rejected, by whom and today. */
  async verify(actor: Actor, id: string, input: VerifyInput) {
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos) => {
      const [household] = await repos.duplicates.lock(actor.regionCode, period, [id], scopeOf(actor));
      if (!household) throw notFoundT('notFound.householdToChange', { id });
      if (household.version !== input.version)
        throw staleVersion('record.stale', { id, version: household.version });
      await repos.duplicates.verify(
        actor.regionCode,
        period,
        household,
        input.status,
        actor.user?.id ?? null,
      );
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'household',
        entityIds: [id],
        periodCode: period,
        changes: { verification_status: [household.verification_status, input.status] },
      });
      return { id, verificationStatus: input.status };
    });
  }
}
