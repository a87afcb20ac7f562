// Household records: the fields forms send (under the same rules as an import row, domain/field-rules.ts) and
// the masked answers the records screen reads.
import { Type } from '@sinclair/typebox';
import { LEAVE_REASONS } from '../domain/code-lists.ts';
import { FIELD_RULES, NUMBER_RULES, textSchema } from '../domain/field-rules.ts';
import { Changes, Codes, DateString, LonLat, Nullable, PeriodCode, Uuid, Version } from './common.ts';
import { EvidenceNote, ProposalNoteFields } from './proposal.ts';

/** Free-text fields under the same rules as an import row. */
export const AddressText = textSchema(FIELD_RULES.address);
export const PersonName = textSchema(FIELD_RULES.personName);
/** Numeric household fields under the same ranges as an import row. */
export const Desil = Type.Integer(NUMBER_RULES.desil);
export const RtRw = Type.Integer(NUMBER_RULES.rt);
export const FloorAreaM2 = Type.Number(NUMBER_RULES.floorAreaM2);

/** A disability as stored and answered. */
export const Disability = Type.Object({ type: Type.String(), severity: Type.String() });
/** A disability as a member edit sends it: both codes checked here. */
export const DisabilityInput = Type.Object(
  { type: Codes('disabilityType'), severity: Codes('severity') },
  { additionalProperties: false },
);

/**
 * A member as a form sends it, validated afterwards as an import row (which names each field's problem in the
 * caller's language), so the codes are plain strings here.
 */
export const MemberInput = Type.Object(
  {
    nik: Type.String(),
    name: PersonName,
    sex: Type.String(),
    birthDate: Type.String({ description: 'YYYY-MM-DD or DD/MM/YYYY' }),
    relation: Type.String(),
    disabilities: Type.Optional(Type.Array(Disability)),
  },
  { additionalProperties: false },
);

/** POST /households: a household with its members. */
export const NewHousehold = Type.Object(
  {
    period: Type.Optional(PeriodCode),
    kk: Type.String(),
    kelurahan: Type.String(),
    address: Type.Optional(AddressText),
    rt: Type.Optional(Type.Integer()),
    rw: Type.Optional(Type.Integer()),
    desil: Type.Optional(Type.Integer()),
    // Unbounded here: the import-row validator answers an out-of-range point with its own reason.
    location: Type.Optional(
      Type.Object({ lon: Type.Number(), lat: Type.Number() }, { additionalProperties: false }),
    ),
    members: Type.Array(MemberInput, { minItems: 1, maxItems: 30 }),
  },
  { additionalProperties: false },
);

/** PATCH /households/:id: the household fields an operator changes (null clears one). */
export const HouseholdChanges = Type.Object(
  {
    desil: Type.Optional(Nullable(Desil)),
    address: Type.Optional(Nullable(AddressText)),
    rt: Type.Optional(Nullable(RtRw)),
    rw: Type.Optional(Nullable(RtRw)),
    unfitHouse: Type.Optional(Nullable(Type.Boolean())),
    floorAreaM2: Type.Optional(Nullable(FloorAreaM2)),
    lighting: Type.Optional(Nullable(Codes('lighting'))),
    desilSource: Type.Optional(Nullable(Codes('desilSource'))),
    floorType: Type.Optional(Nullable(Codes('floorType'))),
    wallType: Type.Optional(Nullable(Codes('wallType'))),
    roofType: Type.Optional(Nullable(Codes('roofType'))),
    toilet: Type.Optional(Nullable(Codes('toilet'))),
    waterSource: Type.Optional(Nullable(Codes('waterSource'))),
    cookingFuel: Type.Optional(Nullable(Codes('cookingFuel'))),
    ownership: Type.Optional(Nullable(Codes('ownership'))),
    location: Type.Optional(Nullable(LonLat)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const HouseholdEdit = Type.Object(
  { version: Version, period: Type.Optional(PeriodCode), changes: HouseholdChanges, ...ProposalNoteFields },
  { additionalProperties: false },
);

/** POST /households/:id/members. */
export const MemberAdd = Type.Object(
  {
    version: Version,
    period: Type.Optional(PeriodCode),
    /** Why the member joins (a birth, a move-in): written to the record's history. */
    reason: Type.Optional(Codes('memberEntry')),
    member: MemberInput,
    evidenceNote: Type.Optional(EvidenceNote),
  },
  { additionalProperties: false },
);

/** PATCH /households/:id/members/:memberId: corrections of name, birth date, relation; all disabilities. */
export const MemberChanges = Type.Object(
  {
    name: Type.Optional(PersonName),
    birthDate: Type.Optional(DateString),
    relation: Type.Optional(Codes('relation')),
    disabilities: Type.Optional(Type.Array(DisabilityInput, { maxItems: 7 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const MemberEdit = Type.Object(
  { version: Version, period: Type.Optional(PeriodCode), changes: MemberChanges, ...ProposalNoteFields },
  { additionalProperties: false },
);
export const MemberParams = Type.Object({ id: Uuid, memberId: Uuid });

export const LeaveReason = Type.Union(
  LEAVE_REASONS.map((r) => Type.Literal(r)),
  { description: 'merging duplicates has its own flow' },
);
/** POST /households/:id/leave. */
export const Leave = Type.Object(
  {
    version: Version,
    period: Type.Optional(PeriodCode),
    reason: LeaveReason,
    on: DateString,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    evidenceNote: Type.Optional(EvidenceNote),
  },
  { additionalProperties: false },
);

/** The answer to an edit: the new version and what changed. */
export const Saved = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  changes: Changes,
  locationCheck: Type.Optional(Type.String()),
});

/** Fields every household answer carries (KK masked). */
export const HouseholdBase = {
  id: Type.String(),
  kk: Type.String({ description: 'masked: region code and serial only' }),
  kelurahanCode: Type.String(),
  kelurahan: Type.String(),
  rt: Type.Union([Type.Number(), Type.Null()]),
  rw: Type.Union([Type.Number(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  desil: Type.Union([Type.Number(), Type.Null()]),
  status: Type.String(),
};

/** GET /households/:id: one household with its members, NIKs masked. */
export const Household = Type.Object({
  ...HouseholdBase,
  period: Type.String(),
  verificationStatus: Type.String(),
  verifiedOn: Type.Union([Type.String(), Type.Null()]),
  locationCheck: Type.String(),
  location: Type.Union([LonLat, Type.Null()], { description: "the house's point (WGS 84)" }),
  version: Type.Number(),
  /** The housing survey and the desil's source: codes of their lists (null when not recorded). */
  housing: Type.Object({
    desilSource: Nullable(Type.String()),
    floorAreaM2: Nullable(Type.Number()),
    unfitHouse: Nullable(Type.Boolean()),
    lighting: Nullable(Type.String()),
    floorType: Nullable(Type.String()),
    wallType: Nullable(Type.String()),
    roofType: Nullable(Type.String()),
    toilet: Nullable(Type.String()),
    waterSource: Nullable(Type.String()),
    cookingFuel: Nullable(Type.String()),
    ownership: Nullable(Type.String()),
  }),
  members: Type.Array(
    Type.Object({
      id: Type.String(),
      nik: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
      nikValid: Type.Boolean(),
      name: Type.String(),
      sex: Type.String(),
      birthDate: Type.String(),
      relation: Type.String(),
      status: Type.String(),
      disabilities: Type.Array(Disability),
    }),
  ),
});

/** GET /households?q=: a search hit. */
export const HouseholdHit = Type.Object({
  ...HouseholdBase,
  head: Type.Union([Type.String(), Type.Null()]),
  members: Type.Integer(),
});
export const HouseholdSearch = Type.Object({
  period: Type.String(),
  truncated: Type.Boolean({ description: 'more households matched than are listed' }),
  total: Type.Integer({ description: 'how many households matched in all' }),
  households: Type.Array(HouseholdHit),
});

/** GET /households/:id/history: one audit entry of the record. */
export const HistoryEntry = Type.Object({
  at: Type.String(),
  username: Nullable(Type.String()),
  action: Type.String(),
  entity: Type.String(),
  period: Nullable(Type.String()),
  entityIds: Type.Array(Type.String(), { description: 'the household, then the member or step it touched' }),
  changes: Type.Unknown(),
});

/** GET /duplicates: households sharing a NIK or KK; the first is the one a merge keeps. */
export const DuplicateGroup = Type.Object({
  reason: Type.String(),
  key: Type.String({ description: 'the shared NIK or KK, masked' }),
  households: Type.Array(
    Type.Object({
      id: Type.String(),
      kk: Type.String(),
      kelurahanCode: Type.String(),
      kelurahan: Type.String({ description: 'the kelurahan name' }),
      head: Type.Union([Type.String(), Type.Null()]),
      members: Type.Integer(),
      version: Type.Integer(),
    }),
  ),
});
