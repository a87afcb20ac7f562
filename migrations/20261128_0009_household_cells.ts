// Household clusters precomputed per period, zoom and kelurahan, so that city-wide tile zooms read a few
// hundred cells instead of aggregating every household point per request. Rebuilt with the period's
// summaries (same freshness flag, same transaction).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('household_cells', (t) => {
    t.string('region_code', 5).notNullable();
    t.string('period_code', 7).notNullable();
    t.smallint('z').notNullable();
    t.string('kelurahan_code', 13).notNullable();
    // The cell's snapped corner in EPSG:3857 (cells are a sixteenth of a tile, aligned with the tile grid).
    t.double('cx').notNullable();
    t.double('cy').notNullable();
    t.integer('households').notNullable();
    t.integer('poor').notNullable();
    // Sums of the members' 3857 coordinates, so merged cells keep the true mean position.
    t.double('sx').notNullable();
    t.double('sy').notNullable();
    t.primary(['region_code', 'period_code', 'z', 'cx', 'cy', 'kelurahan_code']);
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('household_cells');
}
