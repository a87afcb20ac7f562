// A small write marks only the kelurahan it touches (#21 item 3), so the next reader recomputes those few in
// milliseconds instead of the whole period (16–22 s at 500,000 households). Marked in the write's own
// transaction by the same statement-level triggers as before; a bulk statement (an import, a period copy)
// still marks the whole period, which is refreshed at once as before.
//
// A kelurahan's counts depend on more than its own rows: "duplicate NIK" counts a member whose NIK is also held
// in another kelurahan, so a change to a member (or to a household's status, which decides whose members
// count) also marks the kelurahan of every other holder of the NIKs involved.
import type { Knex } from 'knex';

/** Rows above which a statement is bulk work: the whole period is marked instead. */
const SMALL_STATEMENT = 200;

/** Marks the whole period of every row of the statement (0007's rule; bulk work here). */
const MARK_PERIOD = `
      if tg_op in ('INSERT', 'UPDATE') then
        insert into summary_state (region_code, period_code, dirty)
        select distinct region_code, period_code, true from new_rows
        on conflict (region_code, period_code) do update set dirty = true where summary_state.dirty = false;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        insert into summary_state (region_code, period_code, dirty)
        select distinct region_code, period_code, true from old_rows
        on conflict (region_code, period_code) do update set dirty = true where summary_state.dirty = false;
      end if;`;

/** Per (region, period) of one transition table: the households touched, kelurahan named, NIKs involved. */
function marksFrom(rows: 'new_rows' | 'old_rows'): string {
  const call = `loop perform mark_kelurahan_dirty(k.r, k.p, k.hh, k.kel, k.niks); end loop;`;
  return `
      if tg_table_name = 'households' then
        for k in select region_code r, period_code p, array_agg(id) hh, array_agg(distinct kelurahan_code::text) kel,
                        null::text[] niks from ${rows} group by 1, 2 ${call}
      elsif tg_table_name = 'members' then
        for k in select region_code r, period_code p, array_agg(distinct household_id) hh, null::text[] kel,
                        array_agg(distinct nik::text) filter (where nik is not null) niks from ${rows} group by 1, 2 ${call}
      elsif tg_table_name = 'member_disabilities' then
        for k in select d.region_code r, d.period_code p, array_agg(distinct m.household_id) hh, null::text[] kel,
                        null::text[] niks
                 from ${rows} d join members m
                   on m.region_code = d.region_code and m.period_code = d.period_code and m.id = d.member_id
                 group by 1, 2 ${call}
      else
        for k in select region_code r, period_code p, array_agg(distinct household_id) hh, null::text[] kel,
                        null::text[] niks from ${rows} group by 1, 2 ${call}
      end if;`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('summary_dirty_kelurahan', (t) => {
    t.string('region_code', 5).notNullable();
    t.string('period_code', 7).notNullable();
    t.string('kelurahan_code', 13).notNullable();
    t.primary(['region_code', 'period_code', 'kelurahan_code']);
    t.foreign(['region_code', 'period_code'])
      .references(['region_code', 'period_code'])
      .inTable('periods')
      .onDelete('CASCADE');
  });
  await knex.raw(`
    create function mark_kelurahan_dirty(r text, p text, hh uuid[], kel text[], niks text[]) returns void
    language sql as $$
      insert into summary_dirty_kelurahan (region_code, period_code, kelurahan_code)
      select r, p, code from (
        -- Three index lookups rather than one OR over households (which scanned the period on every write).
        select unnest(kel) code
        union
        select h.kelurahan_code from households h
        where h.region_code = r and h.period_code = p and h.id = any(hh)
        union
        select h.kelurahan_code from members m1
        join members m2 on m2.region_code = r and m2.period_code = p and m2.nik = m1.nik
        join households h on h.region_code = r and h.period_code = p and h.id = m2.household_id
        where m1.region_code = r and m1.period_code = p and m1.household_id = any(hh) and m1.nik is not null
        union
        select h.kelurahan_code from members m
        join households h on h.region_code = r and h.period_code = p and h.id = m.household_id
        where m.region_code = r and m.period_code = p and m.nik = any(niks)
      ) c
      where code is not null
      on conflict do nothing
    $$`);
  await knex.raw(`
    create or replace function mark_summaries_dirty() returns trigger language plpgsql as $$
    declare
      n int := 0;
      k record;
    begin
      if tg_op <> 'DELETE' then select count(*) into n from (select 1 from new_rows limit ${SMALL_STATEMENT + 1}) x; end if;
      if tg_op <> 'INSERT' then n := n + (select count(*) from (select 1 from old_rows limit ${SMALL_STATEMENT + 1}) x); end if;
      if n > ${SMALL_STATEMENT} then
        ${MARK_PERIOD}
        return null;
      end if;
      if tg_op <> 'DELETE' then ${marksFrom('new_rows')}
      end if;
      if tg_op <> 'INSERT' then ${marksFrom('old_rows')}
      end if;
      return null;
    end $$`);
  // Readers keep answers in memory between changes (0008): a marked kelurahan is such a change.
  await knex.raw(`create trigger summary_dirty_kelurahan_notify after insert or delete on summary_dirty_kelurahan
    for each statement execute function notify_summaries_changed()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger summary_dirty_kelurahan_notify on summary_dirty_kelurahan');
  // Back to marking the whole period for every statement (0007's function).
  await knex.raw(`
    create or replace function mark_summaries_dirty() returns trigger language plpgsql as $$
    begin
      ${MARK_PERIOD}
      return null;
    end $$`);
  await knex.raw('drop function mark_kelurahan_dirty(text, text, uuid[], text[], text[])');
  await knex.schema.dropTable('summary_dirty_kelurahan');
}
