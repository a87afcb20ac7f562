// The maker–checker gate of household edits (#20 item 1). Before an edit is written, the edit service asks
// whether the region's approval policy holds it for review; if so, the edit is tried in a savepoint that is
// always rolled back — the same validation, scope, version and location checks as a direct edit, so an operator
// hears at once what is wrong — and what it would change is stored as a proposal with its audit row instead.
// Nothing of a proposal reaches the registry or the indicators before a reviewer approves it.
import type { Knex } from 'knex';
import { isReviewedRole, type ApprovalKind, type ProposalKind } from '../domain/approval-kinds.ts';
import { createRepositories, type Repositories } from '../repositories/index.ts';
import { auditBy, type Actor } from './actor.ts';

/** The answer to an edit held for review (HTTP 202): what was proposed, not what was saved. */
export interface ProposedAnswer {
  proposal: {
    id: string;
    status: 'pending';
    kind: ProposalKind;
    fieldGroups: ApprovalKind[];
    householdId: string | null;
  };
}

export interface ProposalDraft {
  periodCode: string;
  kelurahanCode: string;
  householdId: string | null;
  kind: ProposalKind;
  fieldGroups: ApprovalKind[];
  changes: unknown;
  before: Record<string, unknown> | null;
  reason: string | null;
  evidenceNote: string | null;
  baseVersion: number | null;
}

/** Carries a dry run's result out of its savepoint (throwing is how a knex savepoint is rolled back). */
class DryRun<T> extends Error {
  constructor(readonly value: T) {
    super('dry run');
  }
}

/**
 * Runs `work` on repositories bound to a savepoint of `trx` and rolls the savepoint back, returning what `work`
 * returned: every check and trigger runs for real, nothing stays. A refusal `work` throws is rethrown.
 */
export async function dryRun<T>(
  trx: Knex.Transaction,
  work: (repos: Repositories) => Promise<T>,
): Promise<T> {
  try {
    await trx.transaction(async (savepoint) => {
      throw new DryRun(await work(createRepositories(savepoint)));
    });
  } catch (err) {
    if (err instanceof DryRun) return err.value as T;
    throw err;
  }
  throw new Error('a dry run always rolls back');
}

/**
 * The kinds of change that wait for approval when `actor` makes them: the region's policy for operators,
 * nothing for anyone else (domain/approval-kinds.ts says why).
 */
export async function kindsHeldForReview(repos: Repositories, actor: Actor): Promise<ApprovalKind[]> {
  if (!isReviewedRole(actor.role)) return [];
  const policy = await repos.proposals.policy(actor.regionCode);
  return (policy?.requires ?? []) as ApprovalKind[];
}

/** Stores the proposal and its audit row in the caller's transaction. */
export async function recordProposal(
  repos: Repositories,
  actor: Actor,
  d: ProposalDraft,
): Promise<ProposedAnswer> {
  const id = await repos.proposals.insert({ ...d, regionCode: actor.regionCode, proposedBy: actor.user!.id });
  await repos.audit.append({
    ...auditBy(actor),
    action: 'propose',
    entity: 'proposal',
    entityIds: d.householdId ? [d.householdId, id] : [id],
    periodCode: d.periodCode,
    changes: { kind: [null, d.kind], field_groups: [null, d.fieldGroups] },
    reason: d.reason,
  });
  return {
    proposal: { id, status: 'pending', kind: d.kind, fieldGroups: d.fieldGroups, householdId: d.householdId },
  };
}
