// Regions, the Kemendagri area code list, and versioned boundary sets with their geometries.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists postgis');
  await knex.raw('create extension if not exists pgcrypto'); // gen_random_uuid() on PostgreSQL < 13

  await knex.schema.createTable('regions', (t) => {
    t.string('region_code', 5).primary().checkRegex('^[0-9]{2}\\.[0-9]{2}$');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Codes are stable identities; geometry lives in boundary sets so a re-import never rewrites a code.
  await knex.schema.createTable('areas', (t) => {
    t.string('code', 13).primary();
    t.string('region_code', 5).notNullable().references('regions.region_code');
    t.enu('level', ['kecamatan', 'kelurahan'], { useNative: false, enumName: 'area_level' }).notNullable();
    t.string('parent_code', 13).references('areas.code');
    t.text('name').notNullable();
    t.integer('population').checkPositive();
    t.integer('families').checkPositive();
    t.index(['region_code', 'level']);
    t.index(['parent_code']);
  });
  await knex.raw(`alter table areas add constraint areas_code_shape check (
    (level = 'kecamatan' and code ~ '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$' and parent_code is null) or
    (level = 'kelurahan' and code ~ '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$' and parent_code is not null))`);

  await knex.schema.createTable('boundary_sets', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.string('region_code', 5).notNullable().references('regions.region_code');
    t.text('label').notNullable();
    t.text('source').notNullable();
    t.boolean('synthetic').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(false);
    t.jsonb('match_report');
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('activated_at', { useTz: true });
  });
  // At most one active set per region: switching sets is one UPDATE pair in one transaction.
  await knex.raw('create unique index boundary_sets_one_active on boundary_sets (region_code) where active');

  await knex.schema.createTable('area_boundaries', (t) => {
    t.uuid('boundary_set_id').notNullable().references('boundary_sets.id').onDelete('CASCADE');
    t.string('area_code', 13).notNullable().references('areas.code');
    t.specificType('geom', 'geometry(MultiPolygon, 4326)').notNullable();
    // Areas are computed once, on the spheroid, at import (never per request).
    t.double('area_km2').notNullable().checkPositive();
    t.primary(['boundary_set_id', 'area_code']);
  });
  await knex.raw('create index area_boundaries_geom on area_boundaries using gist (geom)');
  await knex.raw('alter table area_boundaries add constraint area_boundaries_valid check (ST_IsValid(geom))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('area_boundaries');
  await knex.schema.dropTable('boundary_sets');
  await knex.schema.dropTable('areas');
  await knex.schema.dropTable('regions');
}
