// The eligibility-rule language: programs store rules as JSON data (never code). A rule combines conditions
// on household features and on the features of its members with all/any/not. The schema validates stored
// rules; a compiler (indicators work) turns a rule into parameterised SQL over one features view.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RULE_LIMITS } from './rule-limits.ts';

/** Household-level features a condition may name. */
export const HOUSEHOLD_FIELDS = [
  'desil',
  'unfit_house',
  'floor_area_per_person',
  'lighting',
  'members',
] as const;
/** Member-level features (used inside `some_member`). */
export const MEMBER_FIELDS = [
  'age',
  'sex',
  'disability_type',
  'disability_severity',
  'has_disability',
] as const;

const Scalar = Type.Union([Type.Number(), Type.String(), Type.Boolean()]);
const Op = Type.Union(['eq', 'ne', 'lt', 'lte', 'gt', 'gte'].map((o) => Type.Literal(o)));

function condition(fields: readonly string[]) {
  const Field = Type.Union(fields.map((f) => Type.Literal(f)));
  return Type.Union([
    Type.Object({ field: Field, op: Op, value: Scalar }, { additionalProperties: false }),
    Type.Object(
      { field: Field, op: Type.Literal('between'), value: Type.Tuple([Type.Number(), Type.Number()]) },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        field: Field,
        op: Type.Literal('in'),
        value: Type.Array(Scalar, { minItems: 1, maxItems: RULE_LIMITS.inValues }),
      },
      { additionalProperties: false },
    ),
  ]);
}

function combinators(self: TSchema) {
  return [
    Type.Object(
      { all: Type.Array(self, { minItems: 1, maxItems: RULE_LIMITS.listItems }) },
      { additionalProperties: false },
    ),
    Type.Object(
      { any: Type.Array(self, { minItems: 1, maxItems: RULE_LIMITS.listItems }) },
      { additionalProperties: false },
    ),
    Type.Object({ not: self }, { additionalProperties: false }),
  ];
}

export const MemberRuleSchema = Type.Recursive(
  (self) => Type.Union([condition(MEMBER_FIELDS), ...combinators(self)]),
  { $id: 'MemberRule' },
);

export const RuleSchema = Type.Recursive(
  (self) =>
    Type.Union([
      condition(HOUSEHOLD_FIELDS),
      Type.Object({ some_member: MemberRuleSchema }, { additionalProperties: false }),
      ...combinators(self),
    ]),
  { $id: 'EligibilityRule' },
);

export type EligibilityRule = Static<typeof RuleSchema>;
