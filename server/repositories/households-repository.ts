// Person-level reads of households and members. Every method takes the caller's RowScope and applies it in
// SQL, so a route that forgot to check access still cannot return another kelurahan's rows.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';

/** The household fields every person-level read returns (KK still unmasked here: routes mask it). */
export interface HouseholdBase {
  id: string;
  kk: string;
  kelurahan_code: string;
  kelurahan: string;
  rt: number | null;
  rw: number | null;
  address: string | null;
  desil: number | null;
  status: string;
}

/** The columns behind HouseholdBase (households as h, joined to areas as a). */
const BASE_COLUMNS = [
  'h.id',
  'h.kk',
  'h.kelurahan_code',
  'a.name as kelurahan',
  'h.rt',
  'h.rw',
  'h.address',
  'h.desil',
  'h.status',
] as const;

export interface HouseholdRecord extends HouseholdBase {
  period_code: string;
  verification_status: string;
  verified_on: string | null;
  location_check: string;
  unfit_house: boolean | null;
  version: number;
  desil_source: string | null;
  floor_area_m2: string | null;
  lighting: string | null;
  floor_type: string | null;
  wall_type: string | null;
  roof_type: string | null;
  toilet: string | null;
  water_source: string | null;
  cooking_fuel: string | null;
  ownership: string | null;
  /** The house's point (WGS 84), null when it has none. */
  lon: number | null;
  lat: number | null;
}

export interface SearchHit extends HouseholdBase {
  head: string | null;
  members: number;
  /** How many households the search matched in all, before the limit (the same on every row). */
  total: number;
}

/** Narrowing a search to one kelurahan and/or one RW (within the caller's scope, never beyond it). */
export interface SearchFilter {
  kelurahan?: string;
  rw?: number;
}

export interface MemberRecord {
  id: string;
  nik: string | null;
  nik_valid: boolean;
  name: string;
  sex: string;
  birth_date: string;
  relation: string;
  status: string;
  disabilities: Array<{ type: string; severity: string }>;
}

function applyScope(q: Knex.QueryBuilder, scope: RowScope): Knex.QueryBuilder {
  if (scope.kelurahan) void q.whereIn('h.kelurahan_code', [...scope.kelurahan]);
  return q;
}

export class HouseholdsRepository {
  constructor(private readonly knex: Knex) {}

  /** The latest period of a region (any status), for reads that name no period. */
  /** The region's kelurahan codes: a household form or an import row must name one of them. */
  async kelurahanCodes(regionCode: string): Promise<string[]> {
    return this.knex('areas').where({ region_code: regionCode, level: 'kelurahan' }).pluck<string[]>('code');
  }

  async find(
    regionCode: string,
    periodCode: string,
    id: string,
    scope: RowScope,
  ): Promise<HouseholdRecord | undefined> {
    const q = this.knex('households as h')
      .join('areas as a', 'a.code', 'h.kelurahan_code')
      .where({ 'h.region_code': regionCode, 'h.period_code': periodCode, 'h.id': id });
    return applyScope(q, scope).first<HouseholdRecord | undefined>(
      ...BASE_COLUMNS,
      'h.period_code',
      'h.verification_status',
      'h.verified_on',
      'h.location_check',
      'h.unfit_house',
      'h.version',
      'h.desil_source',
      'h.floor_area_m2',
      'h.lighting',
      'h.floor_type',
      'h.wall_type',
      'h.roof_type',
      'h.toilet',
      'h.water_source',
      'h.cooking_fuel',
      'h.ownership',
      this.knex.raw('ST_X(h.geom) as lon'),
      this.knex.raw('ST_Y(h.geom) as lat'),
    );
  }

  /** The id of the household drawn as map point `mapId` (the z16 tiles' feature id), if the scope holds it. */
  async idOfMapPoint(
    regionCode: string,
    periodCode: string,
    mapId: number,
    scope: RowScope,
  ): Promise<string | undefined> {
    const q = this.knex('households as h').where({
      'h.region_code': regionCode,
      'h.period_code': periodCode,
      'h.map_id': mapId,
    });
    const row = await applyScope(q, scope).first<{ id: string } | undefined>('h.id');
    return row?.id;
  }

  /**
   * Search-first lookup (no browse-all list): an exact 16-digit KK or NIK, or at least three characters of a
   * member's name or the address, optionally in one kelurahan and RW. Scoped like every read; at most `limit`
   * households, each row carrying the total matched.
   */
  async search(
    regionCode: string,
    periodCode: string,
    q: string,
    scope: RowScope,
    limit: number,
    filter: SearchFilter = {},
  ): Promise<SearchHit[]> {
    const digits = /^[0-9]{16}$/.test(q);
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const query = this.knex('households as h')
      .join('areas as a', 'a.code', 'h.kelurahan_code')
      .where({ 'h.region_code': regionCode, 'h.period_code': periodCode })
      // The households whose KK or address matches, or that have a member whose NIK or name matches: a union
      // of two id lists, so that each side can use its index (trigram for names and addresses).
      .whereIn('h.id', (ids) => {
        void ids
          .select('id')
          .from('households')
          .where({ region_code: regionCode, period_code: periodCode })
          .where((w) => (digits ? void w.where('kk', q) : void w.whereILike('address', like)))
          .union((members) => {
            void members
              .select('household_id')
              .from('members')
              .where({ region_code: regionCode, period_code: periodCode })
              .where((w) => (digits ? void w.where('nik', q) : void w.whereILike('name', like)));
          });
      })
      .orderBy('h.kelurahan_code')
      .orderBy('h.id')
      .limit(limit);
    if (filter.kelurahan) void query.where('h.kelurahan_code', filter.kelurahan);
    if (filter.rw !== undefined) void query.where('h.rw', filter.rw);
    applyScope(query, scope);
    return query.select<SearchHit[]>(
      ...BASE_COLUMNS,
      this.knex
        .raw(`(select m.name from members m where m.region_code = h.region_code and m.period_code = h.period_code
                      and m.household_id = h.id and m.relation = 'kepala_keluarga' limit 1) as head`),
      this.knex
        .raw(`(select count(*)::int from members m where m.region_code = h.region_code and m.period_code = h.period_code
                      and m.household_id = h.id and m.status = 'active') as members`),
      // Window functions run before LIMIT: the count of every match, in the same scoped query.
      this.knex.raw('(count(*) over ())::int as total'),
    );
  }

  async members(regionCode: string, periodCode: string, householdId: string): Promise<MemberRecord[]> {
    const { rows } = await this.knex.raw<{ rows: MemberRecord[] }>(
      `select m.id, m.nik, m.nik_valid, m.name, m.sex, m.birth_date, m.relation, m.status,
              coalesce(json_agg(json_build_object('type', d.disability_type, 'severity', d.severity))
                       filter (where d.member_id is not null), '[]') as disabilities
       from members m
       left join member_disabilities d on d.region_code = m.region_code and d.period_code = m.period_code and d.member_id = m.id
       where m.region_code = ? and m.period_code = ? and m.household_id = ?
       group by m.id, m.nik, m.nik_valid, m.name, m.sex, m.birth_date, m.relation, m.status
       order by (m.relation = 'kepala_keluarga') desc, m.birth_date`,
      [regionCode, periodCode, householdId],
    );
    return rows;
  }
}
