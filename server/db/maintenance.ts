// Statistics refresh that works for the application's role too: through sidaksos_analyze (migration
// 20261201_0012), which runs ANALYZE as the tables' owner. Temp tables of the session are analyzed directly.
import type { Knex } from 'knex';

export async function analyzeTables(knex: Knex | Knex.Transaction, tables: readonly string[]): Promise<void> {
  for (const table of tables) await knex.raw('select sidaksos_analyze(?::regclass)', [table]);
}
