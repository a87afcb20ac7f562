// Household tiles (Mapbox Vector Tiles) built by PostGIS. The tile envelope is transformed to the data's SRID
// for the GiST filter; only rows that pass are transformed to 3857. Below POINT_ZOOM tiles carry grid clusters
// (count and poor count): a z14 tile of the dense centre holds ~18,000 households (1.1 MB as points), and
// joining points to a hexagon grid took seconds per tile. From POINT_ZOOM up, points with whitelisted properties
// only (id, desil). Clusters are aggregates that cannot single a household out (SAFE_CLUSTERS below).
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';

export const POINT_ZOOM = 16;

/** Cluster cell size in metres: a sixteenth of the tile's width (256 px tiles → 16 px cells). */
export function clusterSize(z: number): number {
  return 40075016.686 / 2 ** z / 16;
}

/** Half the width of the Web Mercator world (EPSG:3857), in metres: ST_TileEnvelope's default bounds. */
const HALF_WORLD = 20037508.342789244;

/** Tile z/x/y's extent in EPSG:3857, as ST_TileEnvelope computes it (x grows east, y grows south). */
export function tileExtent(
  z: number,
  x: number,
  y: number,
): { x0: number; x1: number; y0: number; y1: number } {
  const span = (2 * HALF_WORLD) / 2 ** z;
  return {
    x0: -HALF_WORLD + x * span,
    x1: -HALF_WORLD + (x + 1) * span,
    y0: HALF_WORLD - (y + 1) * span,
    y1: HALF_WORLD - y * span,
  };
}

/** The zooms whose clusters are precomputed (below POINT_ZOOM). */
export const CELL_ZOOMS = [10, 11, 12, 13, 14, 15] as const;

/** SUPPRESSION_K's default, for callers that do not pass the configured threshold (the service always does). */
const DEFAULT_MIN_HOUSEHOLDS = 10;

/**
 * The tail shared by both cluster queries, over `b.env` (the tile in 3857) and `cells(ix, iy, n, poor, sx, sy)`
 * (the tile's 16 × 16 grid cells by integer index, with coordinate sums). A cluster must not give a household
 * away, so no cluster of fewer than :k households is served and every cluster sits at the centre of its grid
 * cell, never at the mean of its households (a cluster of one at its mean is that household's home). A cell
 * under :k hands its households to its parent cell (2 × 2 cells, up to the whole tile at level 4), which is
 * served if it then holds :k. What is still under :k at the tile joins the served cluster nearest to those
 * households; with none (the tile holds fewer than :k in all) it is not served: the area totals count it.
 * Totals are kept wherever the tile holds at least :k households.
 */
const SAFE_CLUSTERS = `l1 as (select floor(ix / 2.0)::bigint ix, floor(iy / 2.0)::bigint iy, sum(n)::int n, sum(poor)::int poor,
                          sum(sx) sx, sum(sy) sy from cells where n < :k group by 1, 2),
            l2 as (select floor(ix / 2.0)::bigint ix, floor(iy / 2.0)::bigint iy, sum(n)::int n, sum(poor)::int poor,
                          sum(sx) sx, sum(sy) sy from l1 where n < :k group by 1, 2),
            l3 as (select floor(ix / 2.0)::bigint ix, floor(iy / 2.0)::bigint iy, sum(n)::int n, sum(poor)::int poor,
                          sum(sx) sx, sum(sy) sy from l2 where n < :k group by 1, 2),
            l4 as (select floor(ix / 2.0)::bigint ix, floor(iy / 2.0)::bigint iy, sum(n)::int n, sum(poor)::int poor,
                          sum(sx) sx, sum(sy) sy from l3 where n < :k group by 1, 2),
            served as (
              select n, poor, (ix + 0.5) * :size cx, (iy + 0.5) * :size cy from cells where n >= :k
              union all select n, poor, (ix + 0.5) * :size * 2, (iy + 0.5) * :size * 2 from l1 where n >= :k
              union all select n, poor, (ix + 0.5) * :size * 4, (iy + 0.5) * :size * 4 from l2 where n >= :k
              union all select n, poor, (ix + 0.5) * :size * 8, (iy + 0.5) * :size * 8 from l3 where n >= :k
              union all select n, poor, (ix + 0.5) * :size * 16, (iy + 0.5) * :size * 16 from l4 where n >= :k
            ),
            rest as (select sum(n)::int n, sum(poor)::int poor, sum(sx) / sum(n) mx, sum(sy) / sum(n) my
                     from l4 where n < :k having count(*) > 0),
            nearest as (select s.cx, s.cy from served s, rest r
                        order by (s.cx - r.mx) ^ 2 + (s.cy - r.my) ^ 2, s.cx, s.cy limit 1),
            clusters as (select s.n + coalesce(r.n, 0) households, s.poor + coalesce(r.poor, 0) poor, s.cx, s.cy
                         from served s left join nearest t on t.cx = s.cx and t.cy = s.cy
                         left join rest r on t.cx is not null),
            t as (select households, poor, ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(cx, cy), 3857), b.env, 4096, 0, true) geom
                  from clusters, b)
       select ST_AsMVT(t, 'clusters', 4096, 'geom') as tile from t`;

export class TilesRepository {
  constructor(private readonly knex: Knex) {}

  /** The region's extent (active boundaries) as [west, south, east, north] in WGS 84, for TileJSON. */
  async regionBounds(regionCode: string): Promise<[number, number, number, number] | undefined> {
    const { rows } = await this.knex.raw<{
      rows: Array<{ w: number | null; s: number; e: number; n: number }>;
    }>(
      `select ST_XMin(x) w, ST_YMin(x) s, ST_XMax(x) e, ST_YMax(x) n from (
         select ST_Extent(b.geom) x from boundary_sets bs
         join area_boundaries b on b.boundary_set_id = bs.id where bs.region_code = ? and bs.active) q`,
      [regionCode],
    );
    const r = rows[0];
    return r && r.w !== null ? [r.w, r.s, r.e, r.n] : undefined;
  }

  /**
   * Rebuilds the period's precomputed clusters (inside the summaries' refresh transaction): per zoom, the same
   * grid cells the live query snaps to, split by kelurahan so that operator-scoped tiles can filter them.
   */
  async rebuildCells(
    trx: Knex.Transaction,
    regionCode: string,
    periodCode: string,
    poorDesilMax: number,
    /** Only these kelurahan's cells (a partial refresh); every one when absent. */
    only?: readonly string[],
  ): Promise<void> {
    const k = only ? [...only] : null;
    await trx('household_cells')
      .where({ region_code: regionCode, period_code: periodCode })
      .modify((q) => {
        if (k) void q.whereIn('kelurahan_code', k);
      })
      .delete();
    await trx.raw(
      `insert into household_cells (region_code, period_code, z, kelurahan_code, cx, cy, households, poor, sx, sy)
       select :r, :p, z.z, h.kelurahan_code,
              floor(ST_X(g) / size) * size, floor(ST_Y(g) / size) * size,
              count(*), count(*) filter (where h.desil <= :poor), sum(ST_X(g)), sum(ST_Y(g))
       from (select kelurahan_code, desil, ST_Transform(geom, 3857) g from households
             where region_code = :r and period_code = :p and status = 'active' and geom is not null
               ${k ? 'and kelurahan_code = any(:k::text[])' : ''}) h
       cross join (select z, 40075016.686 / 2 ^ z / 16 as size from unnest(:zooms::int[]) z) z
       group by z.z, h.kelurahan_code, floor(ST_X(g) / size), floor(ST_Y(g) / size), size`,
      { r: regionCode, p: periodCode, poor: poorDesilMax, zooms: [...CELL_ZOOMS], ...(k ? { k } : {}) },
    );
  }

  /** A cluster tile from the precomputed cells (callers check that the period's summaries are fresh). */
  async cellTile(
    regionCode: string,
    period: string,
    z: number,
    x: number,
    y: number,
    scope: RowScope,
    minHouseholds: number = DEFAULT_MIN_HOUSEHOLDS,
  ): Promise<Buffer> {
    const kel = scope.kelurahan ? [...scope.kelurahan] : null;
    const size = clusterSize(z);
    const { rows } = await this.knex.raw<{ rows: Array<{ tile: Buffer | null }> }>(
      `with b as (select ST_TileEnvelope(:z, :x, :y) env),
            cells as (
              select round(c.cx / :size)::bigint ix, round(c.cy / :size)::bigint iy,
                     sum(c.households)::int n, sum(c.poor)::int poor, sum(c.sx) sx, sum(c.sy) sy
              from household_cells c, b
              where c.region_code = :r and c.period_code = :p and c.z = :z
                -- by the cell's centre (its corner may sit a rounding error outside the tile's edge), written as
                -- a range on the corner so that the primary key's (…, z, cx, cy) order finds the tile's cells:
                -- "cx + half between" scanned all 65,000 z15 cells of 500k households for every tile (15 ms).
                and c.cx between :x0::float8 - :half and :x1::float8 - :half
                and c.cy between :y0::float8 - :half and :y1::float8 - :half
                and (:kel::text[] is null or c.kelurahan_code = any(:kel::text[]))
              group by c.cx, c.cy
            ),
            ${SAFE_CLUSTERS}`,
      {
        r: regionCode,
        p: period,
        z,
        x,
        y,
        kel,
        size,
        half: size / 2,
        k: minHouseholds,
        ...tileExtent(z, x, y),
      },
    );
    return rows[0]?.tile ?? Buffer.alloc(0);
  }

  /** A tile computed from the households themselves: clusters below POINT_ZOOM, points from it. */
  async householdTile(
    regionCode: string,
    period: string,
    z: number,
    x: number,
    y: number,
    scope: RowScope,
    poorDesilMax: number,
    minHouseholds: number = DEFAULT_MIN_HOUSEHOLDS,
  ): Promise<Buffer> {
    const kel = scope.kelurahan ? [...scope.kelurahan] : null;
    const filter = `h.region_code = :r and h.period_code = :p and h.status = 'active' and h.geom is not null
                    and h.geom && b.env4326 and (:kel::text[] is null or h.kelurahan_code = any(:kel::text[]))`;
    const params = {
      r: regionCode,
      p: period,
      z,
      x,
      y,
      kel,
      poor: poorDesilMax,
      size: clusterSize(z),
      k: minHouseholds,
    };
    const sql =
      z >= POINT_ZOOM
        ? `with b as (select ST_TileEnvelope(:z, :x, :y) env, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) env4326),
                t as (select h.map_id, h.desil,
                             ST_AsMVTGeom(ST_Transform(h.geom, 3857), b.env, 4096, 64, true) as geom
                      from households h, b where ${filter})
           -- The map number as the MVT feature id (a varint), not the UUID as a string property: a third of
           -- the bytes of a dense tile (migrations/20261207_0024_household_map_id.ts).
           select ST_AsMVT(t, 'households', 4096, 'geom', 'map_id') as tile from t`
        : `with b as (select ST_TileEnvelope(:z, :x, :y) env, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) env4326),
                -- && compares float4 boxes (about a metre of slack here), so it only pre-filters: each point
                -- belongs to the one tile whose half-open extent holds it, as in the precomputed cells' floor().
                pts as (select g, desil from (
                          select ST_Transform(h.geom, 3857) g, h.desil from households h, b where ${filter}) q, b
                        where ST_X(g) >= ST_XMin(b.env) and ST_X(g) < ST_XMax(b.env)
                          and ST_Y(g) >= ST_YMin(b.env) and ST_Y(g) < ST_YMax(b.env)),
                cells as (select floor(ST_X(g) / :size)::bigint ix, floor(ST_Y(g) / :size)::bigint iy,
                                 count(*)::int n, count(*) filter (where desil <= :poor)::int poor,
                                 sum(ST_X(g)) sx, sum(ST_Y(g)) sy
                          from pts group by 1, 2),
                ${SAFE_CLUSTERS}`;
    // Without parallel workers: PostgreSQL prices ST_AsMVTGeom per row high enough to plan a dense tile's
    // ~1,300 points in parallel, and starting the worker took 8 of the 10 ms such a tile cost at 500k
    // households (EXPLAIN ANALYZE). SET LOCAL needs a transaction: the caller's (point tiles are audited in
    // theirs) or one of its own.
    const read = async (trx: Knex.Transaction) => {
      await trx.raw('set local max_parallel_workers_per_gather = 0');
      return trx.raw<{ rows: Array<{ tile: Buffer | null }> }>(sql, params);
    };
    const { rows } = this.knex.isTransaction
      ? await read(this.knex as Knex.Transaction)
      : await this.knex.transaction(read);
    return rows[0]?.tile ?? Buffer.alloc(0);
  }
}
