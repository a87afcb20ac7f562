// Verivali field work (#20 item 3): which households a selection covers, the assignments of households to field
// verifiers, the visits they record and the progress figures. Identifiers leave here unmasked; the service masks
// them. Every query is bound to a region and period.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';
import { LAST_VISIT, progressSql } from './verivali-sql.ts';
import type {
  VerifierRow,
  SelectedHousehold,
  Selection,
  NewAssignment,
  AssignmentRow,
  HouseholdFieldsRow,
  VisitRow,
  NewVisit,
  ProgressRow,
} from './verivali-rows.ts';

const FIELD_COLUMNS = `h.version, h.kelurahan_code, h.desil, h.address, h.rt, h.rw, h.unfit_house, h.floor_area_m2,
  h.lighting, h.desil_source, h.floor_type, h.wall_type, h.roof_type, h.toilet, h.water_source, h.cooking_fuel,
  h.ownership, st_x(h.geom) as lon, st_y(h.geom) as lat`;

/** A user with its kelurahan scope (a verifier works there); the caller adds where and group by u.id. */
const USER_WITH_KELURAHAN = `select u.id, u.role, u.disabled, u.username, u.display_name,
    coalesce(array_agg(s.scope_code order by s.scope_code)
      filter (where s.scope_type = 'kelurahan'), '{}') as kelurahan
  from users u left join user_scopes s on s.user_id = u.id`;

export class VerivaliRepository {
  constructor(private readonly knex: Knex) {}

  async verifier(regionCode: string, id: string): Promise<VerifierRow | undefined> {
    const { rows } = await this.knex.raw<{ rows: VerifierRow[] }>(
      `${USER_WITH_KELURAHAN} where u.id = :id and u.region_code = :r group by u.id`,
      { id, r: regionCode },
    );
    return rows[0];
  }

  /** The region's active field verifiers with their kelurahan and open assignments in the period, by name. */
  async verifiers(regionCode: string, periodCode: string): Promise<Array<VerifierRow & { open: number }>> {
    const { rows } = await this.knex.raw<{ rows: Array<VerifierRow & { open: number }> }>(
      `select v.*, (select count(*)::int from verification_assignments a
                    where a.region_code = :r and a.period_code = :p and a.verifier_id = v.id
                      and a.status = 'open') as open
       from (${USER_WITH_KELURAHAN}
             where u.region_code = :r and u.role = 'verifier' and not u.disabled group by u.id) v
       order by v.display_name, v.username`,
      { r: regionCode, p: periodCode },
    );
    return rows;
  }

  /** The active households a selection covers, within `scope` (an operator's kelurahan). */
  async select(
    regionCode: string,
    periodCode: string,
    s: Selection,
    scope: RowScope,
    limit: number,
  ): Promise<SelectedHousehold[]> {
    return this.selection(regionCode, periodCode, s, scope)
      .select<SelectedHousehold[]>('h.id', 'h.kelurahan_code')
      .orderBy('h.id')
      .limit(limit);
  }

  /** The active households of a selection in the caller's scope (a query to select from). */
  private selection(regionCode: string, periodCode: string, s: Selection, scope: RowScope) {
    const q = this.knex('households as h').where({
      'h.region_code': regionCode,
      'h.period_code': periodCode,
      'h.status': 'active',
    });
    if (scope.kelurahan) q.whereIn('h.kelurahan_code', scope.kelurahan);
    if (s.ids) q.whereIn('h.id', s.ids);
    if (s.kelurahan) q.where('h.kelurahan_code', s.kelurahan);
    if (s.rw?.length) q.whereIn('h.rw', s.rw);
    if (s.bbox)
      q.whereRaw('h.geom && st_makeenvelope(?, ?, ?, ?, 4326)', [s.bbox[0], s.bbox[1], s.bbox[2], s.bbox[3]]);
    if (s.polygon)
      q.whereRaw('st_intersects(h.geom, st_makevalid(st_setsrid(st_geomfromgeojson(?), 4326)))', [s.polygon]);
    return q;
  }

  /** How many active households a selection covers, and how many of them have an open assignment already. */
  async countSelection(
    regionCode: string,
    periodCode: string,
    s: Selection,
    scope: RowScope,
  ): Promise<{ households: number; assignedOpen: number }> {
    // At most one open assignment per household (verification_assignments_one_open): the join adds no rows.
    const row = (await this.selection(regionCode, periodCode, s, scope)
      .leftJoin('verification_assignments as a', (j) => {
        j.on('a.household_id', 'h.id')
          .andOn('a.region_code', 'h.region_code')
          .andOn('a.period_code', 'h.period_code')
          .andOnVal('a.status', 'open');
      })
      .select(
        this.knex.raw('count(*)::int as households'),
        this.knex.raw('count(a.id)::int as assigned_open'),
      )
      .first()) as { households: number; assigned_open: number };
    return { households: row.households, assignedOpen: row.assigned_open };
  }

  /** An assignment of the region and period with its household's kelurahan and verifier, locked for a change. */
  async assignmentToCancel(
    regionCode: string,
    periodCode: string,
    id: string,
  ): Promise<
    | {
        id: string;
        household_id: string;
        kelurahan_code: string;
        status: string;
        due_date: string;
        verifier: string;
        /** Visits recorded on it (a stale one leaves the assignment open, kept as a conflict). */
        visits: number;
      }
    | undefined
  > {
    return this.knex('verification_assignments as a')
      .join('users as u', 'u.id', 'a.verifier_id')
      .where({ 'a.region_code': regionCode, 'a.period_code': periodCode, 'a.id': id })
      .forUpdate('a')
      .first(
        'a.id',
        'a.household_id',
        'a.kelurahan_code',
        'a.status',
        this.knex.raw(`to_char(a.due_date, 'YYYY-MM-DD') as due_date`),
        'u.username as verifier',
        this.knex.raw(
          '(select count(*)::int from verification_visits v where v.assignment_id = a.id) as visits',
        ),
      );
  }

  /** Takes an open assignment back; the row stays (migration 0023), so a visit sent late still has its place. */
  async cancelAssignment(id: string): Promise<void> {
    await this.knex('verification_assignments').where({ id, status: 'open' }).update({ status: 'cancelled' });
  }

  /**
   * Assigns each household to the verifier; a household already open elsewhere moves to this verifier and due
   * date. Answers the households that were reassigned (the others are new).
   */
  async assign(
    regionCode: string,
    periodCode: string,
    rows: readonly NewAssignment[],
    v: { verifierId: string; assignedBy: string; dueDate: string },
  ): Promise<{ created: number; reassigned: string[] }> {
    if (rows.length === 0) return { created: 0, reassigned: [] };
    const households = JSON.stringify(
      rows.map((x) => ({ household_id: x.householdId, kelurahan_code: x.kelurahanCode })),
    );
    // Moving a household to another verifier takes the open assignment back from the first (kept as cancelled:
    // a visit their phone recorded before it heard of this still has its place) and gives the new one a row of
    // its own. The same verifier's open assignment just takes the new due date.
    const { rows: moved } = await this.knex.raw<{ rows: Array<{ household_id: string }> }>(
      `update verification_assignments a set status = 'cancelled'
       from jsonb_to_recordset(:rows::jsonb) as x(household_id uuid, kelurahan_code text)
       where a.region_code = :r and a.period_code = :p and a.status = 'open' and a.household_id = x.household_id
         and a.verifier_id <> :verifier
       returning a.household_id`,
      { r: regionCode, p: periodCode, verifier: v.verifierId, rows: households },
    );
    const { rows: out } = await this.knex.raw<{ rows: Array<{ household_id: string; inserted: boolean }> }>(
      `insert into verification_assignments
         (region_code, period_code, household_id, kelurahan_code, verifier_id, assigned_by, due_date)
       select :r, :p, x.household_id, x.kelurahan_code, :verifier, :by, :due::date
       from jsonb_to_recordset(:rows::jsonb) as x(household_id uuid, kelurahan_code text)
       on conflict (region_code, period_code, household_id) where status = 'open'
       do update set verifier_id = excluded.verifier_id, assigned_by = excluded.assigned_by,
         due_date = excluded.due_date, assigned_at = now()
       returning household_id, (xmax = 0) as inserted`,
      {
        r: regionCode,
        p: periodCode,
        verifier: v.verifierId,
        by: v.assignedBy,
        due: v.dueDate,
        rows: households,
      },
    );
    const movedIds = new Set(moved.map((m) => m.household_id));
    return {
      created: out.filter((o) => o.inserted && !movedIds.has(o.household_id)).length,
      reassigned: [...movedIds, ...out.filter((o) => !o.inserted).map((o) => o.household_id)],
    };
  }

  /** Assignments with their household (head, address) and latest visit: a verifier's own, or by kelurahan. */
  async assignments(
    regionCode: string,
    periodCode: string,
    filter: {
      verifierId?: string;
      kelurahan?: readonly string[];
      status?: string;
      /** Only those due before this day (the overdue list, with status open). */
      dueBefore?: string;
      limit: number;
    },
  ): Promise<AssignmentRow[]> {
    const { rows } = await this.knex.raw<{ rows: AssignmentRow[] }>(
      `select a.id, a.household_id, a.kelurahan_code, a.verifier_id, u.display_name as verifier,
              to_char(a.due_date, 'YYYY-MM-DD') as due_date, a.status, a.assigned_at,
              h.kk, h.address, h.rt, h.rw, h.version, head.name as head, head.nik as head_nik,
              last.outcome as last_outcome, last.visited_at as last_visited_at
       from verification_assignments a
       join users u on u.id = a.verifier_id
       join households h on h.region_code = a.region_code and h.period_code = a.period_code
         and h.id = a.household_id
       left join lateral (
         select m.name, m.nik from members m
         where m.region_code = h.region_code and m.period_code = h.period_code and m.household_id = h.id
           and m.relation = 'kepala_keluarga' and m.status = 'active'
         order by m.name limit 1
       ) head on true
       ${LAST_VISIT}
       where a.region_code = :r and a.period_code = :p
         and (:verifier::uuid is null or a.verifier_id = :verifier::uuid)
         and (:kels::text[] is null or a.kelurahan_code = any(:kels::text[]))
         and a.status <> 'cancelled' and (:status::text is null or a.status = :status::text)
         and (:due::date is null or a.due_date < :due::date)
       order by a.kelurahan_code, h.rw nulls last, h.rt nulls last, head.name nulls last, a.id
       limit :limit`,
      {
        r: regionCode,
        p: periodCode,
        verifier: filter.verifierId ?? null,
        kels: filter.kelurahan ? [...filter.kelurahan] : null,
        status: filter.status ?? null,
        due: filter.dueBefore ?? null,
        limit: filter.limit,
      },
    );
    return rows;
  }

  /** One assignment, locked for the visit being recorded against it. */
  async assignmentForUpdate(
    regionCode: string,
    id: string,
  ): Promise<
    | {
        id: string;
        period_code: string;
        household_id: string;
        verifier_id: string;
        kelurahan_code: string;
        status: string;
      }
    | undefined
  > {
    return this.knex('verification_assignments')
      .where({ region_code: regionCode, id })
      .forUpdate()
      .first('id', 'period_code', 'household_id', 'verifier_id', 'kelurahan_code', 'status');
  }

  /** The household's form fields as they stand, locked so a visit is judged against what it will sit beside. */
  async householdFields(
    regionCode: string,
    periodCode: string,
    id: string,
  ): Promise<HouseholdFieldsRow | undefined> {
    const { rows } = await this.knex.raw<{ rows: HouseholdFieldsRow[] }>(
      `select ${FIELD_COLUMNS} from households h
       where h.region_code = :r and h.period_code = :p and h.id = :id for update`,
      { r: regionCode, p: periodCode, id },
    );
    return rows[0];
  }

  async householdFieldsMany(
    regionCode: string,
    periodCode: string,
    ids: readonly string[],
  ): Promise<Array<HouseholdFieldsRow & { id: string }>> {
    if (ids.length === 0) return [];
    const { rows } = await this.knex.raw<{ rows: Array<HouseholdFieldsRow & { id: string }> }>(
      `select h.id, ${FIELD_COLUMNS} from households h
       where h.region_code = :r and h.period_code = :p and h.id = any(:ids::uuid[])`,
      { r: regionCode, p: periodCode, ids: [...ids] },
    );
    return rows;
  }

  async visitByClientId(verifierId: string, clientId: string): Promise<VisitRow | undefined> {
    return this.knex('verification_visits')
      .where({ verifier_id: verifierId, client_id: clientId })
      .first<VisitRow | undefined>(
        'id',
        'assignment_id',
        'household_id',
        'period_code',
        'outcome',
        'status',
        'visited_at',
        'recorded_at',
        'proposal_id',
      );
  }

  async insertVisit(v: NewVisit): Promise<VisitRow> {
    const [row] = await this.knex('verification_visits')
      .insert({
        region_code: v.regionCode,
        period_code: v.periodCode,
        assignment_id: v.assignmentId,
        household_id: v.householdId,
        verifier_id: v.verifierId,
        client_id: v.clientId,
        outcome: v.outcome,
        visited_at: v.visitedAt,
        note: v.note,
        changes: v.changes === null ? null : JSON.stringify(v.changes),
        base_version: v.baseVersion,
        current_version: v.currentVersion,
        status: v.status,
        proposal_id: v.proposalId,
      })
      .returning<VisitRow[]>([
        'id',
        'assignment_id',
        'household_id',
        'period_code',
        'outcome',
        'status',
        'visited_at',
        'recorded_at',
        'proposal_id',
      ]);
    return row!;
  }

  /** Kelurahan names with their kecamatan's. */
  async areaNames(
    codes: readonly string[],
  ): Promise<Array<{ code: string; name: string; kecamatan: string | null }>> {
    if (codes.length === 0) return [];
    return this.knex('areas as k')
      .leftJoin('areas as c', 'c.code', 'k.parent_code')
      .whereIn('k.code', codes)
      .select('k.code', 'k.name', 'c.name as kecamatan');
  }

  async markVisited(id: string): Promise<void> {
    await this.knex('verification_assignments').where({ id }).update({ status: 'visited' });
  }

  /** Takes back the household's open assignments (a late visit made them needless); answers how many. */
  async cancelOpenOf(regionCode: string, periodCode: string, householdId: string): Promise<number> {
    return this.knex('verification_assignments')
      .where({ region_code: regionCode, period_code: periodCode, household_id: householdId, status: 'open' })
      .update({ status: 'cancelled' });
  }

  /**
   * Figures per kelurahan (or per RW inside one): its active households, assignments, those visited, those whose
   * latest recorded visit confirmed or corrected the record (verified), and open ones past their due date on
   * `today`. Every area with active households is a row, so one where nothing is assigned yet shows as such.
   */
  async progress(
    regionCode: string,
    periodCode: string,
    by: { kelurahan?: readonly string[]; rwOf?: string },
    today: string,
  ): Promise<ProgressRow[]> {
    const { rows } = await this.knex.raw<{ rows: ProgressRow[] }>(progressSql(by.rwOf !== undefined), {
      r: regionCode,
      p: periodCode,
      kels: by.kelurahan ? [...by.kelurahan] : null,
      one: by.rwOf ?? null,
      today,
    });
    return rows;
  }
}
