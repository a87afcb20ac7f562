// An operator's household file while the approval policy holds some kinds of change (#20 item 1): after every
// row and cross-row check, each household the file would change in a held way becomes one pending proposal —
// its rows kept as the file gave them, its diff as the reviewer reads it —, and only the rest is applied. The
// proposals and their audit rows are written in the import's transaction, so a failed import leaves neither.
// Approving one stages its rows again and applies them through the import's own SQL (applyProposedHousehold),
// so an approved household ends exactly as a direct import would have left it.
import type { Knex } from 'knex';
import { needsApproval, type ApprovalKind } from '../../domain/approval-kinds.ts';
import { importChange, type ImportDiffLine } from '../../domain/import-proposals.ts';
import type { StagedMember } from '../../domain/staged-rows.ts';
import { stageLine } from '../../repositories/household-import-repository.ts';
import {
  holdForReview,
  stagedHouseholds,
  stagedRowCount,
} from '../../repositories/household-import-review.ts';
import { FileFormatError } from '../table-reader.ts';
import type { RejectRow } from '../../repositories/import-jobs-repository.ts';
import { createRepositories, sessionRepositories } from '../../repositories/index.ts';
import type { AuditedBy } from '../audited-by.ts';

/** Who imports under review, and what the policy holds. */
export interface ImportReview {
  requires: readonly ApprovalKind[];
  by: AuditedBy;
  proposedBy: string;
  /** Tests only: a lower cap than MAX_REVIEWED_ROWS. */
  maxRows?: number;
}

/** What a proposal made from an import keeps in `changes`: enough to apply it later, and the diff. */
export interface ImportProposalChanges {
  import: {
    jobId: string;
    fileName: string;
    rows: Array<StagedMember & { rowNumber: number }>;
    allowMoves: boolean;
    allowTwoHeads: boolean;
  };
  diff: ImportDiffLine[];
}

export const isImportProposal = (changes: unknown): changes is ImportProposalChanges =>
  typeof changes === 'object' && changes !== null && 'import' in changes && 'diff' in changes;

export interface ProposedCounts {
  householdsProposed: number;
  rowsProposed: number;
}

/** Whether a policy holds anything a file can do (a file never removes a household). */
export const reviewsImports = (requires: readonly ApprovalKind[]) => requires.some((k) => k !== 'removal');

/**
 * The most rows an operator's file under review may hold: every row is judged in this process's memory, and a
 * kelurahan's whole registry (Semarang's largest: ~15,000 households, ~55,000 members) fits well under it.
 */
export const MAX_REVIEWED_ROWS = 100_000;

/** Holds the file's households that need a reviewer and records one proposal (and audit row) for each. */
export async function proposeHeldHouseholds(
  trx: Knex.Transaction,
  opts: {
    regionCode: string;
    periodCode: string;
    jobId: string;
    fileName: string;
    review: ImportReview;
    allowMoves: boolean;
    allowTwoHeads: boolean;
  },
): Promise<ProposedCounts> {
  const staged = await stagedRowCount(trx);
  const max = opts.review.maxRows ?? MAX_REVIEWED_ROWS;
  if (staged > max)
    throw new FileFormatError(
      `The file has ${staged} rows for review; an operator's file under the approval policy takes at most ${max}. Split it by RW, or ask an administrator to import it.`,
    );
  const held = [];
  for (const h of await stagedHouseholds(trx, opts.regionCode, opts.periodCode)) {
    const change = importChange(h.rows, h.stored);
    if (change.groups.length > 0 && needsApproval(opts.review.requires, change.groups))
      held.push({ h, change });
  }
  await holdForReview(
    trx,
    held.map((x) => x.h.kk),
  );
  const repos = createRepositories(trx);
  const ids = await repos.proposals.insertMany(
    held.map(({ h, change }) => {
      const changes: ImportProposalChanges = {
        import: {
          jobId: opts.jobId,
          fileName: opts.fileName,
          rows: h.rows,
          allowMoves: opts.allowMoves,
          allowTwoHeads: opts.allowTwoHeads,
        },
        diff: change.diff,
      };
      const { members, ...before } = h.stored ?? { members: null };
      return {
        regionCode: opts.regionCode,
        periodCode: opts.periodCode,
        // Where the household is registered now (a move's destination is in the diff).
        kelurahanCode: h.stored?.kelurahanCode ?? h.rows[0]!.kelurahanCode,
        householdId: h.stored?.id ?? null,
        kind: h.stored ? 'change' : 'new_household',
        fieldGroups: change.groups,
        changes,
        before: h.stored ? { ...before, members: members!.length } : null,
        reason: null,
        evidenceNote: null,
        proposedBy: opts.review.proposedBy,
        baseVersion: h.stored?.version ?? null,
      };
    }),
  );
  await repos.audit.appendMany(
    held.map(({ h, change }, i) => ({
      ...opts.review.by,
      action: 'propose',
      entity: 'proposal',
      entityIds: h.stored ? [h.stored.id, ids[i]!] : [ids[i]!],
      periodCode: opts.periodCode,
      changes: {
        kind: [null, h.stored ? 'change' : 'new_household'],
        field_groups: [null, change.groups],
        import_job: [null, opts.jobId],
      },
    })),
  );
  return { householdsProposed: held.length, rowsProposed: held.reduce((n, x) => n + x.h.rows.length, 0) };
}

/**
 * Applies one approved household of an import in the reviewer's transaction: its rows staged again, every
 * cross-row and registry check run again on today's registry, then the import's own apply. Resolves with the
 * household's id, or with the refusals the checks found (nothing applied then).
 */
export async function applyProposedHousehold(
  trx: Knex.Transaction,
  regionCode: string,
  periodCode: string,
  changes: ImportProposalChanges,
  /** The stored household the proposal was made on (null: a new one). */
  householdId: string | null,
): Promise<{ householdId: string } | { refused: RejectRow[] }> {
  const repo = sessionRepositories.householdImport(trx, regionCode, periodCode);
  const { rows, allowMoves, allowTwoHeads } = changes.import;
  await repo.dropStage();
  await repo.createStage();
  await repo.stage(rows.map((r) => stageLine(r.rowNumber, r)));
  const checks = await repo.crossChecks(undefined, { allowMoves, allowTwoHeads }, { analyze: false });
  const refused = checks.filter((c) => c.severity === 'error');
  if (refused.length > 0) {
    await repo.dropStage();
    return { refused };
  }
  await repo.apply();
  const applied = await repo.appliedHouseholdIds();
  await repo.dropStage();
  // The import matches a KK to its stored household itself: it must be the one the reviewer was shown.
  if (applied.length !== 1 || (householdId !== null && applied[0] !== householdId))
    throw new Error(
      `proposal for household ${householdId ?? 'new'} applied to ${applied.join(', ') || 'none'}`,
    );
  return { householdId: applied[0]! };
}
