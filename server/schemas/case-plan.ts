// Case plans: a household's problems (PPKS categories), needs and handling steps, as forms send them and as the
// records and steps screens read them.
import { Type } from '@sinclair/typebox';
import {
  CategoryCode,
  CodeField,
  Codes,
  DateString,
  Nullable,
  PeriodCode,
  ProgramCode,
  Uuid,
  Version,
} from './common.ts';

export const StepStatus = Codes('stepStatus');

/** A handling step as answered. */
export const Step = Type.Object({
  id: Type.String(),
  needId: Nullable(Type.String()),
  opd: Type.String(),
  program: Nullable(Type.String()),
  action: Type.String(),
  status: CodeField('stepStatus'),
  plannedOn: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  startedOn: Nullable(Type.String()),
  doneOn: Nullable(Type.String()),
  note: Nullable(Type.String()),
  version: Type.Integer(),
});

export const Problem = Type.Object({
  id: Type.String(),
  code: Type.String(),
  memberId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recordedOn: Type.String(),
});

export const Need = Type.Object({
  id: Type.String(),
  code: Type.String(),
  memberId: Nullable(Type.String()),
  met: Type.Boolean(),
  note: Nullable(Type.String()),
  recordedOn: Type.String(),
});

/** GET /households/:id/case-plan. */
export const CasePlan = Type.Object({
  period: Type.String(),
  problems: Type.Array(Problem),
  needs: Type.Array(Need),
  steps: Type.Array(Step),
});

/** POST /households/:id/steps. */
export const StepInput = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    action: Type.String({ minLength: 3, maxLength: 300 }),
    opd: Type.String({ pattern: '^[a-z0-9_]{1,20}$' }),
    program: Type.Optional(ProgramCode),
    needId: Type.Optional(Uuid),
    dueOn: Type.Optional(DateString),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** POST /households/:id/problems and /needs: one category of the household or of one member. */
export const EntryInput = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    code: CategoryCode,
    memberId: Type.Optional(Uuid),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

/** PATCH /needs/:id. */
export const NeedUpdate = Type.Object(
  { met: Type.Boolean(), period: Type.Optional(PeriodCode) },
  { additionalProperties: false },
);

/** PATCH /steps/:id: progress under the step's version (a done step carries its date). */
export const StepUpdate = Type.Object(
  {
    version: Version,
    period: Type.Optional(PeriodCode),
    status: Type.Optional(StepStatus),
    dueOn: Type.Optional(Nullable(DateString)),
    startedOn: Type.Optional(Nullable(DateString)),
    doneOn: Type.Optional(DateString),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false, minProperties: 2 },
);
export const StepUpdated = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  changes: Type.Record(Type.String(), Type.Unknown()),
});

/** GET /steps?due=: steps past their due date (still open), due within the next seven days, or any. */
export const STEP_DUE = ['overdue', 'week', 'any'] as const;
/** The most steps one page of GET /steps holds. */
export const STEP_PAGE_MAX = 200;

/** GET /steps?: filters and the page (overdue first, then newest). */
export const StepFilter = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    status: Type.Optional(StepStatus),
    program: Type.Optional(ProgramCode),
    kelurahan: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$' })),
    due: Type.Optional(
      Type.Union(
        STEP_DUE.map((d) => Type.Literal(d)),
        { default: 'any' },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: STEP_PAGE_MAX, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);

/** GET /steps: a step with its household (KK masked), its kelurahan's and program's names, overdue or not. */
export const StepListRow = Type.Object({
  ...Step.properties,
  householdId: Type.String(),
  kk: Type.String(),
  kelurahanCode: Type.String(),
  kelurahanName: Type.String(),
  programName: Nullable(Type.String()),
  overdue: Type.Boolean(),
});
export const StepList = Type.Object({
  period: Type.String(),
  /** The date overdue is counted against. */
  asOf: Type.String(),
  /** Steps matching the filter, over all pages. */
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  /** More steps follow this page. */
  truncated: Type.Boolean(),
  steps: Type.Array(StepListRow),
});

/** GET /steps/overdue: open and overdue steps per kelurahan. */
export const OverdueSteps = Type.Object({
  period: Type.String(),
  asOf: Type.String(),
  areas: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), open: Type.Integer(), overdue: Type.Integer() }),
  ),
});
