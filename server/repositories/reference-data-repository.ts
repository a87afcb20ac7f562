// Agencies and programs: the defaults a region starts with (inserted once; later edits by an admin win), and the
// program codes an enrolment list is checked against.
import type { Knex } from 'knex';
import { DEFAULT_OPDS, DEFAULT_PROGRAMS } from '../domain/default-programs.ts';

export class ReferenceDataRepository {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  async ensureDefaults(regionCode: string): Promise<void> {
    await this.knex('opds')
      .insert(
        DEFAULT_OPDS.map((o) => ({
          region_code: regionCode,
          opd_code: o.opdCode,
          name: o.name,
          short_name: o.shortName,
        })),
      )
      .onConflict(['region_code', 'opd_code'])
      .ignore();
    await this.knex('programs')
      .insert(
        DEFAULT_PROGRAMS.map((p) => ({
          region_code: regionCode,
          program_code: p.programCode,
          name: p.name,
          opd_code: p.opdCode,
          unit: p.unit,
          funding: p.funding,
          eligibility_rule: JSON.stringify(p.rule),
          description: p.description,
        })),
      )
      .onConflict(['region_code', 'program_code'])
      .ignore();
  }

  /** Codes of the region's active programs: what an enrolment list's kode_program must be one of. */
  async activeProgramCodes(regionCode: string): Promise<string[]> {
    return this.knex('programs').where({ region_code: regionCode, active: true }).pluck('program_code');
  }
}
