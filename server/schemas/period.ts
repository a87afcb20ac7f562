// Periods: what finalizing one freezes (the semester cycle's screen), and the flows between two of them (the
// entries and exits screen). Counts only, never a person.
import { Type, type TInteger, type TNull, type TUnion } from '@sinclair/typebox';
import { FLOWS, type Flow } from '../domain/flows.ts';
import { CodeField, Nullable } from './common.ts';

const Count = Type.Integer({ minimum: 0 });

/** GET /periods/:code/summary (admins): the period, the registry it holds, and what is unfinished in it. */
export const PeriodSummary = Type.Object({
  code: Type.String(),
  status: CodeField('periodStatus'),
  carriedFrom: Nullable(Type.String()),
  openedAt: Type.String({ format: 'date-time' }),
  finalizedAt: Nullable(Type.String({ format: 'date-time' })),
  households: Count,
  activeHouseholds: Count,
  verifiedHouseholds: Count,
  members: Type.Integer({ minimum: 0, description: 'active members of active households' }),
  disabledMembers: Count,
  enrolments: Count,
  unmetNeeds: Count,
  openSteps: Type.Integer({ minimum: 0, description: 'handling steps planned or ongoing' }),
  overdueSteps: Count,
  pendingImports: Type.Integer({
    minimum: 0,
    description: 'import jobs into this period still queued or running (finalizing makes them fail)',
  }),
});

/** Households per flow of one area; null: suppressed (the public's small cells). */
const flowProperties = {} as Record<Flow, TUnion<[TInteger, TNull]>>;
for (const f of FLOWS) flowProperties[f] = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
export const FlowCounts = Type.Object(flowProperties);

/** GET /flows: entries and exits between two periods, by area. */
export const FlowsAnswer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  level: Type.String(),
  areas: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      flows: FlowCounts,
      suppressed: Type.Array(Type.String()),
    }),
  ),
});
