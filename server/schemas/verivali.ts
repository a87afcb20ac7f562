// Verivali field work (#20 item 3): assigning households to field verifiers, the verifier's list and form
// fields, visits sent one by one or as a phone's offline queue, and progress per kelurahan and RW.
import { Type, type Static } from '@sinclair/typebox';
import { textSchema } from '../domain/field-rules.ts';
import {
  AreaCode,
  CodeField,
  Codes,
  DateString,
  DownloadLang,
  Nullable,
  PeriodCode,
  Uuid,
  Version,
} from './common.ts';
import { HouseholdChanges, RtRw } from './household.ts';

const KelurahanCode = Type.String({
  pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$',
  description: 'kelurahan code',
});
const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
const Ring = Type.Array(Position, { minItems: 4, maxItems: 5000 });

/** A map selection drawn by hand: a GeoJSON Polygon or MultiPolygon in WGS 84. */
export const SelectionPolygon = Type.Union([
  Type.Object(
    { type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1, maxItems: 20 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('MultiPolygon'),
      coordinates: Type.Array(Type.Array(Ring, { minItems: 1, maxItems: 20 }), { minItems: 1, maxItems: 20 }),
    },
    { additionalProperties: false },
  ),
]);

export const LangQuery = Type.Object({ lang: DownloadLang }, { additionalProperties: false });

export const AssignBody = Type.Object(
  {
    verifierId: Uuid,
    dueDate: DateString,
    period: Type.Optional(PeriodCode),
    households: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 5000, uniqueItems: true })),
    kelurahan: Type.Optional(KelurahanCode),
    rw: Type.Optional(Type.Array(RtRw, { minItems: 1, maxItems: 50, uniqueItems: true })),
    bbox: Type.Optional(
      Type.Array(Type.Number({ minimum: -180, maximum: 180 }), {
        minItems: 4,
        maxItems: 4,
        description: 'west, south, east, north (WGS 84)',
      }),
    ),
    polygon: Type.Optional(SelectionPolygon),
  },
  {
    additionalProperties: false,
    description:
      'one selection: households (ids), or kelurahan (with rw), or a map selection (bbox or polygon, narrowed by kelurahan when named)',
  },
);
export type AssignInput = Static<typeof AssignBody>;

export const AssignAnswer = Type.Object({
  period: Type.String(),
  verifierId: Uuid,
  dueDate: Type.String(),
  assigned: Type.Integer({ description: 'households newly assigned' }),
  reassigned: Type.Integer({ description: 'households moved to this verifier from an open assignment' }),
  householdIds: Type.Array(Uuid),
});

/** What a selection would take, before it is assigned: the assign body without verifier and due date. */
export const SelectionBody = Type.Omit(AssignBody, ['verifierId', 'dueDate'], {
  additionalProperties: false,
  description: 'one selection, as for an assignment: households, kelurahan (with rw), or bbox/polygon',
});

export const SelectionAnswer = Type.Object({
  period: Type.String(),
  households: Type.Integer({ description: 'active households in the selection that the caller may assign' }),
  assignedOpen: Type.Integer({
    description: 'of them, already in an open assignment (assigning them again moves them)',
  }),
  max: Type.Integer({ description: 'the most households one assignment may take' }),
});

export const AssignmentParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const AssignmentQuery = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    kelurahan: Type.Optional(KelurahanCode),
    status: Type.Optional(Codes('assignmentStatus')),
    lang: DownloadLang,
  },
  { additionalProperties: false },
);

/** What the field form shows and may change (the household edit's field names), and the version it is of. */
export const FormFields = Type.Object({
  desil: Nullable(Type.Integer()),
  address: Nullable(Type.String()),
  rt: Nullable(Type.Integer()),
  rw: Nullable(Type.Integer()),
  unfitHouse: Nullable(Type.Boolean()),
  floorAreaM2: Nullable(Type.Number()),
  lighting: Nullable(Type.String()),
  desilSource: Nullable(Type.String()),
  floorType: Nullable(Type.String()),
  wallType: Nullable(Type.String()),
  roofType: Nullable(Type.String()),
  toilet: Nullable(Type.String()),
  waterSource: Nullable(Type.String()),
  cookingFuel: Nullable(Type.String()),
  ownership: Nullable(Type.String()),
  location: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
});

export const Assignment = Type.Object({
  id: Uuid,
  householdId: Uuid,
  kelurahan: Type.String(),
  verifierId: Uuid,
  verifier: Type.String(),
  dueDate: Type.String(),
  overdue: Type.Boolean(),
  status: CodeField('assignmentStatus'),
  assignedAt: Type.String(),
  kk: Type.String({ description: 'masked' }),
  head: Nullable(Type.String()),
  headNik: Nullable(Type.String({ description: 'masked' })),
  address: Nullable(Type.String()),
  rt: Nullable(Type.Integer()),
  rw: Nullable(Type.Integer()),
  version: Type.Integer({ description: 'the household version a visit names as its baseVersion' }),
  lastOutcome: Nullable(CodeField('visitOutcome')),
  lastVisitedAt: Nullable(Type.String()),
  fields: Type.Optional(FormFields),
});

export const AssignmentList = Type.Object({
  period: Type.String(),
  periodOpen: Type.Boolean(),
  assignments: Type.Array(Assignment),
  truncated: Type.Boolean(),
});

export const VisitNote = textSchema({ label: 'note', maxLength: 1000, multiline: true });

export const VisitInput = Type.Object(
  {
    clientId: Uuid,
    assignmentId: Uuid,
    outcome: Codes('visitOutcome'),
    visitedAt: Type.String({ format: 'date-time', description: "the phone's time of the visit" }),
    baseVersion: Version,
    note: Type.Optional(VisitNote),
    changes: Type.Optional(HouseholdChanges),
  },
  { additionalProperties: false },
);
export type VisitItem = Static<typeof VisitInput>;

export const VisitBody = Type.Object(
  { visits: Type.Array(VisitInput, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);

const ProblemShape = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() },
  { additionalProperties: true },
);

export const VisitResult = Type.Object({
  clientId: Uuid,
  status: Type.Integer({
    description: '201 recorded, 200 already recorded (a resend), 409 conflict, 4xx refused',
  }),
  visit: Type.Optional(
    Type.Object({
      id: Uuid,
      assignmentId: Uuid,
      householdId: Uuid,
      outcome: CodeField('visitOutcome'),
      status: CodeField('visitStatus'),
      visitedAt: Type.String(),
      recordedAt: Type.String(),
      proposalId: Nullable(Uuid),
    }),
  ),
  current: Type.Optional(
    Type.Object(
      { version: Type.Integer(), fields: FormFields },
      { description: 'a conflict: the record as it stands, to be shown beside what the phone had' },
    ),
  ),
  problem: Type.Optional(ProblemShape),
});

export const VisitAnswer = Type.Object({ results: Type.Array(VisitResult) });

export const ProgressQuery = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    kelurahan: Type.Optional(KelurahanCode),
    lang: DownloadLang,
  },
  { additionalProperties: false },
);

const ProgressFigures = {
  households: Type.Integer({ description: 'active households of the area in the period' }),
  assigned: Type.Integer(),
  visited: Type.Integer(),
  verified: Type.Integer({
    description: 'latest recorded visit confirmed (verified) or corrected (changed) it',
  }),
  verifiedShare: Nullable(Type.Number({ description: 'verified / assigned; null when nothing is assigned' })),
  overdue: Type.Integer({ description: 'open assignments past their due date' }),
};

export const Progress = Type.Object({
  period: Type.String(),
  level: Type.Union([Type.Literal('kelurahan'), Type.Literal('rw')]),
  kelurahan: Nullable(AreaCode),
  rows: Type.Array(
    Type.Object({
      code: Type.String({ description: 'kelurahan code, or the RW number ("" when not recorded)' }),
      name: Nullable(Type.String()),
      kecamatan: Nullable(
        Type.String({ description: "the kelurahan's kecamatan, by name (null for an RW)" }),
      ),
      ...ProgressFigures,
    }),
    {
      description:
        'every kelurahan in scope (or RW of the kelurahan named) with active households or assignments, none assigned included',
    },
  ),
  total: Type.Object(ProgressFigures),
  overdueList: Type.Array(Assignment),
});

export const VerifierQuery = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    kelurahan: Type.Optional(KelurahanCode),
    lang: DownloadLang,
  },
  { additionalProperties: false },
);

export const VerifierList = Type.Object({
  period: Type.String({ description: 'the period the open counts are of' }),
  verifiers: Type.Array(
    Type.Object({
      id: Uuid,
      username: Type.String(),
      displayName: Type.String(),
      kelurahan: Type.Array(Type.String(), {
        description: 'kelurahan the verifier works in (an operator sees those it shares); empty: city-wide',
      }),
      open: Type.Integer({ description: 'open assignments in the period' }),
    }),
  ),
});
