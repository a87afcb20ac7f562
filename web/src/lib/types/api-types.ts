// The API's request and answer types, derived from the server's shared schemas (server/schemas) with
// `import type`: nothing of the server reaches the bundle, and a changed schema changes these types, so the web
// cannot drift from the API by retyping it.
import type { Static } from '@sinclair/typebox';
import type * as S from '../../../../server/schemas/index.ts';

export type { AreaLevel, IndicatorLevelCode, Lang } from '../../../../server/schemas/patterns.ts';
export type { Role } from '../../../../server/auth/roles.ts';
export type { CodeListName, CodeOf } from '../../../../server/domain/code-lists.ts';

// Session
export type SessionUser = Static<typeof S.SessionUser>;
export type Session = Static<typeof S.Session>;
export type Me = Static<typeof S.Me>;

// Areas and periods
export type AreaProperties = Static<typeof S.AreaProperties>;
/** The collection's own fields (name, description, synthetic_people, boundary_set); features are GeoJSON. */
export type AreaCollectionInfo = Omit<Static<typeof S.AreaCollection>, 'type' | 'features'>;
export type PeriodRow = Static<typeof S.PeriodRow>;

// Indicators
export type IndicatorDef = Static<typeof S.IndicatorDef>;
export type IndicatorValue = Static<typeof S.IndicatorValue>;
export type IndicatorValues = Static<typeof S.IndicatorValues>;
export type AreaFigure = Static<typeof S.AreaFigure>;
export type AreaProfile = Static<typeof S.AreaProfile>;

// Households
export type Household = Static<typeof S.Household>;
export type HouseholdMember = Household['members'][number];
export type Disability = Static<typeof S.Disability>;
export type DisabilityInput = Static<typeof S.DisabilityInput>;
export type HouseholdHit = Static<typeof S.HouseholdHit>;
export type HouseholdSearch = Static<typeof S.HouseholdSearch>;
export type HistoryEntry = Static<typeof S.HistoryEntry>;
export type DuplicateGroup = Static<typeof S.DuplicateGroup>;
export type MemberInput = Static<typeof S.MemberInput>;
export type NewHousehold = Static<typeof S.NewHousehold>;
export type HouseholdChanges = Static<typeof S.HouseholdChanges>;
export type HouseholdEdit = Static<typeof S.HouseholdEdit>;
export type MemberAdd = Static<typeof S.MemberAdd>;
export type MemberChanges = Static<typeof S.MemberChanges>;
export type MemberEdit = Static<typeof S.MemberEdit>;
export type LeaveReason = Static<typeof S.LeaveReason>;
export type Leave = Static<typeof S.Leave>;
export type Saved = Static<typeof S.Saved>;

// Case plans
export type Step = Static<typeof S.Step>;
export type StepStatus = Static<typeof S.StepStatus>;
export type Need = Static<typeof S.Need>;
export type Problem = Static<typeof S.Problem>;
export type CasePlan = Static<typeof S.CasePlan>;
export type StepInput = Static<typeof S.StepInput>;
export type EntryInput = Static<typeof S.EntryInput>;
export type NeedUpdate = Static<typeof S.NeedUpdate>;
export type StepUpdate = Static<typeof S.StepUpdate>;
export type StepUpdated = Static<typeof S.StepUpdated>;
export type StepListRow = Static<typeof S.StepListRow>;
export type StepList = Static<typeof S.StepList>;
export type OverdueSteps = Static<typeof S.OverdueSteps>;

// Programs and targeting
export type Program = Static<typeof S.Program>;
export type Coverage = Static<typeof S.Coverage>;
export type CoverageAnswer = Static<typeof S.CoverageAnswer>;
export type Target = Static<typeof S.Target>;
export type TargetList = Static<typeof S.TargetList>;
export type SitesBody = Static<typeof S.SitesBody>;
export type SitesAnswer = Static<typeof S.SitesAnswer>;
export type WhatIfBody = Static<typeof S.WhatIfBody>;
export type WhatIfAnswer = Static<typeof S.WhatIfAnswer>;

// Audit
export type AuditFilter = Static<typeof S.AuditFilter>;
export type AuditRow = Static<typeof S.AuditRow>;

// Users
export type UserSummary = Static<typeof S.UserSummary>;
export type NewUser = Static<typeof S.NewUser>;
export type GeneratedPassword = Static<typeof S.GeneratedPassword>;

// Personal access tokens
export type AccessTokenSummary = Static<typeof S.AccessTokenSummary>;
export type CreatedAccessToken = Static<typeof S.CreatedAccessToken>;

// Below the kelurahan (RT/RW detail)
export type RtRwTable = Static<typeof S.RtRwTable>;

// Proposals (maker–checker)
export type Proposal = Static<typeof S.Proposal>;
export type ProposalList = Static<typeof S.ProposalList>;
export type ApprovalPolicy = Static<typeof S.ApprovalPolicy>;
export type DecisionAnswer = Static<typeof S.DecisionAnswer>;
