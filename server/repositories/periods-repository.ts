// The semester cycle: an admin opens a period by carrying the last finalized one forward (same stable ids, so
// a household is the same household across periods), operators update it, and an admin finalizes it, after
// which the database refuses every write to it (triggers from migration 0002).
import type { Knex } from 'knex';
import { REGISTRY_TABLE_ORDER } from '../domain/registry-tables.ts';
import { analyzeTables } from '../db/maintenance.ts';

/** Registry tables copied into a new period, parents first (foreign keys). */
export const CARRIED_TABLES = REGISTRY_TABLE_ORDER;

export interface PeriodRow {
  period_code: string;
  status: 'open' | 'finalized';
  carried_from: string | null;
  opened_at: string;
  finalized_at: string | null;
}

/** What finalizing a period freezes, and what is still unfinished in it (counts only, no person). */
export interface PeriodSummaryRow {
  households: number;
  active_households: number;
  verified_households: number;
  members: number;
  disabled_members: number;
  unmet_needs: number;
  open_steps: number;
  overdue_steps: number;
  enrolments: number;
  pending_imports: number;
}

export class PeriodsRepository {
  constructor(private readonly knex: Knex) {}

  async get(regionCode: string, code: string): Promise<PeriodRow | undefined> {
    return this.knex('periods')
      .where({ region_code: regionCode, period_code: code })
      .first<PeriodRow | undefined>('period_code', 'status', 'carried_from', 'opened_at', 'finalized_at');
  }

  /** The counts of one period's registry (one round trip; each count uses its period index). */
  async summary(regionCode: string, code: string): Promise<PeriodSummaryRow> {
    const { rows } = await this.knex.raw<{ rows: PeriodSummaryRow[] }>(
      `select
         (select count(*) from households where region_code = :r and period_code = :p)::int households,
         (select count(*) from households where region_code = :r and period_code = :p
            and status = 'active')::int active_households,
         (select count(*) from households where region_code = :r and period_code = :p
            and status = 'active' and verification_status = 'verified')::int verified_households,
         (select count(*) from members m join households h
            on h.region_code = m.region_code and h.period_code = m.period_code and h.id = m.household_id
            where m.region_code = :r and m.period_code = :p and m.status = 'active'
              and h.status = 'active')::int members,
         (select count(distinct d.member_id) from member_disabilities d
            where d.region_code = :r and d.period_code = :p)::int disabled_members,
         (select count(*) from household_needs where region_code = :r and period_code = :p
            and not met)::int unmet_needs,
         (select count(*) from handling_steps where region_code = :r and period_code = :p
            and status in ('planned', 'ongoing'))::int open_steps,
         (select count(*) from handling_steps where region_code = :r and period_code = :p
            and status in ('planned', 'ongoing') and due_on < current_date)::int overdue_steps,
         (select count(*) from enrolments where region_code = :r and period_code = :p)::int enrolments,
         (select count(*) from import_jobs where region_code = :r and period_code = :p
            and status in ('queued', 'running'))::int pending_imports`,
      { r: regionCode, p: code },
    );
    return rows[0]!;
  }

  async list(regionCode: string): Promise<PeriodRow[]> {
    return this.knex('periods')
      .where({ region_code: regionCode })
      .orderBy('period_code')
      .select<PeriodRow[]>('period_code', 'status', 'carried_from', 'opened_at', 'finalized_at');
  }

  /**
   * Creates `code` as an open period holding a copy of `from`'s registry rows. Run it inside the caller's
   * transaction, so the copy and its audit row commit together or not at all. Rows keep their ids;
   * verification restarts (a new semester is verified anew). Returns the rows copied per table.
   */
  async open(regionCode: string, code: string, from: string): Promise<Record<string, number>> {
    await this.knex('periods').insert({
      region_code: regionCode,
      period_code: code,
      status: 'open',
      carried_from: from,
    });
    const copied: Record<string, number> = {};
    for (const table of CARRIED_TABLES) {
      // The column list comes from the catalogue, never from input.
      const { rows } = await this.knex.raw<{ rows: Array<{ column_name: string }> }>(
        `select column_name from information_schema.columns
         where table_schema = current_schema() and table_name = ? order by ordinal_position`,
        [table],
      );
      const columns = rows.map((r) => r.column_name).filter((c) => c !== 'period_code');
      const reset: Record<string, string> = {
        verification_status: `'unverified'`,
        verified_on: 'null',
        verified_by: 'null',
        version: '1',
        created_at: 'now()',
        updated_at: 'now()',
      };
      const select = columns.map((c) => (table === 'households' && c in reset ? reset[c]! : `"${c}"`));
      const result = await this.knex.raw<{ rowCount: number }>(
        `insert into ${table} (period_code, ${columns.map((c) => `"${c}"`).join(', ')})
         select ?, ${select.join(', ')} from ${table} where region_code = ? and period_code = ?`,
        [code, regionCode, from],
      );
      copied[table] = result.rowCount;
      if (table === 'households' || table === 'members') await analyzeTables(this.knex, [table]);
    }
    return copied;
  }

  /** Finalizes an open period (inside the caller's transaction); 'missing' or 'finalized' when it cannot. */
  async finalize(
    regionCode: string,
    code: string,
    userId: string | null,
    adoption: { leftOpen: readonly string[]; reason: string | null } = { leftOpen: [], reason: null },
  ): Promise<'ok' | 'missing' | 'finalized'> {
    const current = await this.knex('periods')
      .where({ region_code: regionCode, period_code: code })
      .forUpdate()
      .first<{ status: string } | undefined>('status');
    if (!current) return 'missing';
    if (current.status === 'finalized') return 'finalized';
    await this.knex('periods')
      .where({ region_code: regionCode, period_code: code })
      .update({
        status: 'finalized',
        finalized_at: this.knex.fn.now(),
        finalized_by: userId,
        adopted_open: adoption.leftOpen.length ? [...adoption.leftOpen] : null,
        adoption_reason: adoption.reason,
      });
    return 'ok';
  }
}
