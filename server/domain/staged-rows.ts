// The rows an import stages in the database, once each has passed its own checks: what the importers produce
// and the import repositories COPY. They live here, below both, so repositories never import from imports/.
import type { Sex } from './nik.ts';

/** One member row of a households file, with its household's fields (one line of the staging table). */
export interface StagedMember {
  kk: string;
  kelurahanCode: string;
  address: string | null;
  rt: number | null;
  rw: number | null;
  lat: number | null;
  lon: number | null;
  desil: number | null;
  desilSource: string | null;
  floorArea: number | null;
  lighting: string | null;
  unfitHouse: boolean | null;
  nik: string;
  name: string;
  sex: Sex;
  birthDate: string;
  relation: string;
  /** type:severity pairs joined by | in a fixed order, so equal sets compare equal. */
  disabilities: string;
}

/** One row of an enrolment list: the program and the recipient's NIK or KK. */
export interface StagedEnrolment {
  rowNumber: number;
  program: string;
  nik: string | null;
  kk: string | null;
  enrolledOn: string | null;
}
