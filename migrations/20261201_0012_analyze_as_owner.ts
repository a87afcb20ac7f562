// ANALYZE needs the table's owner (PostgreSQL 15 has no MAINTAIN privilege), yet imports and period openings
// refresh statistics mid-transaction as the application's role, so that plans after a bulk load are not built
// on "empty". This SECURITY DEFINER function runs as the owner that migrated, and analyzes one ordinary table
// of the public schema, nothing else; only the app role (granted by the grant pass) may call it.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function sidaksos_analyze(target regclass) returns void
    language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
    begin
      if not exists (select 1 from pg_class c where c.oid = target
                        and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')) then
        raise exception 'sidaksos_analyze: % is not a table of the public schema', target
          using errcode = '42501';
      end if;
      execute format('analyze %s', target);
    end $$`);
  await knex.raw('revoke all on function sidaksos_analyze(regclass) from public');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function sidaksos_analyze(regclass)');
}
