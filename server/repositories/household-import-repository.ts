// The SQL side of a households import, all inside the import's one transaction: rows are COPYed into a
// temporary staging table, checked across rows and against the registry there, then applied as set
// operations that touch only what differs (so importing the same file twice changes nothing). A failure
// anywhere rolls the transaction back and the staging table disappears with it.
import type { Knex } from 'knex';
import type pg from 'pg';
import type { StagedMember } from '../domain/staged-rows.ts';
import { ACTIVE_BOUNDARIES_SQL, locationCase, NEAR_METRES } from './location-check-sql.ts';
import { copyInto, copyLine } from './registry-load-repository.ts';
import { analyzeTables } from '../db/maintenance.ts';
import type { RejectRow } from './import-jobs-repository.ts';
import { structureChecks, type StructureOptions } from './household-structure-checks.ts';

const STAGE_COLUMNS = [
  'row_number',
  'kk',
  'kelurahan_code',
  'address',
  'rt',
  'rw',
  'lat',
  'lon',
  'desil',
  'desil_source',
  'floor_area',
  'lighting',
  'unfit_house',
  'nik',
  'name',
  'sex',
  'birth_date',
  'relation',
  'disabilities',
] as const;

export function stageLine(rowNumber: number, m: StagedMember): string {
  return copyLine([
    rowNumber,
    m.kk,
    m.kelurahanCode,
    m.address,
    m.rt,
    m.rw,
    m.lat,
    m.lon,
    m.desil,
    m.desilSource,
    m.floorArea,
    m.lighting,
    m.unfitHouse,
    m.nik,
    m.name,
    m.sex,
    m.birthDate,
    m.relation,
    m.disabilities,
  ]);
}

const mask = (col: string) => `left(${col}, 4) || '••••••••' || right(${col}, 4)`;

export interface ApplyCounts {
  householdsInserted: number;
  householdsUpdated: number;
  membersInserted: number;
  membersUpdated: number;
  disabilitiesChanged: number;
  rowsStored: number;
  rowsUnchanged: number;
}

export class HouseholdImportRepository {
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly regionCode: string,
    private readonly periodCode: string,
  ) {}

  private async client(): Promise<pg.PoolClient> {
    return (
      this.trx as unknown as { client: { acquireConnection(): Promise<pg.PoolClient> } }
    ).client.acquireConnection();
  }

  // floor_area is rounded as households.floor_area_m2 stores it (decimal 7,1): compared unrounded, 40.05 from a
  // file would differ from the 40.1 stored on every import of the same file.
  async createStage(): Promise<void> {
    await this.trx.raw(`create temp table import_stage (
      row_number int not null, kk text not null, kelurahan_code text not null, address text, rt int, rw int,
      lat float8, lon float8, desil int, desil_source text, floor_area numeric(7, 1), lighting text, unfit_house boolean,
      nik text not null, name text not null, sex text not null, birth_date date not null, relation text not null,
      disabilities text not null, household_id uuid, member_id uuid,
      rejected boolean not null default false, changed boolean not null default false
    ) on commit drop`);
  }

  /**
   * Drops the import's temporary tables before the transaction ends: approving several proposed households of a
   * file stages and applies each in turn within one transaction (services/proposal-review-service.ts).
   */
  async dropStage(): Promise<void> {
    await this.trx.raw(`drop table if exists import_stage, import_points, import_result, import_households,
      changed_households, import_members, changed_members, changed_disabilities`);
  }

  /** The households the last apply() wrote or matched (an approved import proposal's one household). */
  async appliedHouseholdIds(): Promise<string[]> {
    const { rows } = await this.trx.raw<{ rows: Array<{ id: string }> }>('select id from import_households');
    return rows.map((r) => r.id);
  }

  async stage(lines: string[]): Promise<void> {
    await copyInto(await this.client(), 'import_stage', STAGE_COLUMNS, lines);
  }

  /** Checks across rows and against the registry; marks and returns the rejected rows and warnings. */
  async crossChecks(
    scope?: readonly string[],
    structure: StructureOptions = {},
    opts: { analyze?: boolean } = {},
  ): Promise<RejectRow[]> {
    // No indexes on the staging table: every check below is one hash join or sort over all staged rows.
    await this.trx.raw('analyze import_stage');
    // Fresh statistics on the registry too: after a bulk load they may still say "empty", and a plan built on
    // that (a sequential scan per staged row) turns seconds into minutes. Not for one approved household's few
    // rows (the registry's statistics are not at stake, and analysing it per approval would cost more than it).
    if (opts.analyze !== false) await analyzeTables(this.trx, ['households', 'members']);
    const out: RejectRow[] = [];
    const reject = async (sql: string, bindings: unknown[] = []) => {
      const { rows } = await this.trx.raw<{ rows: RejectRow[] }>(sql, bindings as Knex.RawBinding[]);
      out.push(...rows);
    };
    // A NIK twice in the file: the first row wins. The NIKs held twice are found by hashing first, so that only
    // their rows are sorted (a window over all 500,000 staged rows sorted them all: 1 s).
    await reject(`with twice as (select nik from import_stage where not rejected group by nik having count(*) > 1),
           d as (select s.row_number, min(s.row_number) over (partition by s.nik) first_row
                 from import_stage s join twice t on t.nik = s.nik where not s.rejected)
      update import_stage s set rejected = true from d
      where d.row_number = s.row_number and d.first_row <> s.row_number
      returning s.row_number, 'nik' column_name, s.nik value, 'NIK also on row ' || d.first_row reason, 'error' severity`);
    // One KK, one kelurahan: rows that put the KK elsewhere than its first row are refused.
    await reject(`with split as (select kk from import_stage where not rejected group by kk having count(distinct kelurahan_code) > 1),
           f as (select distinct on (s.kk) s.kk, s.kelurahan_code, s.row_number from import_stage s join split using (kk)
                 where not s.rejected order by s.kk, s.row_number)
      update import_stage s set rejected = true from f
      where f.kk = s.kk and f.kelurahan_code <> s.kelurahan_code and not s.rejected
      returning s.row_number, 'kode_kelurahan' column_name, s.kelurahan_code value,
        'KK ' || ${mask('s.kk')} || ' is in kelurahan ' || f.kelurahan_code || ' on row ' || f.row_number reason, 'error' severity`);
    // A NIK already registered in another KK this period is a duplicate to resolve, not to import twice.
    await reject(
      `update import_stage s set rejected = true
       from members m join households h on h.region_code = m.region_code and h.period_code = m.period_code and h.id = m.household_id
       where m.region_code = ? and m.period_code = ? and m.nik = s.nik and h.kk <> s.kk and not s.rejected
       returning s.row_number, 'nik' column_name, s.nik value,
         'NIK already registered in KK ' || ${mask('h.kk')} || ' (kelurahan ' || h.kelurahan_code || ') in this period' reason,
         'error' severity`,
      [this.regionCode, this.periodCode],
    );
    // Operators: a KK registered in a kelurahan outside their scope cannot be moved into theirs by a file.
    if (scope)
      await reject(
        `update import_stage s set rejected = true from households h
         where h.region_code = ? and h.period_code = ? and h.kk = s.kk and not (h.kelurahan_code = any(?)) and not s.rejected
         returning s.row_number, 'no_kk' column_name, ${mask('s.kk')} value,
           'KK is registered in kelurahan ' || h.kelurahan_code || ', outside your kelurahan' reason, 'error' severity`,
        [this.regionCode, this.periodCode, [...scope]],
      );
    // What the file would change about stored households: moves, heads, structure (refusals or warnings).
    out.push(...(await structureChecks(this.trx, this.regionCode, this.periodCode, structure)));
    // Coordinates: outside every kelurahan (beyond the tolerance) is refused; inside another kelurahan than
    // the declared one is a warning that names it.
    await this.trx.raw(
      `create temp table import_points on commit drop as
       with active as (${ACTIVE_BOUNDARIES_SQL}), pts as (
         select distinct on (kk) kk, kelurahan_code, row_number,
                case when lat is null then null else ST_SetSRID(ST_MakePoint(lon, lat), 4326) end as p
         from import_stage where not rejected order by kk, row_number
       )
       select i.kk, i.row_number, i.p, ${locationCase('i.p', 'own.geom')} as result
       from pts i left join active own on own.area_code = i.kelurahan_code`,
      [this.regionCode],
    );
    const { rows: located } = await this.trx.raw<{
      rows: Array<{
        kk: string;
        row_number: number;
        result: string;
        found: string | null;
        found_name: string | null;
        metres: number | null;
      }>;
    }>(
      `with active as (${ACTIVE_BOUNDARIES_SQL})
       select i.kk, i.row_number, i.result, o.area_code found, a.name found_name,
              case when i.result = 'outside' then round(ST_Distance(n.geom::geography, i.p::geography)) end metres
       from import_points i
       left join lateral (select o.area_code from active o join areas ka on ka.code = o.area_code and ka.level = 'kelurahan'
                          where i.result = 'other_kelurahan' and ST_Intersects(o.geom, i.p) limit 1) o on true
       left join areas a on a.code = o.area_code
       left join lateral (select geom from active where i.result = 'outside' order by geom <-> i.p limit 1) n on true
       where i.result in ('other_kelurahan', 'outside')`,
      [this.regionCode],
    );
    const outside = located.filter((l) => l.result === 'outside');
    if (outside.length > 0) {
      const { rows } = await this.trx.raw<{ rows: Array<RejectRow & { kk: string }> }>(
        `update import_stage s set rejected = true where kk = any(?) and not rejected
         returning s.row_number, 'lintang' column_name, s.lat || ', ' || s.lon value, s.kk, '' reason, 'error' severity`,
        [outside.map((o) => o.kk)],
      );
      const by = new Map(outside.map((o) => [o.kk, o]));
      for (const r of rows) {
        const o = by.get(r.kk)!;
        out.push({
          row_number: r.row_number,
          column_name: 'lintang',
          value: r.value,
          reason: `coordinates fall in no kelurahan of the region (${o.metres ?? '?'} m from the nearest, tolerance ${NEAR_METRES} m); check lintang/bujur`,
          severity: 'error',
        });
      }
    }
    for (const o of located.filter((l) => l.result === 'other_kelurahan'))
      out.push({
        row_number: o.row_number,
        column_name: 'kode_kelurahan',
        value: null,
        reason: `coordinates lie in kelurahan ${o.found_name ?? '?'} (${o.found ?? '?'}), not in the declared kelurahan; stored, flagged for checking`,
        severity: 'warning',
      });
    return out;
  }

  /** Applies the staged rows: households and members upserted by KK and NIK, disabilities replaced when different. */
  async apply(fault?: 'after-households'): Promise<ApplyCounts> {
    const b = [this.regionCode, this.periodCode];
    // One row per KK (its first row's household fields), matched to the stored household of that KK.
    const matched = await this.trx.raw<{ rowCount: number }>(
      `create temp table import_households on commit drop as
       select f.*, coalesce(h.id, gen_random_uuid()) id, h.id is not null existing, coalesce(p.result, 'missing') location_check
       from (select distinct on (kk) kk, kelurahan_code, address, rt, rw, desil, desil_source, floor_area, lighting, unfit_house,
                    case when lat is null then null else ST_SetSRID(ST_MakePoint(lon, lat), 4326) end as geom
             from import_stage where not rejected order by kk, row_number) f
       left join (select distinct on (kk) kk, id from households where region_code = ? and period_code = ? order by kk, id) h
         on h.kk = f.kk
       left join import_points p on p.kk = f.kk`,
      b,
    );
    await this.trx.raw('create temp table changed_households (id uuid primary key) on commit drop');
    // Empty cells never erase stored values: coalesce(file, stored). Only households that differ are touched.
    const updated = await this.trx.raw<{ rowCount: number }>(
      `with n as (
         select i.id, i.kelurahan_code, coalesce(i.address, h.address) address, coalesce(i.rt, h.rt) rt, coalesce(i.rw, h.rw) rw,
                coalesce(i.desil, h.desil) desil, coalesce(i.desil_source, h.desil_source) desil_source,
                coalesce(i.floor_area, h.floor_area_m2) floor_area, coalesce(i.lighting, h.lighting) lighting,
                coalesce(i.unfit_house, h.unfit_house) unfit_house, coalesce(i.geom, h.geom) geom,
                case when i.geom is null then h.location_check else i.location_check end location_check
         from import_households i join households h on h.region_code = ? and h.period_code = ? and h.id = i.id
         where i.existing
       ), upd as (
         update households h set kelurahan_code = n.kelurahan_code, address = n.address, rt = n.rt, rw = n.rw, desil = n.desil,
                desil_source = n.desil_source, floor_area_m2 = n.floor_area, lighting = n.lighting, unfit_house = n.unfit_house,
                geom = n.geom, location_check = n.location_check, version = h.version + 1, updated_at = now()
         from n where h.region_code = ? and h.period_code = ? and h.id = n.id
           and ((h.kelurahan_code, h.address, h.rt, h.rw, h.desil, h.desil_source, h.floor_area_m2, h.lighting, h.unfit_house)
                is distinct from
                (n.kelurahan_code, n.address, n.rt, n.rw, n.desil, n.desil_source, n.floor_area, n.lighting, n.unfit_house)
                or ST_AsBinary(h.geom) is distinct from ST_AsBinary(n.geom))
         returning h.id
       )
       insert into changed_households select id from upd`,
      [...b, ...b],
    );
    const inserted = await this.trx.raw<{ rowCount: number }>(
      `insert into households (region_code, period_code, id, kk, kelurahan_code, address, rt, rw, geom, location_check, desil,
                               desil_source, record_source, floor_area_m2, lighting, unfit_house)
       select ?, ?, id, kk, kelurahan_code, address, rt, rw, geom, location_check, desil, desil_source, 'IMPOR', floor_area,
              lighting, unfit_house
       from import_households where not existing`,
      b,
    );
    if (fault === 'after-households') throw new Error('injected failure after the households were written');
    // Foreign-key checks on the member insert plan against these statistics (see crossChecks).
    if (inserted.rowCount > 1000) await analyzeTables(this.trx, ['households']);

    // One row per staged member with its household and, if stored already, its member id (matched by NIK).
    await this.trx.raw(
      `create temp table import_members on commit drop as
       select s.row_number, s.nik, s.name, s.sex, s.birth_date, s.relation, s.disabilities, i.id household_id,
              coalesce(m.id, gen_random_uuid()) member_id, m.id is not null existing
       from import_stage s join import_households i on i.kk = s.kk
       left join members m on m.region_code = ? and m.period_code = ? and m.household_id = i.id and m.nik = s.nik
       where not s.rejected`,
      b,
    );
    await this.trx.raw('create temp table changed_members (id uuid primary key) on commit drop');
    const membersUpdated = await this.trx.raw<{ rowCount: number }>(
      `with upd as (
         update members m set name = s.name, sex = s.sex, birth_date = s.birth_date, relation = s.relation, nik_valid = true,
                version = m.version + 1, updated_at = now()
         from import_members s
         where m.region_code = ? and m.period_code = ? and m.id = s.member_id and s.existing
           and (m.name, m.sex, m.birth_date, m.relation, m.nik_valid) is distinct from (s.name, s.sex, s.birth_date, s.relation, true)
         returning m.id
       )
       insert into changed_members select id from upd`,
      b,
    );
    const membersInserted = await this.trx.raw<{ rowCount: number }>(
      `insert into members (region_code, period_code, id, household_id, nik, nik_valid, name, sex, birth_date, relation)
       select ?, ?, member_id, household_id, nik, true, name, sex, birth_date, relation from import_members where not existing`,
      b,
    );
    if (membersInserted.rowCount > 1000) await analyzeTables(this.trx, ['members']);

    // Disabilities: replace a member's set only when it differs (compared in C collation, as sorted in JS).
    await this.trx.raw(
      `create temp table changed_disabilities on commit drop as
       with cur as (
         select d.member_id, string_agg(d.disability_type || ':' || d.severity, '|'
                                        order by d.disability_type || ':' || d.severity collate "C") d
         from member_disabilities d join import_members s on s.member_id = d.member_id and s.existing
         where d.region_code = ? and d.period_code = ? group by d.member_id
       )
       select s.member_id, s.disabilities from import_members s left join cur on cur.member_id = s.member_id
       where coalesce(cur.d, '') <> s.disabilities`,
      b,
    );
    await this.trx.raw(
      `delete from member_disabilities d using changed_disabilities c
       where d.region_code = ? and d.period_code = ? and d.member_id = c.member_id`,
      b,
    );
    await this.trx.raw(
      `insert into member_disabilities (region_code, period_code, member_id, disability_type, severity)
       select ?, ?, c.member_id, split_part(pair, ':', 1), split_part(pair, ':', 2)
       from changed_disabilities c cross join unnest(string_to_array(c.disabilities, '|')) pair
       where c.disabilities <> ''`,
      b,
    );
    // A member's change is a change of the household record (as for a direct member edit): its version moves, so
    // an offline visit or a proposal made on the version before sees it. Only stored households can have one (a
    // first load of the city has none, and is spared the join).
    if (matched.rowCount > inserted.rowCount)
      await this.trx.raw(
        `update households h set version = h.version + 1, updated_at = now()
         where h.region_code = ? and h.period_code = ? and h.id in (
           select s.household_id from import_members s join import_households i on i.id = s.household_id
           where i.existing and (not s.existing or s.member_id in (select id from changed_members)
                                 or s.member_id in (select member_id from changed_disabilities)))
           and h.id not in (select id from changed_households)`,
        b,
      );
    const { rows } = await this.trx.raw<{
      rows: Array<{ stored: number; unchanged: number; disabilities: number }>;
    }>(
      `select count(*)::int stored,
              count(*) filter (where s.existing and i.existing and ch.id is null and cm.id is null and cd.member_id is null)::int unchanged,
              (select count(*)::int from changed_disabilities) disabilities
       from import_members s
       join import_households i on i.id = s.household_id
       left join changed_households ch on ch.id = s.household_id
       left join changed_members cm on cm.id = s.member_id
       left join changed_disabilities cd on cd.member_id = s.member_id`,
    );
    return {
      householdsInserted: inserted.rowCount,
      householdsUpdated: updated.rowCount,
      membersInserted: membersInserted.rowCount,
      membersUpdated: membersUpdated.rowCount,
      disabilitiesChanged: rows[0]!.disabilities,
      rowsStored: rows[0]!.stored,
      rowsUnchanged: rows[0]!.unchanged,
    };
  }
}
