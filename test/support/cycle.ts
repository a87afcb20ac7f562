// Tests that finalize a period for other reasons than the penetapan first close every kelurahan's record, as
// the operators would have: adopting refuses while one is open (kelurahan-cycle.test.ts tests that).
import type { Knex } from 'knex';

export async function closeEveryKelurahan(
  knex: Knex,
  periodCode: string,
  regionCode = '33.74',
): Promise<void> {
  await knex.raw(
    `insert into kelurahan_periods (region_code, period_code, kelurahan_code, status, closed_at)
     select :r, :p, code, 'closed', now() from areas where region_code = :r and level = 'kelurahan'
     on conflict (region_code, period_code, kelurahan_code) do update set status = 'closed', closed_at = now()`,
    { r: regionCode, p: periodCode },
  );
}
