// Verivali field work (#20 item 3): admins and operators (in their kelurahan) assign households to field
// verifiers with a due date, by a list, by kelurahan and RW, or by a map selection; a verifier lists only its own
// assignments (with the form's fields), staff list a kelurahan's; progress per kelurahan and RW with the overdue
// list. Person-level answers are audited in the transaction that reads them. Visits: verivali-visit-service.ts.
import type { SessionUser } from '../auth/roles.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, notFoundT, problem } from '../lib/problem.ts';
import type { AssignmentRow, HouseholdFieldsRow, Selection } from '../repositories/verivali-rows.ts';
import type { AssignInput } from '../schemas/verivali.ts';

/** A selection of households without the assignment's verifier and due date. */
type SelectionInput = Omit<AssignInput, 'verifierId' | 'dueDate'>;
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import { kelurahanInScope } from './kelurahan-scope.ts';
import type { PeriodAccess } from './period-access.ts';

/** Households one call may assign: a kelurahan's worth, not the city by mistake. */
export const MAX_ASSIGN = 5000;
/** Rows a list answers at most (a verifier's load is far smaller; staff narrow by kelurahan). */
const LIST_LIMIT = 2000;

/**
 * The body field a refusal is about, in the problem answer (`field`), so a form shows it beside that field, as
 * it does the schema's validation errors (their `params.field`).
 */
const VERIFIER_FIELD = { field: 'verifierId' };
const SELECTION_FIELD = { field: 'rw' };

/** The server's calendar day, for due dates: an assignment is overdue from the day after its due date. */
export const today = (): string => new Date().toLocaleDateString('sv');

/** The form fields of a household row, in the household edit's (camelCase) names. */
export function formFields(h: HouseholdFieldsRow) {
  return {
    desil: h.desil,
    address: h.address,
    rt: h.rt,
    rw: h.rw,
    unfitHouse: h.unfit_house,
    floorAreaM2: h.floor_area_m2 === null ? null : Number(h.floor_area_m2),
    lighting: h.lighting,
    desilSource: h.desil_source,
    floorType: h.floor_type,
    wallType: h.wall_type,
    roofType: h.roof_type,
    toilet: h.toilet,
    waterSource: h.water_source,
    cookingFuel: h.cooking_fuel,
    ownership: h.ownership,
    location: h.lon === null || h.lat === null ? null : { lon: h.lon, lat: h.lat },
  };
}

function closedRings(polygon: NonNullable<AssignInput['polygon']>): boolean {
  const polygons = polygon.type === 'Polygon' ? [polygon.coordinates] : polygon.coordinates;
  return polygons.every((rings) =>
    rings.every((ring) => {
      const [a, b] = [ring[0]!, ring.at(-1)!];
      return a[0] === b[0] && a[1] === b[1];
    }),
  );
}

export class VerivaliService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /** Assigns the selected households to a verifier; every one must be in the verifier's (and caller's) scope. */
  async assign(actor: Actor, input: AssignInput) {
    const period = (await this.periods.forWrite(input.period)).code;
    const selection = await this.selection(actor, input);
    if (input.dueDate < today())
      throw badRequestT('verivali.dueInPast', { date: input.dueDate }, { field: 'dueDate' });
    const { verivali } = this.db.repos;
    const verifier = await verivali.verifier(actor.regionCode, input.verifierId);
    if (!verifier || verifier.role !== 'verifier' || verifier.disabled)
      throw badRequestT('verivali.notVerifier', {}, VERIFIER_FIELD);
    const scope = scopeOf(actor);
    const found = await verivali.select(actor.regionCode, period, selection, scope, MAX_ASSIGN + 1);
    if (found.length > MAX_ASSIGN)
      throw badRequestT('verivali.tooMany', { max: MAX_ASSIGN }, SELECTION_FIELD);
    if (selection.ids) {
      const seen = new Set(found.map((h) => h.id));
      const missing = selection.ids.filter((id) => !seen.has(id));
      if (missing.length)
        throw notFoundT('verivali.unknownHouseholds', { ids: missing.slice(0, 10).join(', ') });
    }
    if (found.length === 0) throw badRequestT('verivali.noneSelected', {}, SELECTION_FIELD);
    // An unscoped verifier is a city-wide enumerator: only an admin (no kelurahan scope) hands them work.
    if (verifier.kelurahan.length === 0 && scope.kelurahan)
      throw badRequestT('verivali.verifierUnscoped', {}, VERIFIER_FIELD);
    if (verifier.kelurahan.length) {
      const outside = found.find((h) => !verifier.kelurahan.includes(h.kelurahan_code));
      if (outside)
        throw badRequestT(
          'verivali.verifierOutOfScope',
          { kelurahan: outside.kelurahan_code },
          VERIFIER_FIELD,
        );
    }
    return this.db.transaction(async (repos) => {
      const result = await repos.verivali.assign(
        actor.regionCode,
        period,
        found.map((h) => ({ householdId: h.id, kelurahanCode: h.kelurahan_code })),
        { verifierId: verifier.id, assignedBy: actor.user!.id, dueDate: input.dueDate },
      );
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'verification_assignment',
        entityIds: found.map((h) => h.id),
        periodCode: period,
        changes: {
          verifier: [null, verifier.username],
          due_date: [null, input.dueDate],
          selection: [null, this.describe(input)],
          reassigned: [null, result.reassigned.length],
        },
      });
      return {
        period,
        verifierId: verifier.id,
        dueDate: input.dueDate,
        assigned: result.created,
        reassigned: result.reassigned.length,
        householdIds: found.map((h) => h.id),
      };
    });
  }

  /**
   * How many households a selection would assign, and how many of them would move from another verifier: the
   * form says so before anything is sent (a box drawn on the map shows no households). Counts only: no audit.
   */
  async count(actor: Actor, input: SelectionInput) {
    const period = (await this.periods.forWrite(input.period)).code;
    const selection = await this.selection(actor, input);
    const counts = await this.db.repos.verivali.countSelection(
      actor.regionCode,
      period,
      selection,
      scopeOf(actor),
    );
    return { period, ...counts, max: MAX_ASSIGN };
  }

  /**
   * Takes an open assignment back (the household is then nobody's to visit, and it leaves every list and
   * figure); a visited one stays, as the visit's record. A visit the verifier's phone recorded before it heard
   * of this is still recorded when it arrives (verivali-visit-service.ts): field work is never dropped.
   * Operators only in their kelurahan (404 outside it, as for a record they may not see). Audited.
   */
  async cancel(actor: Actor, id: string, requestedPeriod?: string): Promise<void> {
    const period = (await this.periods.forWrite(requestedPeriod)).code;
    const scope = scopeOf(actor);
    await this.db.transaction(async (repos) => {
      const a = await repos.verivali.assignmentToCancel(actor.regionCode, period, id);
      // One taken back already is gone from every list: there is nothing to take back.
      if (!a || a.status === 'cancelled' || (scope.kelurahan && !scope.kelurahan.includes(a.kelurahan_code)))
        throw notFoundT('verivali.noSuchAssignment', { id });
      // An assignment with any visit, a conflict one too, is that visit's record (a conflict leaves it open for a
      // new visit): it stays as it is.
      if (a.status !== 'open' || a.visits > 0) throw problem(409, 'conflict', 'verivali.cancelVisited');
      await repos.verivali.cancelAssignment(a.id);
      await repos.audit.append({
        ...auditBy(actor),
        // An update of the household's field work (its verifier and due date go), so the audit screen reads it
        // as "verifier X → –"; the row stays as cancelled, for a visit the phone sends late.
        action: 'update',
        entity: 'verification_assignment',
        entityIds: [a.household_id],
        periodCode: period,
        changes: { verifier: [a.verifier, null], due_date: [a.due_date, null], cancelled: [false, true] },
      });
    });
  }

  /** The one selection the body names, checked before any household is read. */
  private async selection(actor: Actor, input: SelectionInput): Promise<Selection> {
    const map = [input.bbox, input.polygon].filter((x) => x !== undefined).length;
    const ways = (input.households ? 1 : 0) + (map > 0 ? 1 : 0) + (input.kelurahan && map === 0 ? 1 : 0);
    if (ways !== 1 || map > 1 || (input.households && input.kelurahan))
      throw badRequestT('verivali.oneSelection');
    if (input.rw && !input.kelurahan) throw badRequestT('verivali.rwNeedsKelurahan');
    if (input.polygon && !closedRings(input.polygon)) throw badRequestT('verivali.badPolygon');
    // A kelurahan outside the caller's scope answers 404, as for a record it may not see.
    if (input.kelurahan) await kelurahanInScope(this.db, actor, input.kelurahan);
    const [w, s, e, n] = input.bbox ?? [];
    return {
      ids: input.households,
      kelurahan: input.kelurahan,
      rw: input.rw,
      bbox: input.bbox ? [w!, s!, e!, n!] : undefined,
      polygon: input.polygon ? JSON.stringify(input.polygon) : undefined,
    };
  }

  /** The selection as the audit row keeps it (no coordinates list, which could be long). */
  private describe(input: SelectionInput) {
    if (input.households) return { households: input.households.length };
    if (input.bbox) return { bbox: input.bbox, kelurahan: input.kelurahan ?? null };
    if (input.polygon) return { polygon: input.polygon.type, kelurahan: input.kelurahan ?? null };
    return { kelurahan: input.kelurahan, rw: input.rw ?? null };
  }

  /**
   * A verifier: its own assignments with the form's fields. Staff: a kelurahan's (operators only theirs), with
   * the verifier and status. Audited with the households listed.
   */
  async list(actor: Actor, query: { period?: string; kelurahan?: string; status?: string }) {
    const resolved = await this.periods.forRead(query.period, actor);
    const period = resolved.code;
    const user = actor.user!;
    const mine = user.role === 'verifier';
    if (query.kelurahan && !mine) await kelurahanInScope(this.db, actor, query.kelurahan);
    const kelurahan = this.kelurahanFilter(user, query.kelurahan);
    return this.db.transaction(async (repos) => {
      const rows = await repos.verivali.assignments(actor.regionCode, period, {
        verifierId: mine ? user.id : undefined,
        kelurahan,
        status: query.status,
        limit: LIST_LIMIT + 1,
      });
      const listed = rows.slice(0, LIST_LIMIT);
      const fields = mine
        ? new Map(
            (
              await repos.verivali.householdFieldsMany(
                actor.regionCode,
                period,
                listed.map((r) => r.household_id),
              )
            ).map((h) => [h.id, formFields(h)]),
          )
        : undefined;
      await repos.audit.append({
        ...auditBy(actor),
        action: 'read',
        entity: 'verification_assignments',
        entityIds: listed.map((r) => r.household_id),
        periodCode: period,
        changes: { kelurahan: query.kelurahan ?? null, status: query.status ?? null, rows: listed.length },
      });
      return {
        period,
        periodOpen: resolved.status === 'open',
        assignments: listed.map((r) => ({ ...assignmentOut(r), fields: fields?.get(r.household_id) })),
        truncated: rows.length > LIST_LIMIT,
      };
    });
  }

  /** Which kelurahan staff may list: the one named, else an operator's own; a verifier filters by itself. */
  private kelurahanFilter(user: SessionUser, named: string | undefined): string[] | undefined {
    if (user.role === 'verifier') return named ? [named] : undefined;
    if (named) return [named];
    return user.role === 'operator' ? user.kelurahan : undefined;
  }

  /**
   * Per kelurahan in the caller's scope, or per RW inside the one named: assigned, visited, verified and its
   * share, overdue; with the overdue households themselves (audited: they name people).
   */
  async progress(actor: Actor, query: { period?: string; kelurahan?: string }) {
    const period = (await this.periods.forRead(query.period, actor)).code;
    const scope = scopeOf(actor).kelurahan;
    const named = query.kelurahan ? await kelurahanInScope(this.db, actor, query.kelurahan) : undefined;
    const day = today();
    const kelurahan = named ? [named.code] : scope;
    return this.db.transaction(async (repos) => {
      const rows = await repos.verivali.progress(
        actor.regionCode,
        period,
        named ? { rwOf: named.code } : { kelurahan: scope },
        day,
      );
      const names = new Map(
        named
          ? []
          : (await repos.verivali.areaNames(rows.map((r) => r.code))).map((a) => [a.code, a] as const),
      );
      const overdue = await repos.verivali.assignments(actor.regionCode, period, {
        kelurahan,
        status: 'open',
        dueBefore: day,
        limit: LIST_LIMIT,
      });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'read',
        entity: 'verification_overdue',
        entityIds: overdue.map((r) => r.household_id),
        periodCode: period,
        changes: { kelurahan: query.kelurahan ?? null, rows: overdue.length },
      });
      const sum = (k: 'households' | 'assigned' | 'visited' | 'verified' | 'overdue') =>
        rows.reduce((n, r) => n + r[k], 0);
      const total = {
        households: sum('households'),
        assigned: sum('assigned'),
        visited: sum('visited'),
        verified: sum('verified'),
      };
      return {
        period,
        level: named ? ('rw' as const) : ('kelurahan' as const),
        kelurahan: named?.code ?? null,
        rows: rows.map((r) => ({
          ...r,
          name: names.get(r.code)?.name ?? null,
          kecamatan: names.get(r.code)?.kecamatan ?? null,
          verifiedShare: share(r.verified, r.assigned),
        })),
        total: { ...total, overdue: sum('overdue'), verifiedShare: share(total.verified, total.assigned) },
        overdueList: overdue.map(assignmentOut),
      };
    });
  }

  /**
   * The active field verifiers a caller may hand work to, with their open assignments in the period: an admin
   * every one, an operator those working in a kelurahan of theirs (shown only the kelurahan they share); with
   * `kelurahan`, those who may take work there (a city-wide verifier only from an admin).
   */
  async verifiers(actor: Actor, query: { period?: string; kelurahan?: string }) {
    const period = (await this.periods.forRead(query.period, actor)).code;
    if (query.kelurahan) await kelurahanInScope(this.db, actor, query.kelurahan);
    const scope = scopeOf(actor).kelurahan;
    const all = await this.db.repos.verivali.verifiers(actor.regionCode, period);
    const verifiers = all
      .map((v) => ({ ...v, kelurahan: scope ? v.kelurahan.filter((k) => scope.includes(k)) : v.kelurahan }))
      .filter((v) => (scope ? v.kelurahan.length > 0 : true))
      .filter((v) =>
        query.kelurahan
          ? v.kelurahan.includes(query.kelurahan) || (!scope && v.kelurahan.length === 0)
          : true,
      );
    return {
      period,
      verifiers: verifiers.map((v) => ({
        id: v.id,
        username: v.username,
        displayName: v.display_name,
        kelurahan: v.kelurahan,
        open: v.open,
      })),
    };
  }
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** An assignment as the API answers it: identifiers masked. */
export function assignmentOut(r: AssignmentRow) {
  return {
    id: r.id,
    householdId: r.household_id,
    kelurahan: r.kelurahan_code,
    verifierId: r.verifier_id,
    verifier: r.verifier,
    dueDate: r.due_date,
    overdue: r.status === 'open' && r.due_date < today(),
    status: r.status as 'open' | 'visited',
    assignedAt: r.assigned_at.toISOString(),
    kk: maskId(r.kk),
    head: r.head,
    headNik: r.head_nik === null ? null : maskId(r.head_nik),
    address: r.address,
    rt: r.rt,
    rw: r.rw,
    version: r.version,
    lastOutcome: r.last_outcome as AssignmentOutcome | null,
    lastVisitedAt: r.last_visited_at?.toISOString() ?? null,
  };
}

type AssignmentOutcome = 'verified' | 'changed' | 'not_found' | 'refused' | 'moved' | 'died';
