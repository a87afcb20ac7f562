// Fixed legend sets (#18 item 5): an admin saves the class breaks, colours and (optionally) the labels of one
// indicator (and program), so every period's map uses the same classes and July and December compare by eye.
// Styling only, no person; who saved it and when is kept here for the legend, and the change is audited too.
import type { Knex } from 'knex';
import { regionColumn } from './helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('legend_sets', (t) => {
    t.increments('id').primary();
    regionColumn(t).references('regions.region_code');
    t.string('indicator_id', 64).notNullable();
    /** Null for an indicator that has no program; a program indicator's set is per program. */
    t.string('program_code', 20);
    /** The inner breaks, ascending: a value v is in class i where breaks[i-1] <= v < breaks[i]. */
    t.specificType('breaks', 'double precision[]').notNullable();
    t.specificType('colors', 'text[]').notNullable();
    /** One label per class in each language, or null: the app writes the ranges itself. */
    t.specificType('labels_id', 'text[]');
    t.specificType('labels_en', 'text[]');
    t.uuid('saved_by').references('users.id').onDelete('set null');
    t.timestamp('saved_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table legend_sets
    add constraint legend_sets_colors_count check (cardinality(colors) = cardinality(breaks) + 1),
    add constraint legend_sets_labels_id_count check (labels_id is null or cardinality(labels_id) = cardinality(colors)),
    add constraint legend_sets_labels_en_count check (labels_en is null or cardinality(labels_en) = cardinality(colors))`);
  // One set per indicator and program (no program counted as one key).
  await knex.raw(`create unique index legend_sets_key
    on legend_sets (region_code, indicator_id, (coalesce(program_code, '')))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('legend_sets');
}
