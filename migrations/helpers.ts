// Small helpers shared by migrations: code-list CHECK constraints and the region-leading key convention.
import type { Knex } from 'knex';
import { codesOf, type CodeListName } from '../server/domain/code-lists.ts';

/** A text column restricted to a code list (a CHECK constraint, easy to widen in a later migration). */
export function codeColumn(
  t: Knex.CreateTableBuilder,
  column: string,
  list: CodeListName,
): Knex.ColumnBuilder {
  return t.enu(column, codesOf(list), { useNative: false, enumName: `${column}_code` });
}

/** Every registry table leads with the region code, so a distributed PostgreSQL can shard by region. */
export function regionColumn(t: Knex.CreateTableBuilder): Knex.ColumnBuilder {
  return t.string('region_code', 5).notNullable();
}

export const SIXTEEN_DIGITS = "~ '^[0-9]{16}$'";

/** Attaches the finalized-period guard (created in the registry migration) to a per-period table. */
export async function guardPeriodTable(knex: Knex, table: string): Promise<void> {
  await knex.raw(`create trigger ${table}_period_insert after insert on ${table}
    referencing new table as new_rows for each statement execute function refuse_finalized_period_write()`);
  await knex.raw(`create trigger ${table}_period_update after update on ${table}
    referencing old table as old_rows new table as new_rows
    for each statement execute function refuse_finalized_period_write()`);
  await knex.raw(`create trigger ${table}_period_delete after delete on ${table}
    referencing old table as old_rows for each statement execute function refuse_finalized_period_write()`);
}
