// Write to map (#21 item 3): an admin changes a household's desil through the API, then polls the kelurahan
// poverty indicator — what the map reads — until that kelurahan's count has moved; the household tiles of the
// same kelurahan are rebuilt in the same refresh. The floor, measured in the same run: the write's own round
// trip plus one read of an answer with nothing left to refresh.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { timing, type Timing } from '../support/stats.ts';

export interface WriteToMapFigures {
  /** From the PATCH being sent to the indicator showing the change (the tile cells rebuilt with it). */
  writeToMap: Timing;
  /** The PATCH's round trip plus one indicator read with nothing to refresh. */
  floor: Timing;
  /** A whole-period refresh (what every write cost before #21), for scale. */
  fullRefreshMs: number;
}

interface Row {
  id: string;
  version: number;
  desil: number;
  kelurahan_code: string;
}

export async function measureWriteToMap(
  app: FastifyInstance,
  knex: Knex,
  opts: { period: string; cookie: string; runs: number; fullRefresh: () => Promise<void> },
): Promise<WriteToMapFigures> {
  const { period, cookie } = opts;
  // The benchmark's period is finalized (the public reads it); edits need it open, as in July or December.
  await knex('periods').where({ period_code: period }).update({ status: 'open' });
  try {
    const rows = await knex('households')
      .where({ period_code: period, status: 'active' })
      .whereNotNull('desil')
      .orderByRaw('md5(id::text)')
      .limit(opts.runs)
      .select<Row[]>('id', 'version', 'desil', 'kelurahan_code');
    // State-changing requests carry the session's CSRF token, as the web app sends it.
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    const headers = { cookie, 'x-csrf-token': me.json<{ csrfToken: string }>().csrfToken };
    const poor = async (kelurahan: string): Promise<number> => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/indicators/poor_households?period=${period}`,
        headers,
      });
      if (r.statusCode !== 200)
        throw new Error(`indicator answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
      const body = r.json<{ values: Array<{ code: string; numerator: number | null }> }>();
      return body.values.find((v) => v.code === kelurahan)!.numerator!;
    };
    const patch = async (row: Row, desil: number): Promise<void> => {
      const r = await app.inject({
        method: 'PATCH',
        url: `/api/v1/households/${row.id}`,
        headers,
        payload: { version: row.version, period, changes: { desil } },
      });
      if (r.statusCode !== 200) throw new Error(`edit answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
      row.version = r.json<{ version: number }>().version;
    };
    // Desil 1 ↔ 10 always crosses the poverty line, so the kelurahan's count must move.
    const flip = (row: Row) => (row.desil <= 4 ? 10 : 1);
    const samples: number[] = [];
    const floors: number[] = [];
    await poor(rows[0]!.kelurahan_code); // fresh before the first write
    for (const row of rows) {
      const before = await poor(row.kelurahan_code);
      const t = performance.now();
      await patch(row, flip(row));
      const written = performance.now();
      while ((await poor(row.kelurahan_code)) === before) await new Promise((r) => setTimeout(r, 5));
      samples.push(performance.now() - t);
      // The floor: the write's own round trip plus one read of an answer with nothing left to refresh.
      const r = performance.now();
      await poor(row.kelurahan_code);
      floors.push(written - t + (performance.now() - r));
      row.desil = flip(row);
    }
    const t = performance.now();
    await opts.fullRefresh();
    return {
      writeToMap: timing(samples),
      floor: timing(floors),
      fullRefreshMs: Math.round(performance.now() - t),
    };
  } finally {
    await knex('periods').where({ period_code: period }).update({ status: 'finalized' });
  }
}
