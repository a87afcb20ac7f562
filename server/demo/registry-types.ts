// The rows the demo generator produces, shaped like the registry tables (snake_case = column names).
export interface HouseholdRow {
  id: string;
  /**
   * The map number (households.map_id), drawn from the table's sequence when the household is first loaded and
   * kept in later periods, as opening a period keeps it (seed-registry.ts).
   */
  map_id?: number;
  kk: string;
  kelurahan_code: string;
  rt: number;
  rw: number;
  address: string;
  lon: number;
  lat: number;
  desil: number;
  floor_area_m2: number;
  floor_type: string;
  wall_type: string;
  roof_type: string;
  toilet: string;
  water_source: string;
  lighting: string;
  cooking_fuel: string;
  ownership: string;
  meals_per_day: number;
  can_afford_clinic: boolean;
  unfit_house: boolean;
  verification_status: 'unverified' | 'verified' | 'rejected';
  verified_on: string | null;
  status: 'active' | 'moved_out' | 'died';
  left_on: string | null;
}

export interface MemberRow {
  id: string;
  household_id: string;
  nik: string;
  nik_valid: boolean;
  name: string;
  sex: 'L' | 'P';
  birth_date: string;
  relation: string;
  education: string;
  occupation: string;
  chronic_illness: boolean;
  status: 'active' | 'died' | 'moved_out';
  died_on: string | null;
  disabilities: Array<{ type: string; severity: string }>;
}

export interface ProblemRow {
  id: string;
  household_id: string;
  ppks_code: string;
  member_id: string | null;
  recorded_on: string;
}

export interface NeedRow {
  id: string;
  household_id: string;
  need_code: string;
  member_id: string | null;
  met: boolean;
  recorded_on: string;
}

export interface StepRow {
  id: string;
  household_id: string;
  need_id: string;
  opd_code: string;
  program_code: string | null;
  action: string;
  status: 'planned' | 'ongoing' | 'done' | 'cancelled';
  planned_on: string;
  due_on: string;
  started_on: string | null;
  done_on: string | null;
}

export interface EnrolmentRow {
  id: string;
  household_id: string;
  program_code: string;
  member_id: string | null;
  enrolled_on: string;
}

/** One household's full state in one period. */
export interface HouseholdState {
  household: HouseholdRow;
  kecamatanCode: string;
  members: MemberRow[];
  problems: ProblemRow[];
  needs: NeedRow[];
  steps: StepRow[];
  enrolments: EnrolmentRow[];
  /** Program (and member) keys this household was eligible for last period: generator bookkeeping only. */
  eligibleBefore: Set<string>;
}

/** Everything the generator emits for one kelurahan (of origin) and one period. */
export interface RegistryBatch {
  periodCode: string;
  kelurahanCode: string;
  households: HouseholdState[];
}
