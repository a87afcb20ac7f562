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

export class PeriodsRepository {
  constructor(private readonly knex: Knex) {}

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
  ): Promise<'ok' | 'missing' | 'finalized'> {
    const current = await this.knex('periods')
      .where({ region_code: regionCode, period_code: code })
      .forUpdate()
      .first<{ status: string } | undefined>('status');
    if (!current) return 'missing';
    if (current.status === 'finalized') return 'finalized';
    await this.knex('periods')
      .where({ region_code: regionCode, period_code: code })
      .update({ status: 'finalized', finalized_at: this.knex.fn.now(), finalized_by: userId });
    return 'ok';
  }
}
