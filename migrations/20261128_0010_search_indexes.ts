// Name and address search ("at least three characters") with trigram indexes, so a lookup stays a
// bitmap index scan at city scale instead of reading every member of the period.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');
  await knex.raw('create index members_name_trgm on members using gin (name gin_trgm_ops)');
  await knex.raw('create index households_address_trgm on households using gin (address gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index households_address_trgm');
  await knex.raw('drop index members_name_trgm');
}
