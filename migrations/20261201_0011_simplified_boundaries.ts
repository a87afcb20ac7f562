// Real boundaries by default:
// - the map's boundaries, simplified once per boundary set along shared edges (server/domain/coverage.ts), so
//   neighbours meet exactly on the map and no request simplifies anything;
// - the synthetic geography is gone, so boundary sets lose their `synthetic` flag; what is synthetic now is the
//   demo registry (its people), recorded on the region by the seeder and shown to map and GIS users.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table area_boundaries add column geom_simplified geometry(MultiPolygon, 4326)');
  await knex.raw('alter table boundary_sets drop column synthetic');
  await knex.raw('alter table regions add column synthetic_registry boolean not null default false');
  // Cached answers carry the flag, so a change to it must reach running processes like a boundary switch does.
  await knex.raw(`create trigger regions_notify after insert or update or delete on regions
    for each statement execute function notify_summaries_changed()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger regions_notify on regions');
  await knex.raw('alter table regions drop column synthetic_registry');
  await knex.raw('alter table boundary_sets add column synthetic boolean not null default false');
  await knex.raw('alter table area_boundaries drop column geom_simplified');
}
