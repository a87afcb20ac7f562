// What the records screen reads from and sends to the household API: the API's own types (derived from the
// server's schemas in types/api-types.ts) and code lists (types/code-lists.ts), never retyped here, plus the
// screen's form drafts.
import type {
  CasePlan,
  Disability,
  DuplicateGroup,
  HistoryEntry,
  Household,
  HouseholdHit,
  HouseholdMember,
  HouseholdSearch,
  LeaveReason,
  Need,
  PeriodRow,
  Problem,
  Program,
  Step,
} from '../types/api-types';

export { DISABILITY_TYPES, LEAVE_REASONS, SEVERITIES } from '../types/code-lists';
export type {
  CasePlan,
  Disability,
  DuplicateGroup,
  Household,
  HouseholdSearch,
  LeaveReason,
  Need,
  PeriodRow,
  Problem,
  Program,
  Step,
};

/** One search hit: enough to tell the households apart whose masked KKs look alike. */
export type Hit = HouseholdHit;
export type Member = HouseholdMember;

/**
 * One audit-log entry of the record. The schema leaves `changes` open (it is the audit row's diff); the
 * history lists it as each changed field's [before, after], which is what the audit log writes.
 */
export type Change = Omit<HistoryEntry, 'changes'> & { changes: Record<string, [unknown, unknown]> | null };

/**
 * The household fields an operator edits, as typed (decimal commas allowed); empty means none. Codes are their
 * list's code or ''; `unfitHouse` is 'true', 'false' or '' (not assessed).
 */
export interface FieldsDraft {
  desil: string;
  desilSource: string;
  address: string;
  rt: string;
  rw: string;
  floorAreaM2: string;
  unfitHouse: string;
  floorType: string;
  wallType: string;
  roofType: string;
  toilet: string;
  waterSource: string;
  lighting: string;
  cookingFuel: string;
  ownership: string;
}

/** A new household: its head first; more members are added on the record. */
export interface HouseholdDraft {
  kk: string;
  kelurahan: string;
  address: string;
  lat: string;
  lon: string;
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
}
