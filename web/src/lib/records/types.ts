// What the records screen reads from the household API, as the web uses it (masked KKs and NIKs included).

/** One search hit: enough to tell the households apart whose masked KKs look alike. */
export interface Hit {
  id: string;
  kk: string;
  kelurahan: string;
  address: string | null;
  head: string | null;
  members: number;
}

export interface Disability {
  type: string;
  severity: string;
}

export interface Member {
  id: string;
  name: string;
  relation: string;
  disabilities: Disability[];
}

export interface Household {
  id: string;
  kk: string;
  kelurahan: string;
  address: string | null;
  rt: number | null;
  rw: number | null;
  desil: number | null;
  status: string;
  verificationStatus: string;
  period: string;
  /** Every write carries it back: a stale version is answered with 409. */
  version: number;
  members: Member[];
}

export interface Step {
  id: string;
  action: string;
  opd: string;
  program: string | null;
  status: string;
  dueOn: string | null;
}

export interface Need {
  id: string;
  code: string;
  met: boolean;
}

export interface Problem {
  id: string;
  code: string;
}

export interface CasePlan {
  steps: Step[];
  needs: Need[];
  problems: Problem[];
}

/** One audit-log entry of the record: each changed field as [before, after]. */
export interface Change {
  at: string;
  username: string | null;
  action: string;
  entity: string;
  changes: Record<string, [unknown, unknown]> | null;
}

export interface Program {
  code: string;
  name: string;
  opd: string;
}

/** Households sharing a NIK or KK; the first is the one a merge keeps. */
export interface DuplicateGroup {
  reason: string;
  key: string;
  households: Array<{
    id: string;
    kk: string;
    kelurahanCode: string;
    head: string | null;
    members: number;
    version: number;
  }>;
}

export interface PeriodRow {
  code: string;
  status: string;
}

export type LeaveReason = 'moved_out' | 'died' | 'not_eligible';

/** The household fields an operator edits, as typed (decimal commas allowed); empty means none. */
export interface FieldsDraft {
  desil: string;
  address: string;
  rt: string;
  rw: string;
  lat: string;
  lon: string;
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

export const DISABILITY_TYPES = [
  'fisik',
  'intelektual',
  'mental',
  'sensorik_netra',
  'sensorik_rungu',
  'sensorik_wicara',
  'ganda',
] as const;
export const SEVERITIES = ['ringan', 'sedang', 'berat'] as const;
export const LEAVE_REASONS: readonly LeaveReason[] = ['moved_out', 'died', 'not_eligible'];
