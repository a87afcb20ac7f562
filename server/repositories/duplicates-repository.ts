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
    head: string | null;
    members: number;
    version: number;
  }>;
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

  /**
   * Merges `duplicateId` into `survivorId` if both are at the versions the caller saw. Returns the members
   * moved, or why not.
   */
  async merge(
    regionCode: string,
    periodCode: string,
    duplicateId: string,
    survivorId: string,
    versions: { duplicate: number; survivor: number },
    scope: RowScope,
  ): Promise<{ status: 'ok'; moved: string[] } | { status: 'stale' | 'missing' | 'not-active' }> {
    return this.knex.transaction(async (trx) => {
      const q = trx('households')
        .where({ region_code: regionCode, period_code: periodCode })
        .whereIn('id', [duplicateId, survivorId])
        .forUpdate()
        .select<Array<{ id: string; version: number; status: string; kelurahan_code: string }>>(
          'id',
          'version',
          'status',
          'kelurahan_code',
        );
      if (scope.kelurahan) void q.whereIn('kelurahan_code', [...scope.kelurahan]);
      const rows = await q;
      const dup = rows.find((r) => r.id === duplicateId);
      const survivor = rows.find((r) => r.id === survivorId);
      if (!dup || !survivor) return { status: 'missing' };
      if (dup.version !== versions.duplicate || survivor.version !== versions.survivor)
        return { status: 'stale' };
      if (dup.status !== 'active' || survivor.status !== 'active') return { status: 'not-active' };
      // People only the duplicate had move to the survivor; those in both stay where they were (history).
      const { rows: moved } = await trx.raw<{ rows: Array<{ id: string }> }>(
        `update members m set household_id = ?, version = m.version + 1, updated_at = now()
         where m.region_code = ? and m.period_code = ? and m.household_id = ?
           and (m.nik is null or not exists (select 1 from members s where s.region_code = m.region_code
                and s.period_code = m.period_code and s.household_id = ? and s.nik = m.nik))
         returning m.id`,
        [survivorId, regionCode, periodCode, duplicateId, survivorId],
      );
      await trx('households')
        .where({ region_code: regionCode, period_code: periodCode, id: duplicateId })
        .update({
          status: 'merged',
          merged_into: survivorId,
          left_on: trx.raw('current_date'),
          version: dup.version + 1,
          updated_at: trx.fn.now(),
        });
      await trx('households')
        .where({ region_code: regionCode, period_code: periodCode, id: survivorId })
        .update({ version: survivor.version + 1, updated_at: trx.fn.now() });
      return { status: 'ok', moved: moved.map((m) => m.id) };
    });
  }

  /** Records a household's verification (verified or rejected) with who and when, under its version. */
  async verify(
    regionCode: string,
    periodCode: string,
    id: string,
    version: number,
    status: 'verified' | 'rejected',
    userId: string,
    scope: RowScope,
  ): Promise<{ status: 'ok'; before: string } | { status: 'stale' | 'missing' }> {
    return this.knex.transaction(async (trx) => {
      const q = trx('households')
        .where({ region_code: regionCode, period_code: periodCode, id })
        .forUpdate()
        .first<{ version: number; verification_status: string } | undefined>(
          'version',
          'verification_status',
        );
      if (scope.kelurahan) void q.whereIn('kelurahan_code', [...scope.kelurahan]);
      const before = await q;
      if (!before) return { status: 'missing' };
      if (before.version !== version) return { status: 'stale' };
      await trx('households')
        .where({ region_code: regionCode, period_code: periodCode, id })
        .update({
          verification_status: status,
          verified_on: trx.raw('current_date'),
          verified_by: userId,
          version: version + 1,
          updated_at: trx.fn.now(),
        });
      return { status: 'ok', before: before.verification_status };
    });
  }
}
