// How a household's point relates to the active kelurahan boundaries, as one SQL CASE shared by the demo
// loader and imports. Real boundaries have slivers and gaps: a point within NEAR_METRES of its declared
// kelurahan counts as near (not wrong); a point in no polygon at all is 'outside'.

export const NEAR_METRES = 50;

/**
 * A CASE expression over a point expression and the declared kelurahan's geometry expression (null when the
 * kelurahan has no active boundary). Needs a CTE or table named `active` (area_code, geom) of the active set.
 */
export function locationCase(point: string, ownGeom: string): string {
  return `case
    when ${point} is null then 'missing'
    when ST_Intersects(${ownGeom}, ${point}) then 'inside'
    when ST_DWithin(${ownGeom}::geography, ${point}::geography, ${NEAR_METRES}) then 'near'
    when exists (select 1 from active o join areas a on a.code = o.area_code and a.level = 'kelurahan'
                 where ST_Intersects(o.geom, ${point})) then 'other_kelurahan'
    else 'outside'
  end`;
}

/** The `active` CTE body: kelurahan geometries of the region's active boundary set (one bind: region). */
export const ACTIVE_BOUNDARIES_SQL = `select b.area_code, b.geom from area_boundaries b
  join boundary_sets s on s.id = b.boundary_set_id and s.active and s.region_code = ?`;
