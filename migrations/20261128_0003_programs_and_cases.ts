// Agencies (OPD), programs with eligibility rules stored as data, enrolments, and per-household case plans:
// problems (PPKS), needs, and handling steps by OPD and program.
import type { Knex } from 'knex';
import { NEED_CATEGORIES, PPKS_CATEGORIES } from '../server/domain/code-lists.ts';
import { codeColumn, guardPeriodTable, regionColumn } from './helpers.ts';

function lookupTable(t: Knex.CreateTableBuilder): void {
  t.string('code', 40).primary();
  t.text('label_id').notNullable();
  t.text('label_en').notNullable();
  t.boolean('active').notNullable().defaultTo(true);
}

function periodKeyed(t: Knex.CreateTableBuilder): void {
  regionColumn(t);
  t.string('period_code', 7).notNullable();
  t.uuid('id').notNullable();
  t.uuid('household_id').notNullable();
  t.primary(['region_code', 'period_code', 'id']);
  t.foreign(['region_code', 'period_code', 'household_id'])
    .references(['region_code', 'period_code', 'id'])
    .inTable('households')
    .onDelete('CASCADE');
  t.index(['region_code', 'period_code', 'household_id']);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ppks_categories', lookupTable);
  await knex.schema.createTable('need_categories', lookupTable);
  const rows = (list: typeof PPKS_CATEGORIES) =>
    list.map((x) => ({ code: x.code, label_id: x.id, label_en: x.en }));
  await knex('ppks_categories').insert(rows(PPKS_CATEGORIES));
  await knex('need_categories').insert(rows(NEED_CATEGORIES));

  await knex.schema.createTable('opds', (t) => {
    regionColumn(t).references('regions.region_code');
    t.string('opd_code', 20).notNullable().checkRegex('^[a-z0-9_]+$');
    t.text('name').notNullable();
    t.text('short_name').notNullable();
    t.primary(['region_code', 'opd_code']);
  });

  await knex.schema.createTable('programs', (t) => {
    regionColumn(t);
    t.string('program_code', 20).notNullable().checkRegex('^[a-z0-9_]+$');
    t.text('name').notNullable();
    t.string('opd_code', 20).notNullable();
    codeColumn(t, 'unit', 'programUnit').notNullable().defaultTo('household');
    codeColumn(t, 'funding', 'funding').notNullable();
    // The rule is data in a small declarative language, validated against a schema and compiled to
    // parameterised SQL; never evaluated as code.
    t.jsonb('eligibility_rule').notNullable();
    t.text('description');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['region_code', 'program_code']);
    t.foreign(['region_code', 'opd_code']).references(['region_code', 'opd_code']).inTable('opds');
  });

  await knex.schema.createTable('enrolments', (t) => {
    periodKeyed(t);
    t.string('program_code', 20).notNullable();
    t.uuid('member_id'); // set for person-level programs (KIP/PIP, ASPD)
    t.text('source').notNullable(); // e.g. the OPD list file it came from
    t.date('enrolled_on');
    t.foreign(['region_code', 'program_code'])
      .references(['region_code', 'program_code'])
      .inTable('programs');
    t.index(['region_code', 'period_code', 'program_code']);
  });
  // One enrolment per program and household (and person, for person-level programs).
  await knex.raw(`create unique index enrolments_unique on enrolments
    (region_code, period_code, program_code, household_id, coalesce(member_id, '00000000-0000-0000-0000-000000000000'))`);

  await knex.schema.createTable('household_problems', (t) => {
    periodKeyed(t);
    t.string('ppks_code', 40).notNullable().references('ppks_categories.code');
    t.uuid('member_id');
    t.text('note');
    t.date('recorded_on').notNullable();
  });

  await knex.schema.createTable('household_needs', (t) => {
    periodKeyed(t);
    t.string('need_code', 40).notNullable().references('need_categories.code');
    t.uuid('member_id');
    t.boolean('met').notNullable().defaultTo(false);
    t.text('note');
    t.date('recorded_on').notNullable();
  });

  await knex.schema.createTable('handling_steps', (t) => {
    periodKeyed(t);
    t.uuid('need_id');
    t.string('opd_code', 20).notNullable();
    t.string('program_code', 20);
    t.text('action').notNullable();
    codeColumn(t, 'status', 'stepStatus').notNullable().defaultTo('planned');
    t.date('planned_on');
    t.date('due_on');
    t.date('started_on');
    t.date('done_on');
    t.text('note');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['region_code', 'opd_code']).references(['region_code', 'opd_code']).inTable('opds');
    t.foreign(['region_code', 'program_code'])
      .references(['region_code', 'program_code'])
      .inTable('programs');
    t.index(['region_code', 'period_code', 'opd_code', 'status']);
  });
  await knex.raw(`alter table handling_steps add constraint handling_steps_dates check (
    (done_on is null or status = 'done') and (due_on is null or planned_on is null or due_on >= planned_on))`);

  for (const table of ['enrolments', 'household_problems', 'household_needs', 'handling_steps']) {
    await guardPeriodTable(knex, table);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'handling_steps',
    'household_needs',
    'household_problems',
    'enrolments',
    'programs',
    'opds',
    'need_categories',
    'ppks_categories',
  ]) {
    await knex.schema.dropTable(table);
  }
}
