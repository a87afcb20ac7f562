// Household tiles at zooms 10–16 over the city: endpoint latency and size (as an admin sees them) against the
// same tile SQL run directly.
import type { FastifyInstance } from 'fastify';
import { TilesRepository } from '../../server/repositories/tiles-repository.ts';
import { timing, type Timing } from '../support/stats.ts';

export interface ZoomFigures {
  tiles: number;
  endpoint: Timing;
  sql: Timing;
  maxKB: number;
  medianKB: number;
}

const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** Tiles over the city's extent at zoom z; at high zooms a sample around the densest point. */
function tilesAt(z: number, bbox: [number, number, number, number], dense: [number, number], max: number) {
  const [x0, x1] = [lon2x(bbox[0], z), lon2x(bbox[2], z)];
  const [y0, y1] = [lat2y(bbox[3], z), lat2y(bbox[1], z)];
  const all: Array<[number, number]> = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) all.push([x, y]);
  if (all.length <= max) return all;
  const [cx, cy] = [lon2x(dense[0], z), lat2y(dense[1], z)];
  return all
    .sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy))
    .slice(0, max);
}

export async function measureTiles(
  app: FastifyInstance,
  cookie: string,
  period: string,
  opts: { perZoom: number },
): Promise<Record<string, ZoomFigures>> {
  const { rows } = await app.knex.raw<{ rows: Array<{ b: number[]; d: number[] }> }>(
    `select array[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] b,
            (select array[ST_X(geom), ST_Y(geom)] from households where period_code = ? and geom is not null
             and kelurahan_code = (select kelurahan_code from households where period_code = ? group by 1 order by count(*) desc limit 1) limit 1) d
     from (select ST_Extent(geom)::geometry e from households where period_code = ?) q`,
    [period, period, period],
  );
  const bbox = rows[0]!.b as [number, number, number, number];
  const dense = rows[0]!.d as [number, number];
  const repo = new TilesRepository(app.knex);
  const out: Record<string, ZoomFigures> = {};
  for (let z = 10; z <= 16; z++) {
    const tiles = tilesAt(z, bbox, dense, opts.perZoom);
    const endpoint: number[] = [];
    const sql: number[] = [];
    const sizes: number[] = [];
    for (const [x, y] of tiles) {
      // Warm once so that neither measurement pays for cold buffers alone.
      await repo.householdTile(app.config.regionCode, period, z, x, y, {}, app.config.poorDesilMax);
      let t = performance.now();
      await repo.householdTile(app.config.regionCode, period, z, x, y, {}, app.config.poorDesilMax);
      sql.push(performance.now() - t);
      t = performance.now();
      const res = await app.inject({
        url: `/api/v1/tiles/households/${z}/${x}/${y}.mvt?period=${period}`,
        headers: { cookie },
      });
      endpoint.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`tile ${z}/${x}/${y}: ${res.statusCode} ${res.body}`);
      sizes.push(res.rawPayload.length / 1024);
    }
    const sorted = [...sizes].sort((a, b) => a - b);
    out[z] = {
      tiles: tiles.length,
      endpoint: timing(endpoint),
      sql: timing(sql),
      maxKB: Math.round(Math.max(...sizes) * 10) / 10,
      medianKB: Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10,
    };
  }
  return out;
}
