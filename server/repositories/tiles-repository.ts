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

export class TilesRepository {
  constructor(private readonly knex: Knex) {}

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
                pts as (select ST_Transform(h.geom, 3857) g, h.desil from households h, b where ${filter}),
                cells as (select ST_SnapToGrid(g, :size) cell, count(*)::int households,
                                 count(*) filter (where desil <= :poor)::int poor,
                                 ST_MakePoint(avg(ST_X(g)), avg(ST_Y(g))) centre
                          from pts group by 1),
                t as (select households, poor, ST_AsMVTGeom(ST_SetSRID(centre, 3857), b.env3857, 4096, 0, true) as geom
                      from cells, b)
           select ST_AsMVT(t, 'clusters', 4096, 'geom') as tile from t`;
    const { rows } = await this.knex.raw<{ rows: Array<{ tile: Buffer | null }> }>(sql, params);
    return rows[0]?.tile ?? Buffer.alloc(0);
  }
}
