// Areas (km²) of the active boundary set, for densities.
import type { Knex } from 'knex';

export class BoundaryAreasRepository {
  constructor(private readonly knex: Knex) {}

  async activeAreas(regionCode: string): Promise<Map<string, number>> {
    const rows = await this.knex('area_boundaries as b')
      .join('boundary_sets as s', 's.id', 'b.boundary_set_id')
      .join('areas as a', 'a.code', 'b.area_code')
      .where({ 's.region_code': regionCode, 's.active': true, 'a.level': 'kelurahan' })
      .select<Array<{ area_code: string; area_km2: number }>>('b.area_code', 'b.area_km2');
    return new Map(rows.map((r) => [r.area_code, r.area_km2]));
  }
}
