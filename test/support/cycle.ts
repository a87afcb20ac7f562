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

/** The kelurahan with the most active households in a period (ties by code): where field work is given out. */
export async function busiestKelurahan(
  knex: Knex,
  periodCode: string,
  except: string[] = [],
): Promise<string> {
  const row = await knex('households')
    .where({ period_code: periodCode, status: 'active' })
    .whereNotIn('kelurahan_code', except)
    .groupBy('kelurahan_code')
    .orderByRaw('count(*) desc, kelurahan_code')
    .first<{ kelurahan_code: string }>('kelurahan_code');
  return row.kelurahan_code;
}
