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

export type RuleUpdate =
  | { outcome: 'updated'; version: number; before: unknown }
  | { outcome: 'stale'; version: number; rule: unknown }
  | { outcome: 'missing' };

export class ProgramsRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Replaces a program's rule if the caller saw the current version (optimistic locking), and marks every open
   * period's summaries stale, since coverage depends on the rule. Run it inside the caller's transaction (the
   * row lock and the audit row belong to it); a stale version answers with the current rule and version.
   */
  async updateRule(
    regionCode: string,
    code: string,
    rule: unknown,
    expectedVersion: number,
  ): Promise<RuleUpdate> {
    const current = await this.knex('programs')
      .where({ region_code: regionCode, program_code: code })
      .forUpdate()
      .first<{ version: number; eligibility_rule: unknown } | undefined>('version', 'eligibility_rule');
    if (!current) return { outcome: 'missing' };
    if (current.version !== expectedVersion)
      return { outcome: 'stale', version: current.version, rule: current.eligibility_rule };
    await this.knex('programs')
      .where({ region_code: regionCode, program_code: code })
      .update({
        eligibility_rule: JSON.stringify(rule),
        version: current.version + 1,
        updated_at: this.knex.fn.now(),
      });
    await this.knex.raw(
      `update summary_state s set dirty = true from periods p
       where p.region_code = s.region_code and p.period_code = s.period_code and p.status = 'open' and s.region_code = ?`,
      [regionCode],
    );
    return { outcome: 'updated', version: current.version + 1, before: current.eligibility_rule };
  }

  /** Which of `codes` are programs of the region. */
  async existingCodes(regionCode: string, codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    return this.knex('programs')
      .where({ region_code: regionCode })
      .whereIn('program_code', [...codes])
      .pluck('program_code');
  }

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

  /**
   * Coverage of several programs in one pass: the period's household and member features are materialised
   * once (a CTE named member_features shadows the view, so compiled rules read the materialised rows), each
   * rule becomes one element of an array per household, and one scan counts them all.
   */
  async coverageAll(
    regionCode: string,
    periodCode: string,
    programs: ProgramRow[],
    /** Only these kelurahan (a partial refresh after a small write); every one when absent. */
    only?: readonly string[],
  ): Promise<Map<string, CoverageRow[]>> {
    const out = new Map<string, CoverageRow[]>();
    if (programs.length === 0) return out;
    const rules = programs.map((p) => compileRule(p.eligibility_rule));
    const k = only ? [...only] : null;
    // A partial refresh names its households outright: a semi-join would not reach inside the grouped view, which
    // then computes every member of the period (7 s at 100,000 households instead of milliseconds).
    const ids = k
      ? (
          await this.knex('households')
            .where({ region_code: regionCode, period_code: periodCode })
            .whereIn('kelurahan_code', k)
            .select<Array<{ id: string }>>('id')
        ).map((r) => r.id)
      : null;
    const params: unknown[] = [
      regionCode,
      periodCode,
      ...(ids ? [ids] : []),
      regionCode,
      periodCode,
      ...(k ? [k] : []),
    ];
    const eligible = rules.map((r) => {
      params.push(...r.params);
      return `coalesce((${r.sql}), false)`;
    });
    params.push(
      regionCode,
      periodCode,
      ...(ids ? [ids] : []),
      programs.map((p) => p.program_code),
      regionCode,
      ...(k ? [k] : []),
    );
    const { rows } = await this.knex.raw<{ rows: Array<CoverageRow & { i: number }> }>(
      `with member_features as materialized (
         select * from member_features where region_code = ? and period_code = ?
           ${ids ? 'and household_id = any(?::uuid[])' : ''}
       ), f as materialized (
         select * from household_features where region_code = ? and period_code = ? and status = 'active'
           ${k ? 'and kelurahan_code = any(?::text[])' : ''}
       ), e as (
         select f.kelurahan_code, array[${eligible.join(', ')}] as eligible, coalesce(en.programs, '{}') as programs
         from f
         left join (
           select household_id, array_agg(distinct program_code::text) as programs from enrolments
           where region_code = ? and period_code = ? ${ids ? 'and household_id = any(?::uuid[])' : ''}
           group by household_id
         ) en on en.household_id = f.id
       ), codes as (
         select ordinality::int as i, code from unnest(?::text[]) with ordinality as code
       )
       select a.code as kelurahan_code, c.i,
              count(e.kelurahan_code)::int households,
              count(*) filter (where e.eligible[c.i])::int eligible,
              count(*) filter (where c.code = any(e.programs))::int enrolled,
              count(*) filter (where e.eligible[c.i] and c.code = any(e.programs))::int eligible_enrolled,
              count(*) filter (where e.eligible[c.i] and not c.code = any(e.programs))::int gap,
              count(*) filter (where c.code = any(e.programs) and not e.eligible[c.i])::int leakage
       from areas a cross join codes c left join e on e.kelurahan_code = a.code
       where a.region_code = ? and a.level = 'kelurahan' ${k ? 'and a.code = any(?::text[])' : ''}
       group by a.code, c.i order by c.i, a.code`,
      params as Knex.RawBinding[],
    );
    programs.forEach((p, idx) =>
      out.set(
        p.program_code,
        rows.filter((r) => r.i === idx + 1).map(({ i: _i, ...r }) => r),
      ),
    );
    return out;
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
