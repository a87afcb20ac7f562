// The kelurahan's part of the semester cycle (#20 items 2 and 4). Each kelurahan has a period record: open
// while its operators and the musyawarah kelurahan (muskel) work, closed when its list is settled. The
// meeting's decisions are kept against the list it discussed (a removal becomes a proposal for Dinsos to
// review), and the scanned, signed minutes (berita acara) are attached to the record. An admin adopts the
// period (penetapan) when every kelurahan is closed, or names the ones left open with a reason; the period
// row keeps that override for the adoption report.
//
// A kelurahan without a row is open: a new period starts with every kelurahan open and nothing to copy.
// Every table here is per period and guarded like the registry, so a finalized period's record is frozen.
import type { Knex } from 'knex';
import { codeColumn, guardPeriodTable, regionColumn } from './helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kelurahan_periods', (t) => {
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    codeColumn(t, 'status', 'kelurahanPeriodStatus').notNullable().defaultTo('open');
    /** The day the musyawarah kelurahan met (as the berita acara says). */
    t.date('muskel_on');
    t.uuid('closed_by').references('users.id');
    t.timestamp('closed_at', { useTz: true });
    t.text('note');
    t.primary(['region_code', 'period_code', 'kelurahan_code']);
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
  });
  await knex.raw(`alter table kelurahan_periods
    add constraint kelurahan_periods_closed check ((status = 'closed') = (closed_at is not null))`);
  await guardPeriodTable(knex, 'kelurahan_periods');

  await knex.schema.createTable('berita_acara', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    /** The name the uploader's file had (cleaned), for the download. */
    t.string('file_name', 200).notNullable();
    /** Judged from the file's first bytes, never from its name: PDF, PNG or JPEG. */
    t.string('content_type', 40).notNullable();
    t.integer('bytes').notNullable();
    t.string('sha256', 64).notNullable();
    /** The scan itself: small (size-checked) and kept with the period it belongs to, in backups too. */
    t.binary('content').notNullable();
    t.uuid('uploaded_by').notNullable().references('users.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
    t.index(['region_code', 'period_code', 'kelurahan_code']);
  });
  await knex.raw(`alter table berita_acara
    add constraint berita_acara_type check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    add constraint berita_acara_bytes check (bytes > 0 and bytes = octet_length(content))`);
  await guardPeriodTable(knex, 'berita_acara');

  await knex.schema.createTable('muskel_decisions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    /** The household discussed; null for one the meeting adds (named below, registered by the operator). */
    t.uuid('household_id');
    codeColumn(t, 'decision', 'muskelDecision').notNullable();
    /** For a removal: why it leaves (a householdStatus leave reason); for an addition: who and where. */
    t.jsonb('details').notNullable().defaultTo('{}');
    t.text('note');
    /** The removal proposal the decision became (reviewed like any other). */
    t.uuid('proposal_id').references('proposals.id').onDelete('set null');
    t.uuid('recorded_by').notNullable().references('users.id');
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
    t.foreign(['region_code', 'period_code', 'household_id'])
      .references(['region_code', 'period_code', 'id'])
      .inTable('households')
      .onDelete('CASCADE');
    t.index(['region_code', 'period_code', 'kelurahan_code']);
  });
  await knex.raw(`alter table muskel_decisions
    add constraint muskel_decisions_household check ((decision = 'add') = (household_id is null))`);
  // The latest decision on a household counts; one row per household keeps the list and the record in step.
  await knex.raw(`create unique index muskel_decisions_one_per_household
    on muskel_decisions (region_code, period_code, household_id) where household_id is not null`);
  await guardPeriodTable(knex, 'muskel_decisions');

  await knex.schema.alterTable('periods', (t) => {
    /** Kelurahan still open when the period was adopted, by an admin's explicit override. */
    t.specificType('adopted_open', 'text[]');
    t.text('adoption_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('periods', (t) => {
    t.dropColumn('adopted_open');
    t.dropColumn('adoption_reason');
  });
  await knex.schema.dropTable('muskel_decisions');
  await knex.schema.dropTable('berita_acara');
  await knex.schema.dropTable('kelurahan_periods');
}
