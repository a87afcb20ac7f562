// Real boundaries by default:
// - the map's boundaries, simplified once per boundary set along shared edges (server/domain/coverage.ts), so
//   neighbours meet exactly on the map and no request simplifies anything;
// - the synthetic geography is gone, so boundary sets lose their `synthetic` flag; what is synthetic now is the
//   demo registry (its people), recorded on the region by the seeder and shown to map and GIS users.
import type { Knex } from 'knex';

/** What an earlier version's invented demo polygons are called after this migration. */
export const SYNTHETIC_SET_LABEL = 'Demo (sintetis, batas buatan)';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table area_boundaries add column geom_simplified geometry(MultiPolygon, 4326)');
  await knex.raw('alter table regions add column synthetic_registry boolean not null default false');
  // A database made by an earlier version for the demo: its people are synthetic too, and its invented
  // polygons must not pass for official ones. The region keeps the flag; the old sets are renamed so that the
  // start-up can tell them (server/demo/load-demo.ts switches such a region to the official boundaries).
  await knex.raw(`update regions set synthetic_registry = true
    where region_code in (select region_code from boundary_sets where synthetic)`);
  await knex.raw(`update boundary_sets set label = ? where synthetic`, [SYNTHETIC_SET_LABEL]);
  await knex.raw('alter table boundary_sets drop column synthetic');
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
