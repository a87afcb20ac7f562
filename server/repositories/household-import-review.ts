// The SQL side of an operator's household file under review (#20 item 1), inside the import's transaction: the
// staged rows that passed every check with the stored households and members they would update (for
// domain/import-proposals.ts to judge), then the households held for a reviewer are taken out of the apply.
import type { Knex } from 'knex';
import type { StoredImportHousehold } from '../domain/import-proposals.ts';
import type { StagedMember } from '../domain/staged-rows.ts';

export interface StagedHousehold {
  kk: string;
  /** The file's rows of this KK, in file order, with their row numbers. */
  rows: Array<StagedMember & { rowNumber: number }>;
  stored: StoredImportHousehold | null;
}

/** Every staged row still to apply, grouped by KK, with what is stored for that KK (the import's own matching). */
export async function stagedHouseholds(
  trx: Knex.Transaction,
  regionCode: string,
  periodCode: string,
): Promise<StagedHousehold[]> {
  const b = [regionCode, periodCode];
  // Named as the staged rows are in TypeScript (domain/staged-rows.ts), so they come back as such.
  const { rows: staged } = await trx.raw<{ rows: StagedHousehold['rows'] }>(
    `select row_number "rowNumber", kk, kelurahan_code "kelurahanCode", address, rt, rw, lat, lon, desil,
            desil_source "desilSource", floor_area::float8 "floorArea", lighting, unfit_house "unfitHouse", nik, name,
            sex, to_char(birth_date, 'YYYY-MM-DD') "birthDate", relation, disabilities
     from import_stage where not rejected order by kk, row_number`,
  );
  // The stored household of a KK is the one apply() updates: the first by id.
  const { rows: households } = await trx.raw<{
    rows: Array<Omit<StoredImportHousehold, 'members'> & { kk: string }>;
  }>(
    `select distinct on (h.kk) h.kk, h.id, h.version, h.kelurahan_code "kelurahanCode", h.address, h.rt, h.rw, h.desil,
            h.desil_source "desilSource", h.floor_area_m2::float8 "floorArea", h.lighting, h.unfit_house "unfitHouse",
            ST_Y(h.geom) lat, ST_X(h.geom) lon
     from households h join (select distinct kk from import_stage where not rejected) s on s.kk = h.kk
     where h.region_code = ? and h.period_code = ? order by h.kk, h.id`,
    b,
  );
  const { rows: members } = await trx.raw<{
    rows: Array<StoredImportHousehold['members'][number] & { household_id: string }>;
  }>(
    `select m.household_id, m.nik, m.name, m.sex, to_char(m.birth_date, 'YYYY-MM-DD') "birthDate", m.relation,
            m.nik_valid "nikValid",
            coalesce((select string_agg(d.disability_type || ':' || d.severity, '|'
                                        order by d.disability_type || ':' || d.severity collate "C")
                      from member_disabilities d
                      where d.region_code = m.region_code and d.period_code = m.period_code and d.member_id = m.id), '')
              disabilities
     from members m where m.region_code = ? and m.period_code = ? and m.household_id = any(?::uuid[])`,
    [...b, households.map((h) => h.id)],
  );
  const byHousehold = new Map<string, StoredImportHousehold['members']>();
  for (const { household_id, ...m } of members) {
    const list = byHousehold.get(household_id);
    if (list) list.push(m);
    else byHousehold.set(household_id, [m]);
  }
  const stored = new Map(
    households.map(({ kk, ...h }) => [kk, { ...h, members: byHousehold.get(h.id) ?? [] }] as const),
  );
  const out: StagedHousehold[] = [];
  for (const row of staged) {
    const last = out[out.length - 1];
    if (last?.kk === row.kk) last.rows.push(row);
    else out.push({ kk: row.kk, rows: [row], stored: stored.get(row.kk) ?? null });
  }
  return out;
}

/** How many staged rows are still to apply (what judging them would load). */
export async function stagedRowCount(trx: Knex.Transaction): Promise<number> {
  const { rows } = await trx.raw<{ rows: Array<{ n: number }> }>(
    'select count(*)::int n from import_stage where not rejected',
  );
  return rows[0]!.n;
}

/** Takes the rows of these KKs out of the apply: they wait for a reviewer as proposals. */
export async function holdForReview(trx: Knex.Transaction, kks: readonly string[]): Promise<void> {
  if (kks.length === 0) return;
  await trx.raw('update import_stage set rejected = true where kk = any(?) and not rejected', [[...kks]]);
}
