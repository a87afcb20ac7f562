// Per period × kelurahan raw counts (area_summaries.metrics) from which every indicator is computed.
// A write marks, in its own transaction (triggers), the kelurahan it touched — or, for bulk work, the whole
// period (summary_state.dirty); the refresh (lock, recompute, store, mark fresh) is one transaction run by the
// indicator service, over the marked kelurahan only when the period itself is not dirty.
import type { Knex } from 'knex';
import type { Metrics } from '../domain/indicators.ts';

export interface KelurahanMetrics {
  code: string;
  metrics: Metrics;
}

export class SummariesRepository {
  constructor(private readonly knex: Knex) {}

  async isFresh(regionCode: string, periodCode: string): Promise<boolean> {
    return (await this.freshness(regionCode, periodCode)) === 'fresh';
  }

  /** Fresh; some kelurahan marked by small writes; or stale as a whole (never refreshed, or bulk work). */
  async freshness(regionCode: string, periodCode: string): Promise<'fresh' | 'marked' | 'stale'> {
    const { rows } = await this.knex.raw<{ rows: Array<{ dirty: boolean | null; marked: boolean }> }>(
      `select (select dirty from summary_state where region_code = :r and period_code = :p) as dirty,
              exists (select 1 from summary_dirty_kelurahan where region_code = :r and period_code = :p) as marked`,
      { r: regionCode, p: periodCode },
    );
    const row = rows[0]!;
    if (row.dirty !== false) return 'stale';
    return row.marked ? 'marked' : 'fresh';
  }

  /**
   * Run inside the refresh's transaction (after lockStale): takes the marked kelurahan, so a write marking one
   * of them again meanwhile waits for this refresh to commit and stays marked for the next — never lost.
   */
  async takeMarked(regionCode: string, periodCode: string): Promise<string[]> {
    const rows = await this.knex('summary_dirty_kelurahan')
      .where({ region_code: regionCode, period_code: periodCode })
      .delete()
      .returning<Array<{ kelurahan_code: string }>>('kelurahan_code');
    return rows.map((r) => r.kelurahan_code).sort();
  }

  /**
   * Run inside the refresh's transaction: locks the period's summary_state row for the rest of it (so a write
   * committing meanwhile marks it dirty again only after the refresh — never lost) and says whether it is
   * still stale (another reader may have refreshed it while this one waited for the lock).
   */
  async lockStale(regionCode: string, periodCode: string): Promise<boolean> {
    await this.knex.raw(
      `insert into summary_state (region_code, period_code, dirty) values (?, ?, true) on conflict do nothing`,
      [regionCode, periodCode],
    );
    const state = await this.knex('summary_state')
      .where({ region_code: regionCode, period_code: periodCode })
      .forUpdate()
      .first<{ dirty: boolean }>('dirty');
    return state.dirty;
  }

  /** Stores every kelurahan's counts of the period (replacing what was there). */
  async write(regionCode: string, periodCode: string, metrics: ReadonlyMap<string, Metrics>): Promise<void> {
    const rows = [...metrics.entries()].map(([code, m]) => ({
      region_code: regionCode,
      period_code: periodCode,
      kelurahan_code: code,
      metrics: JSON.stringify(m),
      dirty: false,
      refreshed_at: this.knex.fn.now(),
    }));
    if (rows.length === 0) return;
    await this.knex('area_summaries')
      .insert(rows)
      .onConflict(['region_code', 'period_code', 'kelurahan_code'])
      .merge();
  }

  async markFresh(regionCode: string, periodCode: string): Promise<void> {
    await this.knex('summary_state')
      .where({ region_code: regionCode, period_code: periodCode })
      .update({ dirty: false, refreshed_at: this.knex.fn.now() });
  }

  /**
   * The counts every indicator is computed from, per kelurahan of the period (program coverage aside): every
   * kelurahan, or only those in `only` (a partial refresh; duplicate NIKs still counted city-wide). By 'rt':
   * the same counts per RT of the kelurahan in `only`, keyed `kelurahan/RW/RT` (an empty part: not recorded),
   * for staff's RT/RW tables — there are no official RW polygons, and the public never sees below kelurahan.
   */
  async baseMetrics(
    regionCode: string,
    periodCode: string,
    poorDesilMax: number,
    only?: readonly string[],
    by: 'kelurahan' | 'rt' = 'kelurahan',
  ): Promise<Map<string, Metrics>> {
    // City-wide, a NIK is duplicated within the members counted; for a few kelurahan, their members' NIKs are
    // looked up among every counted member of the period (by the NIK index). Only the few NIKs held more than
    // once by any member are then checked against their households' status: joining every one of a large
    // kelurahan's 30,000 members to its household took half of its refresh at 500,000 households.
    const dup = only
      ? `select m.nik from members m
         join households h on h.region_code = m.region_code and h.period_code = m.period_code and h.id = m.household_id
         where m.region_code = :r and m.period_code = :p and m.status = 'active' and m.died_on is null
           and h.status = 'active'
           and m.nik in (
             select c.nik from members c
             where c.region_code = :r and c.period_code = :p and c.status = 'active' and c.died_on is null
               and c.nik in (select nik from mem where nik is not null)
             group by c.nik having count(*) > 1)
         group by m.nik having count(*) > 1`
      : `select nik from mem where nik is not null group by nik having count(*) > 1`;
    // The group key keeps the column's name so the rest of the statement reads the same either way.
    const byRt = by === 'rt';
    const key = byRt
      ? `h.kelurahan_code || '/' || coalesce(h.rw::text, '') || '/' || coalesce(h.rt::text, '') as kelurahan_code`
      : 'h.kelurahan_code';
    const groups = byRt ? '(select distinct kelurahan_code as code from hh)' : 'areas';
    const where = byRt
      ? ''
      : `where a.region_code = :r and a.level = 'kelurahan' and (:k::text[] is null or a.code = any(:k::text[]))`;
    // "Not verified in the last two periods": no verification in the 12 months before the period's end.
    const { rows } = await this.knex.raw<{ rows: Array<{ code: string; metrics: Metrics }> }>(
      `with hh as (
         select h.id, ${key}, h.desil, h.verified_on from households h
         where h.region_code = :r and h.period_code = :p and h.status = 'active'
           and (:k::text[] is null or h.kelurahan_code = any(:k::text[]))
       ), mem as (
         select m.id, m.nik, m.nik_valid, hh.kelurahan_code from members m join hh on hh.id = m.household_id
         where m.region_code = :r and m.period_code = :p and m.status = 'active' and m.died_on is null
       ), dup as (
         ${dup}
       ), h_agg as (
         select kelurahan_code, count(*) households, count(*) filter (where desil <= :poor) poor,
                count(*) filter (where verified_on is null
                  or verified_on <= (to_date(:p, 'YYYY-MM') + interval '1 month - 1 day' - interval '12 months')) unverified
         from hh group by 1
       ), m_agg as (
         select kelurahan_code, count(*) persons, count(*) filter (where not nik_valid) invalid_nik,
                count(*) filter (where nik in (select nik from dup)) duplicate_nik
         from mem group by 1
       ), d as (
         select mem.kelurahan_code, d.member_id, d.disability_type from member_disabilities d join mem on mem.id = d.member_id
         where d.region_code = :r and d.period_code = :p
       ), d_tot as (
         select kelurahan_code, count(distinct member_id) disabled from d group by 1
       ), d_type as (
         select kelurahan_code, jsonb_object_agg('disabled_' || disability_type, n) j
         from (select kelurahan_code, disability_type, count(distinct member_id) n from d group by 1, 2) x group by 1
       ), needs as (
         select kelurahan_code, jsonb_object_agg('unmet_' || need_code, n) j
         from (select hh.kelurahan_code, n.need_code, count(distinct n.household_id) n
               from household_needs n join hh on hh.id = n.household_id
               where n.region_code = :r and n.period_code = :p and not n.met group by 1, 2) x
         group by 1
       )
       select a.code, jsonb_build_object(
                'households', coalesce(h.households, 0), 'poor', coalesce(h.poor, 0), 'unverified', coalesce(h.unverified, 0),
                'persons', coalesce(m.persons, 0), 'invalid_nik', coalesce(m.invalid_nik, 0),
                'duplicate_nik', coalesce(m.duplicate_nik, 0), 'disabled', coalesce(dt.disabled, 0))
              || coalesce(dty.j, '{}') || coalesce(nd.j, '{}') as metrics
       from ${groups} a
       left join h_agg h on h.kelurahan_code = a.code
       left join m_agg m on m.kelurahan_code = a.code
       left join d_tot dt on dt.kelurahan_code = a.code
       left join d_type dty on dty.kelurahan_code = a.code
       left join needs nd on nd.kelurahan_code = a.code
       ${where}
       order by a.code`,
      { r: regionCode, p: periodCode, poor: poorDesilMax, k: only ? [...only] : null },
    );
    return new Map(rows.map((r) => [r.code, r.metrics]));
  }

  async read(regionCode: string, periodCode: string): Promise<KelurahanMetrics[]> {
    const rows = await this.knex('area_summaries')
      .where({ region_code: regionCode, period_code: periodCode })
      .orderBy('kelurahan_code')
      .select<Array<{ kelurahan_code: string; metrics: Metrics }>>('kelurahan_code', 'metrics');
    return rows.map((r) => ({ code: r.kelurahan_code, metrics: r.metrics }));
  }

  async periods(regionCode: string): Promise<Array<{ period_code: string; status: string }>> {
    return this.knex('periods')
      .where({ region_code: regionCode })
      .orderBy('period_code')
      .select('period_code', 'status');
  }
}
