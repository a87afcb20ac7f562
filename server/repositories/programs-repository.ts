// Programs and their coverage. Eligibility is the program's stored rule compiled to SQL over
// household_features (never code from the rule), so every tool counts "eligible" the same way.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';
import { compileRule } from '../domain/rule-compiler.ts';

export interface ProgramRow {
  program_code: string;
  name: string;
  opd_code: string;
  unit: string;
  funding: string;
  eligibility_rule: unknown;
  description: string | null;
  version: number;
}

export interface CoverageRow {
  kelurahan_code: string;
  households: number;
  eligible: number;
  enrolled: number;
  eligible_enrolled: number;
  gap: number;
  leakage: number;
}

export class ProgramsRepository {
  constructor(private readonly knex: Knex) {}

  /** Programs visible to the caller: OPD staff see their programs only. */
  async list(regionCode: string, scope: RowScope): Promise<ProgramRow[]> {
    const q = this.knex('programs').where({ region_code: regionCode, active: true }).orderBy('program_code');
    if (scope.programs) void q.whereIn('program_code', [...scope.programs]);
    return q.select<ProgramRow[]>(
      'program_code',
      'name',
      'opd_code',
      'unit',
      'funding',
      'eligibility_rule',
      'description',
      'version',
    );
  }

  async find(regionCode: string, code: string, scope: RowScope): Promise<ProgramRow | undefined> {
    return (await this.list(regionCode, scope)).find((p) => p.program_code === code);
  }

  /**
   * Per kelurahan, among active households of the period: eligible by the rule, enrolled, the coverage gap
   * (eligible, not enrolled) and leakage (enrolled, not eligible). Household-level: a household counts once.
   */
  async coverage(regionCode: string, periodCode: string, program: ProgramRow): Promise<CoverageRow[]> {
    const rule = compileRule(program.eligibility_rule);
    const { rows } = await this.knex.raw<{ rows: CoverageRow[] }>(
      `with f as (
         select f.* from household_features f
         where f.region_code = ? and f.period_code = ? and f.status = 'active'
       ), e as (
         select f.kelurahan_code, (${rule.sql}) as eligible,
                exists (select 1 from enrolments en where en.region_code = f.region_code and en.period_code = f.period_code
                        and en.household_id = f.id and en.program_code = ?) as enrolled
         from f
       )
       select a.code as kelurahan_code, count(e.kelurahan_code)::int households,
              count(*) filter (where e.eligible)::int eligible,
              count(*) filter (where e.enrolled)::int enrolled,
              count(*) filter (where e.eligible and e.enrolled)::int eligible_enrolled,
              count(*) filter (where e.eligible and not e.enrolled)::int gap,
              count(*) filter (where e.enrolled and not e.eligible)::int leakage
       from areas a left join e on e.kelurahan_code = a.code
       where a.region_code = ? and a.level = 'kelurahan'
       group by a.code order by a.code`,
      [regionCode, periodCode, ...(rule.params as Knex.RawBinding[]), program.program_code, regionCode],
    );
    return rows;
  }
}
