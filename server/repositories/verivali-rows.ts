// The row shapes of the verivali repository (verivali-repository.ts): what its queries answer and take.
// Identifiers in them are unmasked; the services mask them.
import type { HouseholdRecord } from './households-repository.ts';

export interface VerifierRow {
  id: string;
  role: string;
  disabled: boolean;
  username: string;
  display_name: string;
  kelurahan: string[];
}

export interface SelectedHousehold {
  id: string;
  kelurahan_code: string;
}

/** A household selection: explicit ids, a kelurahan and RWs, a bbox or a polygon (the last two narrowable). */
export interface Selection {
  ids?: readonly string[];
  kelurahan?: string;
  rw?: readonly number[];
  bbox?: readonly [number, number, number, number];
  /** A GeoJSON Polygon or MultiPolygon in WGS 84, as text. */
  polygon?: string;
}

export interface NewAssignment {
  householdId: string;
  kelurahanCode: string;
}

export interface AssignmentRow {
  id: string;
  household_id: string;
  kelurahan_code: string;
  verifier_id: string;
  verifier: string;
  due_date: string;
  status: string;
  assigned_at: Date;
  kk: string;
  head: string | null;
  head_nik: string | null;
  address: string | null;
  rt: number | null;
  rw: number | null;
  version: number;
  last_outcome: string | null;
  last_visited_at: Date | null;
}

/** The household fields a field form shows and may change, in the household edit's names. */
export type HouseholdFieldsRow = Pick<
  HouseholdRecord,
  | 'version'
  | 'kelurahan_code'
  | 'desil'
  | 'address'
  | 'rt'
  | 'rw'
  | 'unfit_house'
  | 'floor_area_m2'
  | 'lighting'
  | 'desil_source'
  | 'floor_type'
  | 'wall_type'
  | 'roof_type'
  | 'toilet'
  | 'water_source'
  | 'cooking_fuel'
  | 'ownership'
  | 'lon'
  | 'lat'
>;

export interface VisitRow {
  id: string;
  assignment_id: string;
  household_id: string;
  period_code: string;
  outcome: string;
  status: string;
  visited_at: Date;
  recorded_at: Date;
  proposal_id: string | null;
}

export interface NewVisit {
  regionCode: string;
  periodCode: string;
  assignmentId: string;
  householdId: string;
  verifierId: string;
  clientId: string;
  outcome: string;
  visitedAt: string;
  note: string | null;
  changes: unknown;
  baseVersion: number;
  currentVersion: number;
  status: 'recorded' | 'conflict';
  proposalId: string | null;
}

export interface ProgressRow {
  code: string;
  households: number;
  assigned: number;
  visited: number;
  verified: number;
  overdue: number;
}
