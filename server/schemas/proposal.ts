// Proposals and approval (#20 item 1): the answer to an edit held for review, the reviewer's list and
// decisions, and the approval policy admins set.
import { Type } from '@sinclair/typebox';
import { textSchema } from '../domain/field-rules.ts';
import { AreaCode, CodeField, Codes, Nullable, PeriodCode, Uuid } from './common.ts';

/** Why a change is made, or why a reviewer decided as they did: kept with the proposal and in the audit row. */
export const ProposalReason = textSchema({ label: 'reason', maxLength: 500, multiline: true });
/** A file attached to a proposal as evidence (a photo of the house, a scanned letter). */
export const EvidenceFile = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer({ minimum: 1 }),
  uploadedBy: Nullable(Type.String()),
  uploadedAt: Type.String({ format: 'date-time' }),
});

/** What backs a proposal in words (a document seen, a visit made); photos and scans are EvidenceFile. */
export const EvidenceNote = textSchema({ label: 'evidence note', maxLength: 1000, multiline: true });

/** The fields an edit may add for its reviewer (ignored when the edit applies directly). */
export const ProposalNoteFields = {
  reason: Type.Optional(ProposalReason),
  evidenceNote: Type.Optional(EvidenceNote),
};

/** HTTP 202: the edit is held for review as this proposal; nothing is in the registry until it is approved. */
export const ProposedAnswer = Type.Object(
  {
    proposal: Type.Object({
      id: Uuid,
      status: Type.Literal('pending'),
      kind: CodeField('proposalKind'),
      fieldGroups: Type.Array(CodeField('approvalKind')),
      householdId: Nullable(Uuid, { description: 'null for a new household' }),
    }),
  },
  {
    description:
      'Held for review: the approval policy requires a reviewer for this kind of change (GET /api/v1/approval-policy)',
  },
);

export const ProposalQuery = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    status: Type.Optional(Codes('proposalStatus', { description: 'pending unless named' })),
    kelurahan: Type.Optional(AreaCode),
    household: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: '200 unless named' })),
  },
  { additionalProperties: false },
);

const DiffRow = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const Proposal = Type.Object({
  id: Uuid,
  period: Type.String(),
  kelurahan: Type.String(),
  householdId: Nullable(Uuid),
  household: Nullable(
    Type.Object({
      kk: Type.String({ description: 'masked' }),
      head: Nullable(Type.String()),
      rt: Nullable(Type.Integer()),
      rw: Nullable(Type.Integer()),
    }),
    { description: 'the household as it stands now, for the reviewer to find it; null for a new household' },
  ),
  kind: CodeField('proposalKind'),
  fieldGroups: Type.Array(CodeField('approvalKind')),
  diff: Type.Array(DiffRow, {
    description: 'field by field, before (when proposed) and after; KK and NIK of a new household masked',
  }),
  reason: Nullable(Type.String()),
  evidenceNote: Nullable(Type.String()),
  status: CodeField('proposalStatus'),
  proposedBy: Nullable(Type.String()),
  proposedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  batchId: Nullable(Uuid),
  baseVersion: Nullable(Type.Integer()),
  importFile: Nullable(
    Type.String({ description: "the household file an operator's import proposed it from (null: typed in)" }),
  ),
  evidence: Type.Array(EvidenceFile, { description: 'photos and scans attached (without their contents)' }),
});

export const ProposalList = Type.Object({ period: Type.String(), proposals: Type.Array(Proposal) });

export const DecisionBody = Type.Object(
  {
    ids: Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true }),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(ProposalReason),
  },
  { additionalProperties: false },
);

export const DecisionAnswer = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  batchId: Nullable(Uuid, { description: 'shared by the proposals of a batch decision; null for one' }),
  proposals: Type.Array(
    Type.Object({ id: Uuid, status: CodeField('proposalStatus'), householdId: Nullable(Uuid) }),
  ),
});

export const ApprovalPolicy = Type.Object({
  requires: Type.Array(CodeField('approvalKind'), {
    description: "kinds of operators' changes that wait for a reviewer; the others apply at once",
  }),
  kinds: Type.Array(Type.Object({ code: CodeField('approvalKind'), id: Type.String(), en: Type.String() })),
  savedAt: Nullable(Type.String()),
  savedBy: Nullable(Type.String()),
});

export const ApprovalPolicyBody = Type.Object(
  { requires: Type.Array(Codes('approvalKind'), { uniqueItems: true, maxItems: 6 }) },
  { additionalProperties: false },
);
