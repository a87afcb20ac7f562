// The kelurahan's part of the semester cycle and the penetapan (#20 items 2 and 4): its period record, the
// berita acara attached to it, the muskel's decisions, adopting the period, and the adoption report.
import { Type } from '@sinclair/typebox';
import { CodeField, DateString, Nullable, Uuid } from './common.ts';
import { codesOf, LEAVE_REASONS } from '../domain/code-lists.ts';

const Count = Type.Integer({ minimum: 0 });
export const KelurahanCode = Type.String({
  pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$',
  description: 'kelurahan code',
});

export const KelurahanRecord = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kecamatanCode: Type.String(),
  kecamatanName: Type.String(),
  status: CodeField('kelurahanPeriodStatus'),
  muskelOn: Nullable(Type.String({ description: 'the day the musyawarah kelurahan met' })),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  closedBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
  beritaAcara: Type.Integer({ minimum: 0, description: 'scans attached' }),
  active: Type.Integer({ minimum: 0, description: 'active households' }),
  verified: Count,
  proposals: Type.Object({ pending: Count, approved: Count, rejected: Count }),
  decisions: Type.Object({ keep: Count, remove: Count, add: Count }),
});

export const KelurahanRecords = Type.Object({
  period: Type.String(),
  status: CodeField('periodStatus'),
  kelurahan: Type.Array(KelurahanRecord),
});

export const CloseBody = Type.Object(
  {
    muskelOn: Type.Optional(DateString),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const BeritaAcara = Type.Object({
  id: Uuid,
  fileName: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer({ minimum: 1 }),
  sha256: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
});

export const DecisionsBody = Type.Object(
  {
    period: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })),
    muskelOn: DateString,
    decisions: Type.Array(
      Type.Object(
        {
          householdId: Type.Optional(Uuid),
          decision: Type.Union(codesOf('muskelDecision').map((c) => Type.Literal(c))),
          reason: Type.Optional(Type.Union(LEAVE_REASONS.map((r) => Type.Literal(r)))),
          head: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          rt: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
          rw: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

export const DecisionsAnswer = Type.Object({
  period: Type.String(),
  kelurahan: Type.String(),
  decisions: Type.Array(Type.Object({ id: Uuid, decision: Type.String(), proposalId: Nullable(Uuid) })),
});

export const AdoptBody = Type.Object(
  {
    leaveOpen: Type.Optional(
      Type.Array(KelurahanCode, {
        maxItems: 1000,
        description: 'the kelurahan adopted while still open: exactly the open ones (an override)',
      }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'why, when some are left open' })),
  },
  { additionalProperties: false },
);
