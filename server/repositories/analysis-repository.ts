// Reads for the targeting tools: where the eligible-but-unenrolled households are, candidate sites, and what a
// changed rule would do. Nothing here writes. Coordinates for distance work are projected to the UTM zone of
// the region (metres), so the site recommender measures radii in plain Euclidean metres.
import type { Knex } from 'knex';
import { compileRule } from '../domain/rule-compiler.ts';
import type { SearchHit } from './households-repository.ts';
import type { ProgramRow } from './programs-repository.ts';

export interface ProjectedPoint {
  x: number;
  y: number;
  lon: number;
  lat: number;
}

export interface CandidateSite extends ProjectedPoint {
  kelurahanCode: string | null;
  label: string | null;
}

export type CandidateSource =
  | { kind: 'grid'; spacing: number }
  | { kind: 'kelurahan' }
  | { kind: 'points'; points: Array<{ lon: number; lat: number; label?: string }> };

export interface WhatIfRow {
  kelurahan_code: string;
  current: number;
  proposed: number;
  gained: number;
  lost: number;
  lost_enrolled: number;
}

/** The WGS 84 / UTM zone SRID that holds a longitude and latitude (EPSG:326xx north, 327xx south). */
export function utmSrid(lon: number, lat: number): number {
  const zone = Math.min(60, Math.floor((lon + 180) / 6) + 1);
  return (lat < 0 ? 32700 : 32600) + zone;
}

/**
 * CTEs ending in `gap`: the projected points of located, active households of the period that the program's
 * rule makes eligible and that are not enrolled in it. Compiled rules read the materialised member_features.
 */
function gapCte(regionCode: string, periodCode: string, program: ProgramRow, srid: number) {
  const rule = compileRule(program.eligibility_rule);
  return {
    sql: `member_features as materialized (
            select * from member_features where region_code = ? and period_code = ?
          ), gap as (
            select ST_Transform(h.geom, ?::int) p
            from household_features f
            join households h on h.region_code = f.region_code and h.period_code = f.period_code and h.id = f.id
            where f.region_code = ? and f.period_code = ? and f.status = 'active' and h.geom is not null
              and coalesce((${rule.sql}), false)
              and not exists (select 1 from enrolments en where en.region_code = f.region_code
                              and en.period_code = f.period_code and en.household_id = f.id and en.program_code = ?)
          )`,
    params: [
      regionCode,
      periodCode,
      srid,
      regionCode,
      periodCode,
      ...(rule.params as Knex.RawBinding[]),
      program.program_code,
    ] as Knex.RawBinding[],
  };
}

export class AnalysisRepository {
  constructor(private readonly knex: Knex) {}

  /** The SRID for metric work in this region: the UTM zone of its active boundaries' centre. */
  async metricSrid(regionCode: string): Promise<number> {
    const { rows } = await this.knex.raw<{ rows: Array<{ lon: number | null; lat: number | null }> }>(
      `select ST_X(c) lon, ST_Y(c) lat from (
         select ST_Centroid(ST_Extent(b.geom)::geometry) c from boundary_sets s
         join area_boundaries b on b.boundary_set_id = s.id where s.region_code = ? and s.active) x`,
      [regionCode],
    );
    const { lon, lat } = rows[0] ?? { lon: null, lat: null };
    if (lon === null || lat === null) throw new Error(`Region ${regionCode} has no active boundaries.`);
    return utmSrid(lon, lat);
  }

  /**
   * Located, active households of the period that the program's rule makes eligible and that are not
   * enrolled in it: the demand the recommender covers. Only coordinates leave this method.
   */
  async gapPoints(
    regionCode: string,
    periodCode: string,
    program: ProgramRow,
    srid: number,
  ): Promise<Array<{ x: number; y: number }>> {
    const gap = gapCte(regionCode, periodCode, program, srid);
    const { rows } = await this.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
      `with ${gap.sql} select ST_X(p) x, ST_Y(p) y from gap`,
      gap.params,
    );
    return rows;
  }

  /** Candidate sites with projected and geographic coordinates and the kelurahan that holds each. */
  async candidates(
    regionCode: string,
    periodCode: string,
    source: CandidateSource,
    srid: number,
    program: ProgramRow,
    /** At most this many rows come back (the caller refuses when the limit is reached). */
    limit: number,
  ) {
    const located = (inner: string) =>
      `with c as (${inner})
       select ST_X(c.p) x, ST_Y(c.p) y, ST_X(ST_Transform(c.p, 4326)) lon, ST_Y(ST_Transform(c.p, 4326)) lat,
              k.area_code as "kelurahanCode", coalesce(c.label, a.name) as label
       from c
       left join lateral (
         select b.area_code from boundary_sets s join area_boundaries b on b.boundary_set_id = s.id
         join areas ka on ka.code = b.area_code and ka.level = 'kelurahan'
         where s.region_code = ? and s.active and ST_Intersects(b.geom, ST_Transform(c.p, 4326)) limit 1
       ) k on true
       left join areas a on a.code = k.area_code
       order by c.ord, ST_X(c.p), ST_Y(c.p)
       limit ${Math.trunc(limit)}`;
    if (source.kind === 'kelurahan') {
      const { rows } = await this.knex.raw<{ rows: CandidateSite[] }>(
        located(`select ST_Transform(ST_PointOnSurface(b.geom), ?::int) p, null::text label, b.area_code ord
                 from boundary_sets s join area_boundaries b on b.boundary_set_id = s.id
                 join areas a on a.code = b.area_code and a.level = 'kelurahan'
                 where s.region_code = ? and s.active`),
        [srid, regionCode, regionCode],
      );
      return rows;
    }
    if (source.kind === 'points') {
      const { rows } = await this.knex.raw<{ rows: CandidateSite[] }>(
        located(`select ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), ?::int) p, label, ord
                 from unnest(?::float8[], ?::float8[], ?::text[]) with ordinality as t(lon, lat, label, ord)`),
        [
          srid,
          source.points.map((p) => p.lon),
          source.points.map((p) => p.lat),
          source.points.map((p) => p.label ?? null),
          regionCode,
        ] as Knex.RawBinding[],
      );
      return rows;
    }
    // Grid: the centres of the grid cells that hold at least one gap household, so no site is proposed in a
    // field or the sea. Spacing is the caller's (the route uses the radius).
    const gap = gapCte(regionCode, periodCode, program, srid);
    const d = source.spacing;
    const { rows } = await this.knex.raw<{ rows: CandidateSite[] }>(
      located(`with ${gap.sql}
               select ST_SetSRID(ST_MakePoint((i + 0.5) * ?, (j + 0.5) * ?), ?::int) p, null::text label, i * 1e7 + j ord
               from (select floor(ST_X(p) / ?) i, floor(ST_Y(p) / ?) j from gap) cells group by i, j`),
      [...gap.params, d, d, srid, d, d, regionCode],
    );
    return rows;
  }

  /**
   * Households eligible under the stored rule and under a proposed one, per kelurahan, with those gained, lost,
   * and lost among the currently enrolled (the people a stricter rule would drop). Read-only by construction.
   */
  async whatIf(
    regionCode: string,
    periodCode: string,
    program: ProgramRow,
    proposedRule: unknown,
  ): Promise<WhatIfRow[]> {
    const current = compileRule(program.eligibility_rule);
    const proposed = compileRule(proposedRule);
    const { rows } = await this.knex.raw<{ rows: WhatIfRow[] }>(
      `with member_features as materialized (
         select * from member_features where region_code = ? and period_code = ?
       ), e as (
         select f.kelurahan_code,
                coalesce((${current.sql}), false) as cur,
                coalesce((${proposed.sql}), false) as pro,
                exists (select 1 from enrolments en where en.region_code = f.region_code and en.period_code = f.period_code
                        and en.household_id = f.id and en.program_code = ?) as enrolled
         from household_features f
         where f.region_code = ? and f.period_code = ? and f.status = 'active'
       )
       select a.code as kelurahan_code,
              count(*) filter (where e.cur)::int as current,
              count(*) filter (where e.pro)::int as proposed,
              count(*) filter (where e.pro and not e.cur)::int as gained,
              count(*) filter (where e.cur and not e.pro)::int as lost,
              count(*) filter (where e.cur and not e.pro and e.enrolled)::int as lost_enrolled
       from areas a left join e on e.kelurahan_code = a.code
       where a.region_code = ? and a.level = 'kelurahan'
       group by a.code order by a.code`,
      [
        regionCode,
        periodCode,
        ...(current.params as Knex.RawBinding[]),
        ...(proposed.params as Knex.RawBinding[]),
        program.program_code,
        regionCode,
        periodCode,
        regionCode,
      ],
    );
    return rows;
  }

  /**
   * The people behind a coverage gap: eligible, not enrolled households of one kelurahan or kecamatan, for the
   * agency that must reach them. Person-level: the route masks identifiers and audits the export.
   */
  async targets(q: {
    regionCode: string;
    periodCode: string;
    program: ProgramRow;
    /** A kelurahan or kecamatan code, or the region's own code for the whole city. */
    areaCode: string;
    limit: number;
    /** Rows to skip (paging); the list's order is stable, so pages do not overlap. */
    offset?: number;
    /** 'priority': lowest desil first, then larger households; 'area': kelurahan, RW, RT, address. */
    sort?: TargetSort;
  }): Promise<TargetRow[]> {
    const rule = compileRule(q.program.eligibility_rule);
    const { rows } = await this.knex.raw<{ rows: TargetRow[] }>(
      `with member_features as materialized (
         select mf.* from member_features mf join households h2 on h2.region_code = mf.region_code
           and h2.period_code = mf.period_code and h2.id = mf.household_id
         where mf.region_code = ? and mf.period_code = ? and (h2.kelurahan_code = ? or h2.kelurahan_code like ? || '.%')
       )
       select h.id, h.kk, h.kelurahan_code, a.name as kelurahan, h.rt, h.rw, h.address, h.desil, f.members,
              (select m.name from members m where m.region_code = h.region_code and m.period_code = h.period_code
                 and m.household_id = h.id and m.relation = 'kepala_keluarga' limit 1) as head,
              (count(*) over ())::int as total
       from household_features f
       join households h on h.region_code = f.region_code and h.period_code = f.period_code and h.id = f.id
       join areas a on a.code = h.kelurahan_code
       where f.region_code = ? and f.period_code = ? and f.status = 'active' and (f.kelurahan_code = ? or f.kelurahan_code like ? || '.%')
         and coalesce((${rule.sql}), false)
         and not exists (select 1 from enrolments en where en.region_code = f.region_code
                         and en.period_code = f.period_code and en.household_id = f.id and en.program_code = ?)
       order by ${TARGET_ORDER[q.sort ?? 'area']}
       limit ? offset ?`,
      [
        q.regionCode,
        q.periodCode,
        q.areaCode,
        q.areaCode,
        q.regionCode,
        q.periodCode,
        q.areaCode,
        q.areaCode,
        ...(rule.params as Knex.RawBinding[]),
        q.program.program_code,
        q.limit,
        q.offset ?? 0,
      ],
    );
    return rows;
  }
}

/** A target list row: the household's base fields, its head and member count (as a search hit). */
export type TargetRow = SearchHit;

export type TargetSort = 'priority' | 'area';
/** Fixed SQL per sort key (never text from the request); each ends in the id, so paging is stable. */
const AREA_ORDER = 'h.kelurahan_code, h.rw nulls last, h.rt nulls last, h.address, h.id';
const TARGET_ORDER: Record<TargetSort, string> = {
  area: AREA_ORDER,
  priority: `h.desil asc nulls last, f.members desc, ${AREA_ORDER}`,
};
