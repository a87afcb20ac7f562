// Reviewing proposals (#20 item 1, maker–checker): the list by kelurahan with a before/after diff, decisions
// one by one or in a batch, and the approval policy. A decision runs in ONE transaction: every proposal named
// is locked and checked first (pending, not the reviewer's own, household unchanged since), then each approved
// one is written by the household edit service's own apply path — the same validation and audit row as a direct
// edit — and every decision gets its audit row, which the household's history shows. One refusal refuses the
// whole batch, so a reviewer never has to find out which half of a batch went through.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Lang } from '../i18n/translate.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import {
  applyProposedHousehold,
  isImportProposal,
  type ImportProposalChanges,
} from '../imports/households/import-proposals.ts';
import { CODE_LISTS } from '../domain/code-lists.ts';
import type { ApprovalKind, ProposalKind, ProposalStatus } from '../domain/approval-kinds.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, notFoundT, problem } from '../lib/problem.ts';
import type { Repositories } from '../repositories/index.ts';
import type { EvidenceRow } from '../repositories/proposal-evidence-repository.ts';
import type { ProposalRow } from '../repositories/proposals-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import {
  patchOf,
  type HouseholdEditService,
  type LeaveInput,
  type NewHouseholdInput,
} from './household-edit-service.ts';
import type { MemberAddition, MemberChanges, MemberEditService } from './member-edit-service.ts';
import type { PeriodAccess } from './period-access.ts';

export interface DecisionInput {
  ids: string[];
  decision: 'approve' | 'reject';
  reason?: string;
}

const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

/** The reviewer's diff: field by field, before (as proposed against) and after; identifiers masked. */
export function diffOf(p: Pick<ProposalRow, 'kind' | 'changes' | 'before'>) {
  const changes = p.changes;
  // A household of an operator's file: its diff was made when the file was read (domain/import-proposals.ts).
  if (isImportProposal(changes)) return changes.diff;
  if (p.kind === 'new_household') {
    const form = changes as unknown as NewHouseholdInput;
    const after: Record<string, unknown> = {
      kk: maskId(form.kk),
      kelurahan: form.kelurahan,
      address: form.address ?? null,
      rt: form.rt ?? null,
      rw: form.rw ?? null,
      desil: form.desil ?? null,
      location: form.location ?? null,
      members: form.members.map((m) => ({
        nik: maskId(m.nik),
        name: m.name,
        sex: m.sex,
        birthDate: m.birthDate,
        relation: m.relation,
        disabilities: m.disabilities ?? [],
      })),
    };
    return Object.entries(after).map(([field, value]) => ({ field, before: null, after: value }));
  }
  const before = p.before ?? {};
  if (changes.add_member) {
    const { member: m, reason } = changes.add_member as MemberAddition;
    return [
      {
        field: 'member',
        before: null,
        after: { ...m, nik: maskId(m.nik), disabilities: m.disabilities ?? [] },
      },
      ...(reason ? [{ field: 'reason', before: null, after: reason }] : []),
    ];
  }
  if (changes.member_id)
    return [
      { field: 'member_id', before: changes.member_id, after: changes.member_id },
      ...Object.entries(changes.after as Record<string, unknown>).map(([field, after]) => ({
        field,
        before: before[field] ?? null,
        after,
      })),
    ];
  if (p.kind === 'removal')
    return [
      { field: 'status', before: before.status ?? null, after: changes.reason },
      { field: 'left_on', before: before.left_on ?? null, after: changes.on },
      ...(changes.note ? [{ field: 'leave_note', before: null, after: changes.note }] : []),
    ];
  return Object.entries(changes).map(([field, after]) => ({ field, before: before[field] ?? null, after }));
}

/**
 * A diff as an audit row's changes, field → [before, after]. A file's diff names a field once per member
 * ("member", "name"…): the second and later get a number ("member_2"), so none is lost.
 */
export function auditDiff(diff: ReadonlyArray<{ field: string; before: unknown; after: unknown }>) {
  const seen = new Map<string, number>();
  const out: Record<string, [unknown, unknown]> = {};
  for (const d of diff) {
    const n = (seen.get(d.field) ?? 0) + 1;
    seen.set(d.field, n);
    out[n === 1 ? d.field : `${d.field}_${n}`] = [d.before, d.after];
  }
  return out;
}

export class ProposalReviewService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
    private readonly edits: HouseholdEditService,
    private readonly members: MemberEditService,
  ) {}

  /** The region's policy: which kinds of operators' changes wait for a reviewer (none until an admin says so). */
  async policy(actor: Actor) {
    const row = await this.db.repos.proposals.policy(actor.regionCode);
    return {
      requires: (row?.requires ?? []) as ApprovalKind[],
      kinds: CODE_LISTS.approvalKind.map((k) => ({ code: k.code, id: k.id, en: k.en })),
      savedAt: iso(row?.saved_at ?? null),
      savedBy: row?.saved_by_username ?? null,
    };
  }

  async savePolicy(actor: Actor, requires: ApprovalKind[]) {
    const order = CODE_LISTS.approvalKind.map((k) => k.code as string);
    const sorted = [...new Set(requires)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    await this.db.transaction(async (repos) => {
      const before = (await repos.proposals.policy(actor.regionCode))?.requires ?? [];
      await repos.proposals.savePolicy(actor.regionCode, sorted, actor.user?.id ?? null);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'approval_policy',
        entityIds: [actor.regionCode],
        changes: { requires: [before, sorted] },
      });
    });
    return this.policy(actor);
  }

  /** Proposals of a period (pending unless asked), by kelurahan, within the caller's scope; an audited read. */
  async list(
    actor: Actor,
    q: { period?: string; status?: ProposalStatus; kelurahan?: string; household?: string; limit?: number },
  ) {
    const period = (await this.periods.forRead(q.period, actor)).code;
    // The diffs name people and their circumstances: reading them is a person-level read, audited with it.
    return this.db.transaction(async ({ proposals, evidence, audit }) => {
      const rows = await proposals.list({
        regionCode: actor.regionCode,
        periodCode: period,
        status: q.status ?? 'pending',
        kelurahan: q.kelurahan,
        householdId: q.household,
        scope: scopeOf(actor),
        limit: q.limit ?? 200,
      });
      const files = await evidence.list(
        actor.regionCode,
        rows.map((r) => r.id),
      );
      await audit.append({
        ...auditBy(actor),
        action: 'read',
        entity: 'proposals',
        entityIds: rows.slice(0, 50).map((r) => r.id),
        periodCode: period,
        changes: {
          entries: rows.length,
          status: q.status ?? 'pending',
          kelurahan: q.kelurahan ?? null,
          household: q.household ?? null,
        },
      });
      return {
        period,
        proposals: rows.map((r) =>
          this.answer(
            r,
            files.filter((f) => f.proposal_id === r.id),
          ),
        ),
      };
    });
  }

  /** Approves or rejects the proposals named, all or none (see the file comment). */
  async decide(actor: Actor, input: DecisionInput, lang: Lang) {
    const reason = input.reason?.trim() || null;
    if (input.decision === 'reject' && !reason) throw badRequestT('proposal.rejectNeedsReason');
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    return this.db.transaction(async (repos, trx) => {
      const rows = await repos.proposals.lockForDecision(actor.regionCode, input.ids);
      const scope = scopeOf(actor).kelurahan;
      for (const id of input.ids) {
        const p = rows.find((r) => r.id === id);
        if (!p || (scope && !scope.includes(p.kelurahan_code))) throw notFoundT('notFound.proposal', { id });
        if (p.status !== 'pending')
          throw problem(
            409,
            'conflict',
            p.status === 'approved' ? 'proposal.alreadyApproved' : 'proposal.alreadyRejected',
            { id, by: p.decided_by_username ?? '—' },
          );
        // Maker–checker: the one who proposed never decides, whatever their role.
        if (p.proposed_by === actor.user?.id) throw problem(403, 'forbidden', 'proposal.ownProposal', { id });
      }
      const batchId = input.ids.length > 1 ? randomUUID() : null;
      const decided: Array<{ id: string; status: ProposalStatus; householdId: string | null }> = [];
      // In the order they were proposed: two approved changes of one household meet as they were made.
      for (const p of rows) {
        const householdId =
          status === 'approved' ? await this.apply(repos, trx, actor, p, lang) : p.household_id;
        await repos.proposals.decide(actor.regionCode, p.id, {
          status,
          decidedBy: actor.user!.id,
          reason,
          batchId,
          householdId,
        });
        await repos.audit.append({
          ...auditBy(actor),
          action: status === 'approved' ? 'approve' : 'reject',
          entity: 'proposal',
          entityIds: householdId ? [householdId, p.id] : [p.id],
          periodCode: p.period_code,
          // The decision, then what the proposal changes (or would have), field by field.
          changes: {
            proposal_status: ['pending', status],
            kind: [null, p.kind],
            proposed_by: [null, p.proposed_by_username],
            ...auditDiff(diffOf(p)),
          },
          reason,
        });
        // A decided file proposal keeps its diff (masked), not the file's rows with whole NIKs and birth dates.
        if (isImportProposal(p.changes)) await repos.proposals.forgetImportRows(actor.regionCode, p.id);
        decided.push({ id: p.id, status, householdId });
      }
      return { decision: input.decision, batchId, proposals: decided };
    });
  }

  /** Writes an approved proposal through the direct edit's path, refusing one whose household has changed. */
  private async apply(
    repos: Repositories,
    trx: Knex.Transaction,
    actor: Actor,
    p: ProposalRow,
    lang: Lang,
  ): Promise<string> {
    const period = p.period_code;
    if (isImportProposal(p.changes)) return this.applyImported(repos, trx, actor, p, p.changes, lang);
    if (p.kind === 'new_household') {
      const form = p.changes as unknown as NewHouseholdInput;
      return (await this.edits.applyCreate(repos, actor, period, form, lang)).id;
    }
    const householdId = p.household_id!;
    const state = await this.unchanged(repos, actor, p, householdId);
    const changes = p.changes;
    if (changes.add_member) {
      const addition = changes.add_member as MemberAddition;
      await this.members.applyApprovedAdd(repos, actor, period, householdId, state.version, addition, lang);
    } else if (changes.member_id) {
      const [memberId, correction] = [changes.member_id as string, changes.member_changes as MemberChanges];
      await this.members.applyUpdate(repos, actor, period, householdId, memberId, state.version, correction);
    } else if (p.kind === 'change')
      await this.edits.applyUpdate(repos, actor, period, householdId, state.version, patchOf(changes));
    else {
      const leave = p.changes as unknown as Omit<LeaveInput, 'version' | 'note'> & { note: string | null };
      await this.edits.applyLeave(repos, actor, period, householdId, {
        version: state.version,
        reason: leave.reason,
        on: leave.on,
        note: leave.note ?? undefined,
      });
    }
    return householdId;
  }

  /** The proposal's household, locked, as it was when proposed; refused when gone or changed since. */
  private async unchanged(repos: Repositories, actor: Actor, p: ProposalRow, householdId: string) {
    const period = p.period_code;
    const state = await repos.proposals.householdState(actor.regionCode, period, householdId);
    if (!state) throw notFoundT('proposal.householdGone', { id: p.id, householdId, period });
    if (state.version !== p.base_version)
      throw problem(409, 'stale-version', 'proposal.stale', {
        id: p.id,
        householdId,
        base: p.base_version ?? 0,
        current: state.version,
      });
    return state;
  }

  /**
   * An operator's imported household, approved: refused when its household changed since the file was read (or,
   * for a new one, when its KK has been registered since), or when the import's checks refuse it today.
   */
  private async applyImported(
    repos: Repositories,
    trx: Knex.Transaction,
    actor: Actor,
    p: ProposalRow,
    changes: ImportProposalChanges,
    lang: Lang,
  ): Promise<string> {
    const period = p.period_code;
    if (p.household_id) await this.unchanged(repos, actor, p, p.household_id);
    else if (await repos.proposals.kkRegistered(actor.regionCode, period, changes.import.rows[0]!.kk))
      throw problem(409, 'stale-version', 'proposal.importKkTaken', {
        id: p.id,
        kk: maskId(changes.import.rows[0]!.kk),
      });
    const outcome = await applyProposedHousehold(trx, actor.regionCode, period, changes, p.household_id);
    if ('refused' in outcome) {
      const first = outcome.refused[0]!;
      throw problem(409, 'conflict', 'proposal.importRefused', {
        id: p.id,
        file: changes.import.fileName,
        row: first.row_number,
        reason: translateRejectReason(lang, first.reason),
      });
    }
    return outcome.householdId;
  }

  private answer(r: ProposalRow, files: readonly EvidenceRow[]) {
    return {
      id: r.id,
      period: r.period_code,
      kelurahan: r.kelurahan_code,
      householdId: r.household_id,
      household:
        r.household_kk === null
          ? null
          : { kk: maskId(r.household_kk), head: r.household_head, rt: r.household_rt, rw: r.household_rw },
      kind: r.kind as ProposalKind,
      fieldGroups: r.field_groups as ApprovalKind[],
      diff: diffOf(r),
      reason: r.reason,
      evidenceNote: r.evidence_note,
      status: r.status as ProposalStatus,
      proposedBy: r.proposed_by_username,
      proposedAt: iso(r.proposed_at)!,
      decidedBy: r.decided_by_username,
      decidedAt: iso(r.decided_at),
      decisionReason: r.decision_reason,
      batchId: r.batch_id,
      baseVersion: r.base_version,
      importFile: isImportProposal(r.changes) ? r.changes.import.fileName : null,
      evidence: files.map((f) => ({
        id: f.id,
        fileName: f.file_name,
        contentType: f.content_type,
        bytes: f.bytes,
        uploadedBy: f.uploaded_by_username,
        uploadedAt: new Date(f.uploaded_at).toISOString(),
      })),
    };
  }
}
