// Periods and the registry: one full snapshot of households and members per period, keyed by
// (region, period, stable id). New periods copy the last finalized one forward; finalized periods are
// refused writes by a trigger, whatever path (API, import, CLI) tries.
import type { Knex } from 'knex';
import { codeColumn, guardPeriodTable, regionColumn, SIXTEEN_DIGITS } from './helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('periods', (t) => {
    regionColumn(t).references('regions.region_code');
    t.string('period_code', 7).notNullable().checkRegex('^[0-9]{4}-(0[1-9]|1[0-2])$');
    codeColumn(t, 'status', 'periodStatus').notNullable().defaultTo('open');
    t.string('carried_from', 7);
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finalized_at', { useTz: true });
    t.uuid('finalized_by');
    t.primary(['region_code', 'period_code']);
  });

  await knex.schema.createTable('households', (t) => {
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.uuid('id').notNullable();
    t.string('kk', 16).notNullable();
    t.string('kelurahan_code', 13).notNullable().references('areas.code');
    t.smallint('rt').checkBetween([1, 999]);
    t.smallint('rw').checkBetween([1, 999]);
    t.text('address');
    t.specificType('geom', 'geometry(Point, 4326)');
    codeColumn(t, 'location_check', 'locationCheck').notNullable().defaultTo('missing');
    t.smallint('desil').checkBetween([1, 10]);
    codeColumn(t, 'desil_source', 'desilSource');
    t.string('desil_version', 40);
    codeColumn(t, 'record_source', 'recordSource').notNullable();
    // Housing (BPS criteria used by social offices)
    t.decimal('floor_area_m2', 7, 1).checkBetween([0, 10000]);
    codeColumn(t, 'floor_type', 'floorType');
    codeColumn(t, 'wall_type', 'wallType');
    codeColumn(t, 'roof_type', 'roofType');
    codeColumn(t, 'toilet', 'toilet');
    codeColumn(t, 'water_source', 'waterSource');
    codeColumn(t, 'lighting', 'lighting');
    codeColumn(t, 'cooking_fuel', 'cookingFuel');
    codeColumn(t, 'ownership', 'ownership');
    t.smallint('meals_per_day').checkBetween([0, 6]);
    t.boolean('can_afford_clinic');
    t.boolean('unfit_house'); // RTLH (rumah tidak layak huni) as assessed
    codeColumn(t, 'verification_status', 'verificationStatus').notNullable().defaultTo('unverified');
    t.date('verified_on');
    t.uuid('verified_by');
    codeColumn(t, 'status', 'householdStatus').notNullable().defaultTo('active');
    t.date('left_on');
    t.uuid('merged_into');
    t.text('leave_note');
    t.integer('version').notNullable().defaultTo(1); // optimistic locking
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['region_code', 'period_code', 'id']);
    t.foreign(['region_code', 'period_code']).references(['region_code', 'period_code']).inTable('periods');
    t.index(['region_code', 'period_code', 'kelurahan_code']);
    t.index(['region_code', 'period_code', 'kk']);
  });
  await knex.raw(`alter table households add constraint households_kk_digits check (kk ${SIXTEEN_DIGITS})`);
  await knex.raw('create index households_geom on households using gist (geom)');

  await knex.schema.createTable('members', (t) => {
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.uuid('id').notNullable();
    t.uuid('household_id').notNullable();
    // The NIK is an attribute, not a key: invalid and duplicate NIKs are data-quality findings, so the
    // column holds any 16 digits and validity is derived (nik_valid) rather than enforced.
    t.string('nik', 16);
    t.boolean('nik_valid').notNullable().defaultTo(false);
    t.text('name').notNullable();
    codeColumn(t, 'sex', 'sex').notNullable();
    t.date('birth_date').notNullable();
    codeColumn(t, 'relation', 'relation').notNullable();
    codeColumn(t, 'education', 'education');
    codeColumn(t, 'occupation', 'occupation');
    t.boolean('chronic_illness').notNullable().defaultTo(false);
    codeColumn(t, 'status', 'memberStatus').notNullable().defaultTo('active');
    t.date('died_on');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['region_code', 'period_code', 'id']);
    t.foreign(['region_code', 'period_code', 'household_id'])
      .references(['region_code', 'period_code', 'id'])
      .inTable('households')
      .onDelete('CASCADE');
    t.index(['region_code', 'period_code', 'household_id']);
    t.index(['region_code', 'period_code', 'nik']);
  });
  await knex.raw(
    `alter table members add constraint members_nik_digits check (nik is null or nik ${SIXTEEN_DIGITS})`,
  );

  await knex.schema.createTable('member_disabilities', (t) => {
    regionColumn(t);
    t.string('period_code', 7).notNullable();
    t.uuid('member_id').notNullable();
    codeColumn(t, 'disability_type', 'disabilityType').notNullable();
    codeColumn(t, 'severity', 'severity').notNullable();
    t.primary(['region_code', 'period_code', 'member_id', 'disability_type']);
    t.foreign(['region_code', 'period_code', 'member_id'])
      .references(['region_code', 'period_code', 'id'])
      .inTable('members')
      .onDelete('CASCADE');
  });

  // Finalized periods are immutable, enforced in the database so no code path (API, import, CLI) can forget.
  // Statement-level triggers with transition tables: one check per statement, so bulk COPY stays fast.
  await knex.raw(`
    create function refuse_finalized_period_write() returns trigger language plpgsql as $$
    declare
      bad text;
    begin
      if tg_op in ('INSERT', 'UPDATE') then
        select p.period_code into bad from periods p
          where exists (select 1 from new_rows n where n.region_code = p.region_code and n.period_code = p.period_code)
            and p.status = 'finalized' limit 1;
      end if;
      if bad is null and tg_op in ('UPDATE', 'DELETE') then
        select p.period_code into bad from periods p
          where exists (select 1 from old_rows o where o.region_code = p.region_code and o.period_code = p.period_code)
            and p.status = 'finalized' limit 1;
      end if;
      if bad is not null then
        raise exception 'period % is finalized and cannot be changed', bad
          using errcode = 'P0001', hint = 'Open a new period to record changes.';
      end if;
      return null;
    end $$`);
  for (const table of ['households', 'members', 'member_disabilities']) await guardPeriodTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('member_disabilities');
  await knex.schema.dropTable('members');
  await knex.schema.dropTable('households');
  await knex.raw('drop function refuse_finalized_period_write()');
  await knex.schema.dropTable('periods');
}
