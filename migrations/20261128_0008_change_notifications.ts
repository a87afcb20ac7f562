// Tells running app processes when published numbers may have changed, so they can keep answers in memory
// between changes: any period change, and any summary marked dirty, sends a notification on commit.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function notify_summaries_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('sidaksos_summaries', tg_table_name);
      return null;
    end $$`);
  // Statement level: one notification per statement, and PostgreSQL folds duplicates within a transaction.
  await knex.raw(`create trigger summary_state_notify after insert or update or delete on summary_state
    for each statement execute function notify_summaries_changed()`);
  await knex.raw(`create trigger periods_notify after insert or update or delete on periods
    for each statement execute function notify_summaries_changed()`);
  await knex.raw(`create trigger programs_notify after insert or update or delete on programs
    for each statement execute function notify_summaries_changed()`);
  await knex.raw(`create trigger boundary_sets_notify after insert or update or delete on boundary_sets
    for each statement execute function notify_summaries_changed()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['summary_state', 'periods', 'programs', 'boundary_sets'])
    await knex.raw(`drop trigger ${table}_notify on ${table}`);
  await knex.raw('drop function notify_summaries_changed()');
}
