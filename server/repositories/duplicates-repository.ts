// Duplicate records and their resolution. Two households of a period are duplicates when an active member's
// NIK appears in both, or when they carry the same KK. A merge keeps the surviving record, moves the people only
// the duplicate had into it, and leaves the duplicate as a 'merged' record pointing at the survivor — nothing
// is deleted, both histories stay, and the duplicate drops out of every count.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';

export interface DuplicateGroup {
  reason: 'nik' | 'kk';
  key: string;
  households: Array<{
    id: string;
    kk: string;
    kelurahan_code: string;
    kelurahan: string;
    head: string | null;
    members: number;
    version: number;
  }>;
}

export interface LockedHousehold {
  id: string;
  version: number;
  status: string;
  verification_status: string;
}

export class DuplicatesRepository {
  constructor(private readonly knex: Knex) {}

  async list(
    regionCode: string,
    periodCode: string,
    scope: RowScope,
    limit: number,
  ): Promise<DuplicateGroup[]> {
    const kel = scope.kelurahan ? [...scope.kelurahan] : null;
    const { rows } = await this.knex.raw<{ rows: Array<DuplicateGroup> }>(
      `with active as (
         select h.* from households h
         where h.region_code = :r and h.period_code = :p and h.status = 'active'
       ), groups as (
         select 'nik' reason, m.nik key, array_agg(distinct m.household_id) ids
         from members m join active h on h.id = m.household_id
         where m.region_code = :r and m.period_code = :p and m.status = 'active' and m.nik is not null
         group by m.nik having count(distinct m.household_id) > 1
         union all
         select 'kk', kk, array_agg(id) from active group by kk having count(*) > 1
       )
       select g.reason, g.key,
              json_agg(json_build_object('id', h.id, 'kk', h.kk, 'kelurahan_code', h.kelurahan_code, 'version', h.version,
                'kelurahan', (select a.name from areas a where a.code = h.kelurahan_code),
                'head', (select m.name from members m where m.region_code = h.region_code and m.period_code = h.period_code
                         and m.household_id = h.id and m.relation = 'kepala_keluarga' limit 1),
                'members', (select count(*) from members m where m.region_code = h.region_code and m.period_code = h.period_code
                            and m.household_id = h.id and m.status = 'active')) order by h.id) households
       from groups g join active h on h.id = any(g.ids)
       group by g.reason, g.key
       having (:kel::text[] is null or bool_or(h.kelurahan_code = any(:kel::text[])))
       order by g.reason, g.key limit :limit`,
      { r: regionCode, p: periodCode, kel, limit },
    );
    return rows;
  }

  /** Households locked for a change (call inside a transaction); those out of scope are left out. */
  async lock(regionCode: string, periodCode: string, ids: readonly string[], scope: RowScope) {
    const q = this.knex('households')
      .where({ region_code: regionCode, period_code: periodCode })
      .whereIn('id', [...ids])
      .forUpdate()
      .select<Array<LockedHousehold>>('id', 'version', 'status', 'verification_status');
    if (scope.kelurahan) void q.whereIn('kelurahan_code', [...scope.kelurahan]);
    return q;
  }

  /**
   * Merges `duplicate` into `survivor` (both locked, at the versions the caller saw): the people only the
   * duplicate had move over, the duplicate becomes a merged record. Returns the ids of the members moved.
   */
  async merge(
    regionCode: string,
    periodCode: string,
    duplicate: LockedHousehold,
    survivor: LockedHousehold,
  ): Promise<string[]> {
    // People in both stay where they were (history); matched by NIK.
    const { rows: moved } = await this.knex.raw<{ rows: Array<{ id: string }> }>(
      `update members m set household_id = ?, version = m.version + 1, updated_at = now()
       where m.region_code = ? and m.period_code = ? and m.household_id = ?
         and (m.nik is null or not exists (select 1 from members s where s.region_code = m.region_code
              and s.period_code = m.period_code and s.household_id = ? and s.nik = m.nik))
       returning m.id`,
      [survivor.id, regionCode, periodCode, duplicate.id, survivor.id],
    );
    await this.knex('households')
      .where({ region_code: regionCode, period_code: periodCode, id: duplicate.id })
      .update({
        status: 'merged',
        merged_into: survivor.id,
        left_on: this.knex.raw('current_date'),
        version: duplicate.version + 1,
        updated_at: this.knex.fn.now(),
      });
    await this.knex('households')
      .where({ region_code: regionCode, period_code: periodCode, id: survivor.id })
      .update({ version: survivor.version + 1, updated_at: this.knex.fn.now() });
    return moved.map((m) => m.id);
  }

  /** Records a household's verification (verified or rejected) with who and today, under its next version. */
  async verify(
    regionCode: string,
    periodCode: string,
    household: LockedHousehold,
    status: 'verified' | 'rejected',
    userId: string | null,
  ): Promise<void> {
    await this.knex('households')
      .where({ region_code: regionCode, period_code: periodCode, id: household.id })
      .update({
        verification_status: status,
        verified_on: this.knex.raw('current_date'),
        verified_by: userId,
        version: household.version + 1,
        updated_at: this.knex.fn.now(),
      });
  }
}
