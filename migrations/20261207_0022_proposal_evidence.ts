// The evidence a proposal carries beyond its note (#20 item 1): a photo of the house, a scanned letter (a death
// certificate, a letter from the RT). Kept beside the proposal in the database, with the period it belongs to
// (frozen with it, in backups too), judged by its bytes (PDF, PNG, JPEG) and checked for size before it is read.
import type { Knex } from 'knex';
import { guardPeriodTable, regionColumn } from './helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('proposal_evidence', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.uuid('proposal_id').notNullable().references('proposals.id').onDelete('CASCADE');
    t.string('file_name', 200).notNullable();
    t.string('content_type', 40).notNullable();
    t.integer('bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.binary('content').notNullable();
    t.uuid('uploaded_by').notNullable().references('users.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
    t.index(['proposal_id']);
  });
  await knex.raw(`alter table proposal_evidence
    add constraint proposal_evidence_type check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    add constraint proposal_evidence_bytes check (bytes > 0 and bytes = octet_length(content))`);
  await guardPeriodTable(knex, 'proposal_evidence');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('proposal_evidence');
}
