// What a screen or a file of the product may show in any language, read from the test database: the names of
// places, programs, agencies and the region (proper names, matched inside a text too), and the registry's own
// values, whole — people's names, addresses, usernames, what staff typed (a step's action or note, a boundary
// set's label, a typed reason, an uploaded file's name) — in whatever words the synthetic people of other tests were given.
import type { Knex } from 'knex';

/** Reasons the server writes itself: worded in the reader's language, so never a value (download-tables.ts). */
const SYSTEM_REASONS = ['wrong password', 'unknown or disabled user', 'slowed down (too many failures)'];

export async function registryWords(knex: Knex): Promise<{ names: Set<string>; values: Set<string> }> {
  const names = new Set<string>();
  for (const table of ['areas', 'programs', 'opds', 'regions'])
    for (const r of await knex(table).select<Array<{ name: string }>>('name')) names.add(r.name);
  const rows = await knex.raw<{ rows: Array<{ v: string }> }>(
    `select name v from members union select address from households where address is not null
     union select username from users union select display_name from users
     union select username from audit_log where username is not null
     union select label from boundary_sets union select action from handling_steps
     union select note from handling_steps where note is not null
     union select file_name from import_jobs
     union select reason from audit_log where reason is not null and reason not in (${SYSTEM_REASONS.map(() => '?').join(', ')})`,
    SYSTEM_REASONS,
  );
  return { names, values: new Set(rows.rows.map((r) => r.v)) };
}
