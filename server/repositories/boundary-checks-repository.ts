// What a boundary import changes about the polygons it was given, measured by PostGIS: which kelurahan
// geometries are not valid as given (ST_MakeValid repairs them on insert, so the stored shape differs from the
// file), and which kelurahan of a set overlap their neighbours by more than a threshold (real sources have
// slivers of a few m²; more means a wrong or duplicated polygon). Both are listed in the import report.
import type { Knex } from 'knex';

export interface BoundaryRepair {
  code: string;
  /** 0-based indexes of the file's features that make up this kelurahan. */
  features: number[];
  /** ST_IsValidReason of the geometry as given, e.g. "Self-intersection[110.41 -6.98]". */
  reason: string;
}

export interface BoundaryOverlap {
  a: string;
  b: string;
  m2: number;
}

export class BoundaryChecksRepository {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  /** Kelurahan whose geometry (all its features as one MultiPolygon) is invalid as given. */
  async invalid(
    geometries: Array<{ code: string; features: number[]; geometry: unknown }>,
  ): Promise<BoundaryRepair[]> {
    const out: BoundaryRepair[] = [];
    for (let i = 0; i < geometries.length; i += 200) {
      const chunk = geometries.slice(i, i + 200);
      const { rows } = await this.knex.raw<{ rows: Array<{ code: string; reason: string }> }>(
        `select x.code, ST_IsValidReason(g.geom) reason
         from json_to_recordset(?::json) as x(code text, geometry json)
         cross join lateral (select ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326) geom) g
         where not ST_IsValid(g.geom)
         order by x.code`,
        [JSON.stringify(chunk.map((c) => ({ code: c.code, geometry: c.geometry })))],
      );
      const features = new Map(chunk.map((c) => [c.code, c.features]));
      out.push(
        ...rows.map((r) => ({ code: r.code, features: features.get(r.code) ?? [], reason: r.reason })),
      );
    }
    return out;
  }

  /** Pairs of kelurahan of a set whose overlap is larger than minM2 square metres, largest first. */
  async overlaps(setId: string, minM2: number): Promise<BoundaryOverlap[]> {
    const { rows } = await this.knex.raw<{ rows: BoundaryOverlap[] }>(
      `with k as (
         select b.area_code, b.geom from area_boundaries b join areas a on a.code = b.area_code and a.level = 'kelurahan'
         where b.boundary_set_id = ?::uuid
       )
       select * from (
         select x.area_code a, y.area_code b, round(ST_Area(ST_Intersection(x.geom, y.geom)::geography))::float8 m2
         from k x join k y on x.area_code < y.area_code and x.geom && y.geom and ST_Intersects(x.geom, y.geom)
           and not ST_Touches(x.geom, y.geom)
       ) o where m2 > ? order by m2 desc, a, b`,
      [setId, minM2],
    );
    return rows;
  }
}
