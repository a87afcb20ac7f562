// Areas and their boundaries from the active boundary set. GeoJSON is assembled in PostgreSQL: one text value
// per request, properties whitelisted in the SQL.
import type { Knex } from 'knex';

export type AreaLevel = 'kecamatan' | 'kelurahan';

export interface AreaQuery {
  regionCode: string;
  level: AreaLevel;
  /** The map's copy (simplified once per set along shared edges) instead of the stored geometry. */
  simplified: boolean;
  /** The layer name GIS clients show (GeoJSON `name`); default `sidaksos_<level>`. */
  layerName?: string;
  /** Only kelurahan of this kecamatan. */
  kecamatanCode?: string;
}

/** The layer-level note of a region whose registry is the synthetic demo (SQL string literal). */
const SYNTHETIC_NOTE = `'Demo data: the boundaries are official, the registry''s people and households are synthetic (not real people).'`;

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
}

export class RegionsRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * FeatureCollection text of the areas of the region's active boundary set. `simplified` serves the map's
   * copy, simplified once per set along shared edges; otherwise the stored geometry. Every geometry is a
   * MultiPolygon. What is official and what is synthetic is said on every feature and on the layer, because
   * GIS clients such as QGIS show feature attributes and layer metadata, not a web page's banner.
   */
  async featureCollection(q: AreaQuery): Promise<string> {
    const { rows } = await this.knex.raw<{ rows: Array<{ fc: string }> }>(
      `select json_build_object(
         'type', 'FeatureCollection',
         'name', ?::text,
         'description', concat_ws(' ', min(s.label) || ': ' || min(s.source),
            case when bool_or(r.synthetic_registry) then ${SYNTHETIC_NOTE} end),
         'synthetic_people', coalesce(bool_or(r.synthetic_registry), false),
         'boundary_set', min(s.label),
         'features', coalesce(json_agg(json_build_object(
            'type', 'Feature',
            'id', a.code,
            'properties', json_build_object(
               'code', a.code, 'name', a.name, 'level', a.level,
               'kecamatan_code', a.parent_code, 'kecamatan', p.name,
               'area_km2', round(b.area_km2::numeric, 3),
               'boundary_source', s.label,
               'synthetic_people', r.synthetic_registry),
            'geometry', ST_AsGeoJSON(
               case when ?::boolean then coalesce(b.geom_simplified, b.geom) else b.geom end, 6)::json
         ) order by a.code), '[]'::json)
       )::text as fc
       from boundary_sets s
       join regions r on r.region_code = s.region_code
       join area_boundaries b on b.boundary_set_id = s.id
       join areas a on a.code = b.area_code
       left join areas p on p.code = a.parent_code
       where s.region_code = ? and s.active and a.level = ?
         and (?::text is null or a.parent_code = ?::text)`,
      [
        q.layerName ?? `sidaksos_${q.level}`,
        q.simplified,
        q.regionCode,
        q.level,
        q.kecamatanCode ?? null,
        q.kecamatanCode ?? null,
      ],
    );
    return rows[0]!.fc;
  }

  async area(code: string): Promise<AreaRow | undefined> {
    return this.knex<AreaRow>('areas')
      .where({ code })
      .first<AreaRow | undefined>('code', 'name', 'level', 'parent_code');
  }

  /** Which of `codes` are kelurahan of the region. */
  async kelurahanCodes(regionCode: string, codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    return this.knex('areas')
      .where({ region_code: regionCode, level: 'kelurahan' })
      .whereIn('code', [...codes])
      .pluck('code');
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

  async activeSetLabel(regionCode: string): Promise<string | undefined> {
    const row = await this.knex('boundary_sets')
      .where({ region_code: regionCode, active: true })
      .first<{ label: string } | undefined>('label');
    return row?.label;
  }

  async hasActiveBoundaries(regionCode: string): Promise<boolean> {
    const row = await this.knex('boundary_sets')
      .where({ region_code: regionCode, active: true })
      .first<{ id: string } | undefined>('id');
    return row !== undefined;
  }
}
