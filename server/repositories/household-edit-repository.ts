// Writes to one household record with optimistic locking: an update names the version it was based on and
// changes nothing if that is no longer current. Returns the fields that changed (before, after) for the audit
// log, which is the record's history. Finalized periods refuse writes in the database itself. The writes run on
// a repository bound to the caller's transaction (db.transaction), so the audit row the service writes next
// commits or rolls back with them; they refuse to run on the pool, where a row lock would not hold.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';
import { checkNik, type Sex } from '../domain/nik.ts';
import { ACTIVE_BOUNDARIES_SQL, locationCase } from './location-check-sql.ts';

export interface MemberPatch {
  name?: string;
  birthDate?: string;
  relation?: string;
  disabilities?: Array<{ type: string; severity: string }>;
}
/** The member fields a correction may change, as the patch and the table name them. */
const MEMBER_FIELDS = { name: 'name', birthDate: 'birth_date', relation: 'relation' } as const;

export interface HouseholdPatch {
  desil?: number | null;
  address?: string | null;
  rt?: number | null;
  rw?: number | null;
  unfit_house?: boolean | null;
  floor_area_m2?: number | null;
  lighting?: string | null;
  desil_source?: string | null;
  floor_type?: string | null;
  wall_type?: string | null;
  roof_type?: string | null;
  toilet?: string | null;
  water_source?: string | null;
  cooking_fuel?: string | null;
  ownership?: string | null;
  /** Both or neither: longitude and latitude in degrees. */
  point?: { lon: number; lat: number } | null;
}

/** Thrown inside the transaction so that a point outside every kelurahan is never stored. */
export class LocationOutsideError extends Error {
  override name = 'LocationOutsideError';
}

export type EditResult<T> =
  | { status: 'ok'; version: number; changes: Record<string, [unknown, unknown]>; extra?: T }
  | { status: 'stale'; current: Record<string, unknown> }
  | { status: 'missing' };

export interface NewMember {
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
  relation: string;
  disabilities: Array<{ type: string; severity: string }>;
}

export interface NewHousehold {
  kk: string;
  kelurahanCode: string;
  address: string | null;
  rt: number | null;
  rw: number | null;
  desil: number | null;
  point: { lon: number; lat: number } | null;
  members: NewMember[];
}

export type CreateResult =
  | { status: 'ok'; id: string; locationCheck: string }
  | { status: 'kk-exists'; id: string }
  | { status: 'nik-exists'; nik: string; householdId: string };

export type AddMemberResult =
  | { status: 'ok'; id: string }
  | { status: 'stale' }
  | { status: 'missing' }
  | { status: 'nik-exists'; householdId: string };

export interface HistoryRow {
  at: string;
  username: string | null;
  action: string;
  entity: string;
  changes: unknown;
  period_code: string | null;
  entity_ids: string[];
}

const FIELDS = [
  'desil',
  'address',
  'rt',
  'rw',
  'unfit_house',
  'floor_area_m2',
  'lighting',
  'desil_source',
  'floor_type',
  'wall_type',
  'roof_type',
  'toilet',
  'water_source',
  'cooking_fuel',
  'ownership',
] as const;

/**
 * Sets one household's location check from its point and the active boundaries; a point outside every
 * kelurahan throws (inside the caller's transaction, so it is never stored).
 */
async function classifyLocation(
  trx: Knex,
  regionCode: string,
  periodCode: string,
  id: string,
): Promise<string> {
  const { rows } = await trx.raw<{ rows: Array<{ result: string }> }>(
    `with active as (${ACTIVE_BOUNDARIES_SQL})
     update households h set location_check = c.result
     from (select ${locationCase('h2.geom', 'own.geom')} as result from households h2
           left join active own on own.area_code = h2.kelurahan_code
           where h2.region_code = ? and h2.period_code = ? and h2.id = ?) c
     where h.region_code = ? and h.period_code = ? and h.id = ? returning c.result`,
    [regionCode, regionCode, periodCode, id, regionCode, periodCode, id],
  );
  if (rows[0]!.result === 'outside')
    throw new LocationOutsideError('The location lies outside every kelurahan of the region.');
  return rows[0]!.result;
}

export class HouseholdEditRepository {
  constructor(private readonly knex: Knex) {}

  /** The transaction this repository is bound to (row locks and all-or-nothing writes need one). */
  private get trx(): Knex {
    if (!this.knex.isTransaction)
      throw new Error('household writes run inside db.transaction, with their audit row');
    return this.knex;
  }

  /** The household row as it stands, locked for the rest of the transaction; undefined if out of scope. */
  private async current(regionCode: string, periodCode: string, id: string, scope: RowScope) {
    const trx = this.trx;
    const q = trx('households')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .forUpdate()
      .first<Record<string, unknown> | undefined>(
        ...FIELDS,
        'version',
        'status',
        'kelurahan_code',
        'location_check',
        trx.raw('ST_X(geom) as lon'),
        trx.raw('ST_Y(geom) as lat'),
      );
    if (scope.kelurahan) void q.whereIn('kelurahan_code', [...scope.kelurahan]);
    return q;
  }

  private async bumpVersion(regionCode: string, periodCode: string, id: string, version: number) {
    await this.trx('households')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .update({ version: version + 1, updated_at: this.trx.fn.now() });
  }

  async update(
    regionCode: string,
    periodCode: string,
    id: string,
    version: number,
    patch: HouseholdPatch,
    scope: RowScope,
  ): Promise<EditResult<{ locationCheck: string }>> {
    const trx = this.trx;
    const before = await this.current(regionCode, periodCode, id, scope);
    if (!before) return { status: 'missing' };
    if (before.version !== version) return { status: 'stale', current: before };
    const changes: Record<string, [unknown, unknown]> = {};
    const set: Record<string, unknown> = {};
    for (const f of FIELDS) {
      if (patch[f] === undefined) continue;
      const was = f === 'floor_area_m2' && before[f] !== null ? Number(before[f]) : before[f];
      if (was !== patch[f]) {
        changes[f] = [was, patch[f]];
        set[f] = patch[f];
      }
    }
    if (patch.point !== undefined) {
      const was = before.lon === null ? null : { lon: before.lon, lat: before.lat };
      const now = patch.point;
      if (JSON.stringify(was) !== JSON.stringify(now)) {
        changes.location = [was, now];
        set.geom = now ? trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [now.lon, now.lat]) : null;
      }
    }
    if (Object.keys(changes).length === 0) return { status: 'ok', version, changes };
    await trx('households')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .update({ ...set, version: version + 1, updated_at: trx.fn.now() });
    const locationCheck = await classifyLocation(trx, regionCode, periodCode, id);
    return { status: 'ok', version: version + 1, changes, extra: { locationCheck } };
  }

  /** A household leaves the current counts with a reason; it stays in the period as a record. */
  async leave(
    regionCode: string,
    periodCode: string,
    id: string,
    version: number,
    leave: { reason: string; on: string; note: string | null },
    scope: RowScope,
  ): Promise<EditResult<never>> {
    const trx = this.trx;
    const before = await this.current(regionCode, periodCode, id, scope);
    if (!before) return { status: 'missing' };
    if (before.version !== version) return { status: 'stale', current: before };
    await trx('households')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .update({
        status: leave.reason,
        left_on: leave.on,
        leave_note: leave.note,
        version: version + 1,
        updated_at: trx.fn.now(),
      });
    return {
      status: 'ok',
      version: version + 1,
      changes: { status: [before.status, leave.reason], left_on: [null, leave.on] },
    };
  }

  /** Corrects one member's name, birth date, relation and/or disabilities under the household's version. */
  async updateMember(
    regionCode: string,
    periodCode: string,
    householdId: string,
    memberId: string,
    version: number,
    patch: MemberPatch,
    scope: RowScope,
  ): Promise<EditResult<never>> {
    const trx = this.trx;
    const household = await this.current(regionCode, periodCode, householdId, scope);
    if (!household) return { status: 'missing' };
    if (household.version !== version) return { status: 'stale', current: household };
    const key = { region_code: regionCode, period_code: periodCode };
    const member = await trx('members')
      .where({ ...key, id: memberId, household_id: householdId })
      .first<Record<string, string> | undefined>('relation', 'name', 'birth_date', 'nik', 'sex');
    if (!member) return { status: 'missing' };
    const changes: Record<string, [unknown, unknown]> = {};
    const row: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(MEMBER_FIELDS)) {
      const after = patch[field as keyof typeof MEMBER_FIELDS];
      if (after === undefined || after === member[column]) continue;
      changes[column] = [member[column], after];
      row[column] = after;
    }
    // The NIK carries the birth date: a corrected date may make it consistent (or not) again.
    if (row.birth_date !== undefined && member.nik)
      row.nik_valid = checkNik(member.nik, patch.birthDate!, member.sex as Sex).ok;
    if (Object.keys(row).length)
      await trx('members')
        .where({ ...key, id: memberId })
        .update({ ...row, updated_at: trx.fn.now() });
    if (patch.disabilities !== undefined) {
      const old = await trx('member_disabilities')
        .where({ ...key, member_id: memberId })
        .orderBy('disability_type')
        .select<Array<{ disability_type: string; severity: string }>>('disability_type', 'severity');
      const was = old.map((d) => ({ type: d.disability_type, severity: d.severity }));
      const now = [...patch.disabilities].sort((a, b) => a.type.localeCompare(b.type));
      if (JSON.stringify(was) !== JSON.stringify(now)) {
        changes.disabilities = [was, now];
        await trx('member_disabilities')
          .where({ ...key, member_id: memberId })
          .delete();
        if (now.length)
          await trx('member_disabilities').insert(
            now.map((d) => ({ ...key, member_id: memberId, disability_type: d.type, severity: d.severity })),
          );
      }
    }
    if (Object.keys(changes).length === 0) return { status: 'ok', version, changes };
    await this.bumpVersion(regionCode, periodCode, householdId, version);
    return { status: 'ok', version: version + 1, changes };
  }

  /** Creates a household with its members, refusing a KK or NIK already registered in the period. */
  async create(regionCode: string, periodCode: string, h: NewHousehold): Promise<CreateResult> {
    const trx = this.trx;
    const existing = await trx('households')
      .where({ region_code: regionCode, period_code: periodCode, kk: h.kk })
      .first<{ id: string } | undefined>('id');
    if (existing) return { status: 'kk-exists', id: existing.id };
    const taken = await trx('members')
      .where({ region_code: regionCode, period_code: periodCode, status: 'active' })
      .whereIn(
        'nik',
        h.members.map((m) => m.nik),
      )
      .first<{ nik: string; household_id: string } | undefined>('nik', 'household_id');
    if (taken) return { status: 'nik-exists', nik: taken.nik, householdId: taken.household_id };
    const [row] = await trx('households')
      .insert({
        region_code: regionCode,
        period_code: periodCode,
        id: trx.raw('gen_random_uuid()'),
        kk: h.kk,
        kelurahan_code: h.kelurahanCode,
        address: h.address,
        rt: h.rt,
        rw: h.rw,
        desil: h.desil,
        record_source: 'ENTRI_KELURAHAN',
        geom: h.point ? trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [h.point.lon, h.point.lat]) : null,
      })
      .returning<Array<{ id: string }>>('id');
    const id = row!.id;
    for (const m of h.members) await this.insertMember(regionCode, periodCode, id, m);
    return { status: 'ok', id, locationCheck: await classifyLocation(trx, regionCode, periodCode, id) };
  }

  /** Adds a member to a household under its version, refusing a NIK already registered in the period. */
  async addMember(
    regionCode: string,
    periodCode: string,
    householdId: string,
    version: number,
    m: NewMember,
    scope: RowScope,
  ): Promise<AddMemberResult> {
    const trx = this.trx;
    const q = trx('households')
      .where({ region_code: regionCode, period_code: periodCode, id: householdId })
      .forUpdate()
      .first<{ version: number } | undefined>('version');
    if (scope.kelurahan) void q.whereIn('kelurahan_code', [...scope.kelurahan]);
    const h = await q;
    if (!h) return { status: 'missing' };
    if (h.version !== version) return { status: 'stale' };
    const taken = await trx('members')
      .where({ region_code: regionCode, period_code: periodCode, nik: m.nik, status: 'active' })
      .first<{ household_id: string } | undefined>('household_id');
    if (taken) return { status: 'nik-exists', householdId: taken.household_id };
    const memberId = await this.insertMember(regionCode, periodCode, householdId, m);
    await this.bumpVersion(regionCode, periodCode, householdId, version);
    return { status: 'ok', id: memberId };
  }

  /** Inserts one validated member with their disabilities; returns the new member id. */
  private async insertMember(
    regionCode: string,
    periodCode: string,
    householdId: string,
    m: NewMember,
  ): Promise<string> {
    const trx = this.trx;
    const [row] = await trx('members')
      .insert({
        region_code: regionCode,
        period_code: periodCode,
        id: trx.raw('gen_random_uuid()'),
        household_id: householdId,
        nik: m.nik,
        nik_valid: true,
        name: m.name,
        sex: m.sex,
        birth_date: m.birthDate,
        relation: m.relation,
      })
      .returning<Array<{ id: string }>>('id');
    if (m.disabilities.length)
      await trx('member_disabilities').insert(
        m.disabilities.map((d) => ({
          region_code: regionCode,
          period_code: periodCode,
          member_id: row!.id,
          disability_type: d.type,
          severity: d.severity,
        })),
      );
    return row!.id;
  }

  /** The record's history: its entries in the audit log (writes only), oldest first. */
  async history(regionCode: string, id: string): Promise<HistoryRow[]> {
    return this.knex('audit_log')
      .where({ region_code: regionCode })
      .whereIn('action', ['create', 'update', 'leave', 'merge', 'import', 'approve', 'reject'])
      .whereRaw('entity_ids @> ?::text[]', [[id]])
      .orderBy('id')
      .select('at', 'username', 'action', 'entity', 'changes', 'period_code', 'entity_ids');
  }
}
