// Flows between two period snapshots, per kelurahan, from a full outer join on the stable household id.
import type { Knex } from 'knex';

import type { Flow } from '../domain/flows.ts';

export { FLOWS, type Flow } from '../domain/flows.ts';

export class FlowsRepository {
  constructor(private readonly knex: Knex) {}

  /** Counts per kelurahan and flow. Arrivals count where the household is now, departures where it was. */
  async flows(
    regionCode: string,
    from: string,
    to: string,
    poorDesilMax: number,
  ): Promise<Array<{ code: string; flow: Flow; n: number }>> {
    const { rows } = await this.knex.raw<{ rows: Array<{ code: string; flow: Flow; n: number }> }>(
      `with a as (select id, kelurahan_code, desil, status from households where region_code = :r and period_code = :from),
            b as (select id, kelurahan_code, desil, status from households where region_code = :r and period_code = :to),
            j as (select a.id a_id, a.kelurahan_code a_kel, a.desil a_desil, a.status a_status,
                         b.id b_id, b.kelurahan_code b_kel, b.desil b_desil, b.status b_status
                  from a full outer join b on a.id = b.id),
            events as (
              select b_kel code, 'entered' flow from j where a_id is null and b_status = 'active'
              union all select a_kel, 'left_registry' from j where b_id is null and a_status = 'active'
              union all select a_kel, 'moved_away' from j where a_status = 'active' and b_status = 'moved_out'
              union all select a_kel, 'died' from j where a_status = 'active' and b_status = 'died'
              union all select a_kel, 'moved_out' from j where a_status = 'active' and b_status = 'active' and a_kel <> b_kel
              union all select b_kel, 'moved_in' from j where a_status = 'active' and b_status = 'active' and a_kel <> b_kel
              union all select b_kel, 'left_poverty' from j
                where a_status = 'active' and b_status = 'active' and a_desil <= :poor and (b_desil is null or b_desil > :poor)
              union all select b_kel, 'entered_poverty' from j
                where a_status = 'active' and b_status = 'active' and (a_desil is null or a_desil > :poor) and b_desil <= :poor
            )
       select code, flow, count(*)::int n from events group by 1, 2`,
      { r: regionCode, from, to, poor: poorDesilMax },
    );
    return rows;
  }
}
