// Areas and their boundaries from the active boundary set. GeoJSON is assembled in PostgreSQL: one text value
// per request, properties whitelisted in the SQL.
import type { Knex } from 'knex';

export type AreaLevel = 'kecamatan' | 'kelurahan';

export interface AreaQuery {
  regionCode: string;
  level: AreaLevel;
  /** Douglas–Peucker tolerance in degrees; 0 keeps the stored geometry. */
  simplify: number;
  /** Only kelurahan of this kecamatan. */
  kecamatanCode?: string;
}

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
}

export class RegionsRepository {
  constructor(private readonly knex: Knex) {}

  /** FeatureCollection text of the areas of the region's active boundary set. */
  async featureCollection(q: AreaQuery): Promise<string> {
    const { rows } = await this.knex.raw<{ rows: Array<{ fc: string }> }>(
      `select json_build_object(
         'type', 'FeatureCollection',
         'synthetic', coalesce(bool_or(s.synthetic), false),
         'boundary_set', min(s.label),
         'features', coalesce(json_agg(json_build_object(
            'type', 'Feature',
            'id', a.code,
            'properties', json_build_object(
               'code', a.code, 'name', a.name, 'level', a.level,
               'kecamatan_code', a.parent_code, 'kecamatan', p.name,
               'area_km2', round(b.area_km2::numeric, 3)),
            'geometry', ST_AsGeoJSON(
               case when ?::float8 > 0 then ST_SimplifyPreserveTopology(b.geom, ?::float8) else b.geom end, 6)::json
         ) order by a.code), '[]'::json)
       )::text as fc
       from boundary_sets s
       join area_boundaries b on b.boundary_set_id = s.id
       join areas a on a.code = b.area_code
       left join areas p on p.code = a.parent_code
       where s.region_code = ? and s.active and a.level = ?
         and (?::text is null or a.parent_code = ?::text)`,
      [q.simplify, q.simplify, q.regionCode, q.level, q.kecamatanCode ?? null, q.kecamatanCode ?? null],
    );
    return rows[0]!.fc;
  }

  async area(code: string): Promise<AreaRow | undefined> {
    return this.knex<AreaRow>('areas')
      .where({ code })
      .first<AreaRow | undefined>('code', 'name', 'level', 'parent_code');
  }

  async areaList(regionCode: string): Promise<AreaRow[]> {
    return this.knex('areas')
      .where({ region_code: regionCode })
      .orderBy('code')
      .select<AreaRow[]>('code', 'name', 'level', 'parent_code');
  }

  async regionName(regionCode: string): Promise<string> {
    const row = await this.knex('regions')
      .where({ region_code: regionCode })
      .first<{ name: string } | undefined>('name');
    return row?.name ?? regionCode;
  }

  async hasActiveBoundaries(regionCode: string): Promise<boolean> {
    const row = await this.knex('boundary_sets')
      .where({ region_code: regionCode, active: true })
      .first<{ id: string } | undefined>('id');
    return row !== undefined;
  }
}
