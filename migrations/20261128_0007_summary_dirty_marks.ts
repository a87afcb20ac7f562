// Keeps indicator summaries honest: any write to a period's registry marks that period's summaries dirty, in
// the same transaction; readers refresh dirty periods before answering. Statement-level triggers: one cheap
// update per statement, whatever the number of rows (bulk loads stay fast).
import type { Knex } from 'knex';

const TABLES = ['households', 'members', 'member_disabilities', 'household_needs', 'enrolments'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('summary_state', (t) => {
    t.string('region_code', 5).notNullable();
    t.string('period_code', 7).notNullable();
    t.boolean('dirty').notNullable().defaultTo(true);
    t.timestamp('refreshed_at', { useTz: true });
    t.primary(['region_code', 'period_code']);
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
  });
  await knex.raw(`
    create function mark_summaries_dirty() returns trigger language plpgsql as $$
    begin
      if tg_op in ('INSERT', 'UPDATE') then
        insert into summary_state (region_code, period_code, dirty)
        select distinct region_code, period_code, true from new_rows
        on conflict (region_code, period_code) do update set dirty = true where summary_state.dirty = false;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        insert into summary_state (region_code, period_code, dirty)
        select distinct region_code, period_code, true from old_rows
        on conflict (region_code, period_code) do update set dirty = true where summary_state.dirty = false;
      end if;
      return null;
    end $$`);
  for (const table of TABLES) {
    await knex.raw(`create trigger ${table}_summaries_insert after insert on ${table}
      referencing new table as new_rows for each statement execute function mark_summaries_dirty()`);
    await knex.raw(`create trigger ${table}_summaries_update after update on ${table}
      referencing old table as old_rows new table as new_rows for each statement execute function mark_summaries_dirty()`);
    await knex.raw(`create trigger ${table}_summaries_delete after delete on ${table}
      referencing old table as old_rows for each statement execute function mark_summaries_dirty()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    for (const op of ['insert', 'update', 'delete'])
      await knex.raw(`drop trigger ${table}_summaries_${op} on ${table}`);
  }
  await knex.raw('drop function mark_summaries_dirty()');
  await knex.schema.dropTable('summary_state');
}
