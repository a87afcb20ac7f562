// One kelurahan's households as a musyawarah kelurahan discusses them: by RW and RT, each with its head, the
// identifiers the service masks before anything leaves, and what puts it on the list (desil, members with a
// disability). No address: the meeting's list carries no house number.
import type { Knex } from 'knex';

export interface MuskelRow {
  id: string;
  kk: string;
  head: string | null;
  head_nik: string | null;
  rt: number | null;
  rw: number | null;
  desil: number | null;
  members: number;
  disabled: number;
}

export class NeighbourhoodRepository {
  constructor(private readonly knex: Knex) {}

  /** The kelurahan's active households of the period (optionally one RW), ordered by RW, RT and head. */
  async muskelRows(
    regionCode: string,
    periodCode: string,
    kelurahanCode: string,
    rw?: number,
  ): Promise<MuskelRow[]> {
    const { rows } = await this.knex.raw<{ rows: MuskelRow[] }>(
      `select h.id, h.kk, h.rt, h.rw, h.desil, head.name as head, head.nik as head_nik,
              coalesce(m.members, 0)::int as members, coalesce(m.disabled, 0)::int as disabled
       from households h
       left join lateral (
         select name, nik from members hm
         where hm.region_code = h.region_code and hm.period_code = h.period_code and hm.household_id = h.id
           and hm.relation = 'kepala_keluarga' and hm.status = 'active'
         order by hm.name limit 1
       ) head on true
       left join lateral (
         select count(*) as members,
                count(*) filter (where exists (
                  select 1 from member_disabilities d
                  where d.region_code = am.region_code and d.period_code = am.period_code and d.member_id = am.id
                )) as disabled
         from members am
         where am.region_code = h.region_code and am.period_code = h.period_code and am.household_id = h.id
           and am.status = 'active' and am.died_on is null
       ) m on true
       where h.region_code = :r and h.period_code = :p and h.kelurahan_code = :k and h.status = 'active'
         and (:rw::int is null or h.rw = :rw::int)
       order by h.rw nulls last, h.rt nulls last, head.name nulls last, h.id`,
      { r: regionCode, p: periodCode, k: kelurahanCode, rw: rw ?? null },
    );
    return rows;
  }
}
