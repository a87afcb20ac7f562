// Writing areas and boundary sets. A new set is loaded inactive and switched on in one transaction, so the
// map never sees half a set and households keep their kelurahan codes across sets.
import type { Knex } from 'knex';

export interface AreaInput {
  code: string;
  regionCode: string;
  level: 'kecamatan' | 'kelurahan';
  parentCode: string | null;
  name: string;
  population?: number | null;
  families?: number | null;
}

export interface BoundaryInput {
  areaCode: string;
  /** GeoJSON Polygon or MultiPolygon in EPSG:4326. */
  geometry: unknown;
}

/** A stored boundary set as listed. */
export interface BoundarySetRow {
  id: string;
  label: string;
  source: string;
  active: boolean;
  imported_at: Date;
  activated_at: Date | null;
  has_report: boolean;
  kelurahan: number;
}

export class BoundariesRepository {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  async upsertRegion(regionCode: string, name: string): Promise<void> {
    await this.knex('regions')
      .insert({ region_code: regionCode, name })
      .onConflict('region_code')
      .merge(['name']);
  }

  async upsertAreas(areas: AreaInput[]): Promise<void> {
    if (areas.length === 0) return;
    const rows = areas.map((a) => ({
      code: a.code,
      region_code: a.regionCode,
      level: a.level,
      parent_code: a.parentCode,
      name: a.name,
      population: a.population ?? null,
      families: a.families ?? null,
    }));
    // Kecamatan first: kelurahan reference them.
    rows.sort((x, y) => (x.level === y.level ? 0 : x.level === 'kecamatan' ? -1 : 1));
    await this.knex('areas')
      .insert(rows)
      .onConflict('code')
      .merge(['name', 'parent_code', 'population', 'families']);
  }

  async createSet(regionCode: string, label: string, source: string): Promise<string> {
    const [row] = await this.knex('boundary_sets')
      .insert({ region_code: regionCode, label, source })
      .returning<Array<{ id: string }>>('id');
    return row!.id;
  }

  /** Stores geometries (made valid, forced to MultiPolygon) with their spheroidal area, computed once here. */
  async insertBoundaries(setId: string, boundaries: BoundaryInput[]): Promise<void> {
    for (let i = 0; i < boundaries.length; i += 200) {
      const chunk = boundaries.slice(i, i + 200);
      await this.knex.raw(
        `insert into area_boundaries (boundary_set_id, area_code, geom, area_km2)
         select ?::uuid, x.code, g.geom, ST_Area(g.geom::geography) / 1e6
         from json_to_recordset(?::json) as x(code text, geometry json)
         cross join lateral (
           select ST_Multi(ST_CollectionExtract(ST_MakeValid(
             ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326)), 3))::geometry(MultiPolygon, 4326) as geom
         ) g`,
        [setId, JSON.stringify(chunk.map((b) => ({ code: b.areaCode, geometry: b.geometry })))],
      );
    }
  }

  /** Kelurahan of a region with their kecamatan names: what imported features are matched against. */
  async kelurahanReference(
    regionCode: string,
  ): Promise<Array<{ code: string; name: string; kecamatanCode: string; kecamatanName: string }>> {
    return this.knex('areas as a')
      .join('areas as k', 'k.code', 'a.parent_code')
      .where({ 'a.region_code': regionCode, 'a.level': 'kelurahan' })
      .orderBy('a.code')
      .select<Array<{ code: string; name: string; kecamatanCode: string; kecamatanName: string }>>(
        'a.code',
        'a.name',
        'k.code as kecamatanCode',
        'k.name as kecamatanName',
      );
  }

  /** The region's kelurahan codes: what an imported row's kelurahan must be one of. */
  async kelurahanCodes(regionCode: string): Promise<string[]> {
    return this.knex('areas').where({ region_code: regionCode, level: 'kelurahan' }).pluck('code');
  }

  /** Kecamatan polygons of a set as the union of its kelurahan (so a set is always complete and consistent). */
  async deriveKecamatan(setId: string): Promise<number> {
    const { rowCount } = await this.knex.raw<{ rowCount: number }>(
      `insert into area_boundaries (boundary_set_id, area_code, geom, area_km2)
       select ?::uuid, k.parent_code, k.geom, ST_Area(k.geom::geography) / 1e6
       from (
         select a.parent_code,
                ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(b.geom)), 3))::geometry(MultiPolygon, 4326) as geom
         from area_boundaries b join areas a on a.code = b.area_code and a.level = 'kelurahan'
         where b.boundary_set_id = ?::uuid
         group by a.parent_code
       ) k`,
      [setId, setId],
    );
    return rowCount;
  }

  async saveMatchReport(setId: string, report: unknown): Promise<void> {
    await this.knex('boundary_sets')
      .where({ id: setId })
      .update({ match_report: JSON.stringify(report) });
  }

  /** A set's kelurahan geometries with their kecamatan: the input of the map's simplified coverage. */
  async kelurahanGeometries(
    setId: string,
  ): Promise<Array<{ code: string; kecamatanCode: string; geometry: string }>> {
    const { rows } = await this.knex.raw<{
      rows: Array<{ code: string; kecamatanCode: string; geometry: string }>;
    }>(
      `select b.area_code as code, a.parent_code as "kecamatanCode", ST_AsGeoJSON(b.geom, 7) as geometry
       from area_boundaries b join areas a on a.code = b.area_code and a.level = 'kelurahan'
       where b.boundary_set_id = ?::uuid order by b.area_code`,
      [setId],
    );
    return rows;
  }

  /** Stores the map's simplified geometry of each area of a set (kelurahan and kecamatan alike). */
  async saveSimplified(setId: string, geometries: Array<{ code: string; geometry: unknown }>): Promise<void> {
    await this.knex.raw(
      `update area_boundaries b
       set geom_simplified = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geometry::text), 4326))
       from json_to_recordset(?::json) as x(code text, geometry json)
       where b.boundary_set_id = ?::uuid and b.area_code = x.code`,
      [JSON.stringify(geometries), setId],
    );
  }

  /** Sets whose map geometry has not been simplified yet (created before simplification was stored). */
  async setsWithoutSimplified(): Promise<string[]> {
    const rows = await this.knex('area_boundaries')
      .whereNull('geom_simplified')
      .distinct<Array<{ boundary_set_id: string }>>('boundary_set_id');
    return rows.map((r) => r.boundary_set_id);
  }

  /** Switches the region's map to `setId`; returns the set that was active before (null for the first). */
  async activate(regionCode: string, setId: string): Promise<string | null> {
    const before = await this.knex('boundary_sets')
      .where({ region_code: regionCode, active: true })
      .update({ active: false })
      .returning<Array<{ id: string }>>('id');
    await this.knex('boundary_sets')
      .where({ id: setId })
      .update({ active: true, activated_at: this.knex.fn.now() });
    return before[0]?.id ?? null;
  }

  /** The region's boundary sets, newest first, with how many kelurahan each has a polygon for. */
  async listSets(regionCode: string): Promise<BoundarySetRow[]> {
    const { rows } = await this.knex.raw<{ rows: BoundarySetRow[] }>(
      `select s.id, s.label, s.source, s.active, s.imported_at, s.activated_at,
              s.match_report is not null as has_report,
              (select count(*)::int from area_boundaries b where b.boundary_set_id = s.id and length(b.area_code) = 13)
                as kelurahan
       from boundary_sets s where s.region_code = ? order by s.imported_at desc, s.id`,
      [regionCode],
    );
    return rows;
  }

  /** One set of the region with its stored match report; `lock` holds it for a switch in this transaction. */
  async findSet(
    regionCode: string,
    id: string,
    lock = false,
  ): Promise<(BoundarySetRow & { match_report: unknown }) | undefined> {
    const { rows } = await this.knex.raw<{ rows: Array<BoundarySetRow & { match_report: unknown }> }>(
      `select s.id, s.label, s.source, s.active, s.imported_at, s.activated_at, s.match_report,
              s.match_report is not null as has_report,
              (select count(*)::int from area_boundaries b where b.boundary_set_id = s.id and length(b.area_code) = 13)
                as kelurahan
       from boundary_sets s where s.region_code = ? and s.id = ?::uuid${lock ? ' for update' : ''}`,
      [regionCode, id],
    );
    return rows[0];
  }
}
