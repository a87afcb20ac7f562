// Household tiles (Mapbox Vector Tiles) built by PostGIS. The tile envelope is transformed to the data's SRID
// for the GiST filter; only rows that pass are transformed to 3857. Below POINT_ZOOM tiles carry grid clusters
// (count and poor count at the cluster's mean position): a z14 tile of the dense centre holds ~18,000
// households (1.1 MB as points), and joining points to a hexagon grid took seconds per tile. From POINT_ZOOM up,
// points with whitelisted properties only (id, desil).
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';

export const POINT_ZOOM = 16;

/** Cluster cell size in metres: a sixteenth of the tile's width (256 px tiles → 16 px cells). */
export function clusterSize(z: number): number {
  return 40075016.686 / 2 ** z / 16;
}

/** The zooms whose clusters are precomputed (below POINT_ZOOM). */
export const CELL_ZOOMS = [10, 11, 12, 13, 14, 15] as const;

export class TilesRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Rebuilds the period's precomputed clusters (inside the summaries' refresh transaction): per zoom, the same
   * grid cells the live query snaps to, split by kelurahan so that operator-scoped tiles can filter them.
   */
  async rebuildCells(
    trx: Knex.Transaction,
    regionCode: string,
    periodCode: string,
    poorDesilMax: number,
  ): Promise<void> {
    await trx('household_cells').where({ region_code: regionCode, period_code: periodCode }).delete();
    await trx.raw(
      `insert into household_cells (region_code, period_code, z, kelurahan_code, cx, cy, households, poor, sx, sy)
       select :r, :p, z.z, h.kelurahan_code,
              floor(ST_X(g) / size) * size, floor(ST_Y(g) / size) * size,
              count(*), count(*) filter (where h.desil <= :poor), sum(ST_X(g)), sum(ST_Y(g))
       from (select kelurahan_code, desil, ST_Transform(geom, 3857) g from households
             where region_code = :r and period_code = :p and status = 'active' and geom is not null) h
       cross join (select z, 40075016.686 / 2 ^ z / 16 as size from unnest(:zooms::int[]) z) z
       group by z.z, h.kelurahan_code, floor(ST_X(g) / size), floor(ST_Y(g) / size), size`,
      { r: regionCode, p: periodCode, poor: poorDesilMax, zooms: [...CELL_ZOOMS] },
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
  ): Promise<Buffer> {
    const kel = scope.kelurahan ? [...scope.kelurahan] : null;
    const { rows } = await this.knex.raw<{ rows: Array<{ tile: Buffer | null }> }>(
      `with b as (select ST_TileEnvelope(:z, :x, :y) env),
            cells as (
              select sum(c.households)::int households, sum(c.poor)::int poor,
                     ST_MakePoint(sum(c.sx) / sum(c.households), sum(c.sy) / sum(c.households)) centre
              from household_cells c, b
              where c.region_code = :r and c.period_code = :p and c.z = :z
                -- by the cell's centre: its corner may sit a rounding error outside the tile's edge
                and c.cx + :half between ST_XMin(b.env) and ST_XMax(b.env)
                and c.cy + :half between ST_YMin(b.env) and ST_YMax(b.env)
                and (:kel::text[] is null or c.kelurahan_code = any(:kel::text[]))
              group by c.cx, c.cy
            ),
            t as (select households, poor, ST_AsMVTGeom(ST_SetSRID(centre, 3857), b.env, 4096, 0, true) as geom from cells, b)
       select ST_AsMVT(t, 'clusters', 4096, 'geom') as tile from t`,
      { r: regionCode, p: period, z, x, y, kel, half: clusterSize(z) / 2 },
    );
    return rows[0]?.tile ?? Buffer.alloc(0);
  }

  async householdTile(
    regionCode: string,
    period: string,
    z: number,
    x: number,
    y: number,
    scope: RowScope,
    poorDesilMax: number,
  ): Promise<Buffer> {
    const kel = scope.kelurahan ? [...scope.kelurahan] : null;
    const filter = `h.region_code = :r and h.period_code = :p and h.status = 'active' and h.geom is not null
                    and h.geom && b.env4326 and (:kel::text[] is null or h.kelurahan_code = any(:kel::text[]))`;
    const params = { r: regionCode, p: period, z, x, y, kel, poor: poorDesilMax, size: clusterSize(z) };
    const sql =
      z >= POINT_ZOOM
        ? `with b as (select ST_TileEnvelope(:z, :x, :y) env3857, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) env4326),
                t as (select h.id::text as id, h.desil,
                             ST_AsMVTGeom(ST_Transform(h.geom, 3857), b.env3857, 4096, 64, true) as geom
                      from households h, b where ${filter})
           select ST_AsMVT(t, 'households', 4096, 'geom') as tile from t`
        : `with b as (select ST_TileEnvelope(:z, :x, :y) env3857, ST_Transform(ST_TileEnvelope(:z, :x, :y), 4326) env4326),
                -- && compares float4 boxes (about a metre of slack here), so it only pre-filters: each point
                -- belongs to the one tile whose half-open extent holds it, as in the precomputed cells' floor().
                pts as (select g, desil from (
                          select ST_Transform(h.geom, 3857) g, h.desil from households h, b where ${filter}) q, b
                        where ST_X(g) >= ST_XMin(b.env3857) and ST_X(g) < ST_XMax(b.env3857)
                          and ST_Y(g) >= ST_YMin(b.env3857) and ST_Y(g) < ST_YMax(b.env3857)),
                cells as (select count(*)::int households,
                                 count(*) filter (where desil <= :poor)::int poor,
                                 ST_MakePoint(avg(ST_X(g)), avg(ST_Y(g))) centre
                          from pts group by floor(ST_X(g) / :size), floor(ST_Y(g) / :size)),
                t as (select households, poor, ST_AsMVTGeom(ST_SetSRID(centre, 3857), b.env3857, 4096, 0, true) as geom
                      from cells, b)
           select ST_AsMVT(t, 'clusters', 4096, 'geom') as tile from t`;
    const { rows } = await this.knex.raw<{ rows: Array<{ tile: Buffer | null }> }>(sql, params);
    return rows[0]?.tile ?? Buffer.alloc(0);
  }
}
