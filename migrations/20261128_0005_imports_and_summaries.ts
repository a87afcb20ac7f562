// Import jobs with their rejected rows, and the per-period × kelurahan summary table from which every
// indicator, roll-up and suppression decision is computed.
import type { Knex } from 'knex';
import { codeColumn, regionColumn } from './helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_jobs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t).references('regions.region_code');
    codeColumn(t, 'kind', 'importKind').notNullable();
    t.string('period_code', 7);
    t.text('file_name').notNullable();
    t.string('file_sha256', 64);
    t.bigInteger('file_bytes');
    codeColumn(t, 'status', 'jobStatus').notNullable().defaultTo('queued');
    t.integer('rows_total');
    t.integer('rows_done').notNullable().defaultTo(0);
    t.integer('rows_stored').notNullable().defaultTo(0);
    t.integer('rows_unchanged').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.integer('rows_warned').notNullable().defaultTo(0);
    t.jsonb('options');
    t.jsonb('report');
    t.text('error');
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });

  await knex.schema.createTable('import_rejects', (t) => {
    t.uuid('job_id').notNullable().references('import_jobs.id').onDelete('CASCADE');
    t.integer('row_number').notNullable();
    t.text('column_name');
    t.text('value');
    t.text('reason').notNullable();
    t.enu('severity', ['error', 'warning'], { useNative: false, enumName: 'reject_severity' })
      .notNullable()
      .defaultTo('error');
    t.index(['job_id', 'row_number']);
  });

  // Raw counts per period × kelurahan (metrics: {name: count}); indicators are ratios of these sums.
  // 'dirty' is set in the same transaction as a registry write and cleared by the refresh.
  await knex.schema.createTable('area_summaries', (t) => {
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    t.jsonb('metrics').notNullable().defaultTo('{}');
    t.boolean('dirty').notNullable().defaultTo(true);
    t.timestamp('refreshed_at', { useTz: true });
    t.primary(['region_code', 'period_code', 'kelurahan_code']);
    t.foreign(['region_code', 'period_code']).references(['region_code', 'period_code']).inTable('periods');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('area_summaries');
  await knex.schema.dropTable('import_rejects');
  await knex.schema.dropTable('import_jobs');
}
