// Person-level reads of household records: search, one record, its unmasked identifiers and its history. Each
// resolves the period for the caller, applies the caller's row scope, masks NIK and KK unless the caller asked
// for them with a reason, and writes its audit row before the answer leaves (a read whose audit row cannot be
// written is not answered).
import { maskId } from '../domain/nik.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import type { HouseholdBase, MemberRecord, SearchFilter } from '../repositories/households-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';

/** Search answers at most this many households: a lookup, not a way to list the registry. */
export const SEARCH_LIMIT = 20;

/** The masked answer shape from a household row. */
function householdBase(h: HouseholdBase) {
  return {
    id: h.id,
    kk: maskId(h.kk),
    kelurahanCode: h.kelurahan_code,
    kelurahan: h.kelurahan,
    rt: h.rt,
    rw: h.rw,
    address: h.address,
    desil: h.desil,
    status: h.status,
  };
}

const maskedMember = (m: MemberRecord) => ({
  id: m.id,
  nik: m.nik === null ? null : maskId(m.nik),
  nikValid: m.nik_valid,
  name: m.name,
  sex: m.sex,
  birthDate: m.birth_date,
  relation: m.relation,
  status: m.status,
  disabilities: m.disabilities,
});

export class HouseholdReadService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /**
   * Exact 16-digit KK or NIK, or ≥ 3 characters of a name or address, optionally in one kelurahan and RW; at
   * most SEARCH_LIMIT households, with the total matched so the screen can say how many it does not show.
   */
  async search(actor: Actor, query: string, requested?: string, filter: SearchFilter = {}) {
    const q = query.trim();
    if (/^[0-9]+$/.test(q) && q.length !== 16) throw badRequestT('search.numericWhole');
    if (q.length < 3) throw badRequestT('search.tooShort');
    const period = (await this.periods.forRead(requested, actor)).code;
    const { households, audit } = this.db.repos;
    const shown = await households.search(actor.regionCode, period, q, scopeOf(actor), SEARCH_LIMIT, filter);
    const total = shown[0]?.total ?? 0;
    await audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'household_search',
      entityIds: shown.map((h) => h.id),
      periodCode: period,
      // The query itself may be an identifier: keep it masked in the log too.
      changes: {
        q: /^[0-9]{16}$/.test(q) ? maskId(q) : q,
        ...filter,
        results: shown.length,
        total,
      },
    });
    return {
      period,
      truncated: total > shown.length,
      total,
      households: shown.map((h) => ({ ...householdBase(h), head: h.head, members: h.members })),
    };
  }

  /** One household with its members, NIK and KK masked. */
  async detail(actor: Actor, id: string, requested?: string) {
    const { household: h, members, period } = await this.load(actor, id, requested);
    await this.db.repos.audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'household',
      entityIds: [h.id, ...members.map((m) => m.id)],
      periodCode: period,
    });
    return {
      ...householdBase(h),
      period: h.period_code,
      verificationStatus: h.verification_status,
      verifiedOn: h.verified_on,
      locationCheck: h.location_check,
      // The house's point: the map picker moves it (the read is audited like the rest of the record).
      location: h.lon === null || h.lat === null ? null : { lon: h.lon, lat: h.lat },
      version: h.version,
      housing: {
        desilSource: h.desil_source,
        // numeric(7,1) arrives as text
        floorAreaM2: h.floor_area_m2 === null ? null : Number(h.floor_area_m2),
        unfitHouse: h.unfit_house,
        lighting: h.lighting,
        floorType: h.floor_type,
        wallType: h.wall_type,
        roofType: h.roof_type,
        toilet: h.toilet,
        waterSource: h.water_source,
        cookingFuel: h.cooking_fuel,
        ownership: h.ownership,
      },
      members: members.map(maskedMember),
    };
  }

  /**
   * The household behind a point of the map (its z16 tiles carry a small map number, not the UUID): the same
   * masked, scoped, audited read as `detail`; the answer's id opens the record.
   */
  async detailOfMapPoint(actor: Actor, mapId: number, requested?: string) {
    const period = (await this.periods.forRead(requested, actor)).code;
    const id = await this.db.repos.households.idOfMapPoint(actor.regionCode, period, mapId, scopeOf(actor));
    if (!id) throw notFoundT('notFound.householdPoint', { mapId, period });
    return this.detail(actor, id, period);
  }

  /** The unmasked KK and NIKs of one household; the stated reason goes into the audit row. */
  async identifiers(actor: Actor, id: string, reason: string, requested?: string) {
    const { household, members, period } = await this.load(actor, id, requested);
    await this.db.repos.audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'household_identifiers',
      entityIds: [household.id, ...members.map((m) => m.id)],
      periodCode: period,
      reason,
    });
    return { kk: household.kk, members: members.map((m) => ({ id: m.id, nik: m.nik })) };
  }

  /**
   * Every change of a household and its members, from the audit log. Visible only to those who may see the
   * record in the latest period (operators: their kelurahan). The history names people and their changes, so
   * viewing it is a person-level read, audited like the record itself.
   */
  async history(actor: Actor, id: string) {
    const period = (await this.periods.forRead(undefined, actor)).code;
    const { households, householdEdits, audit } = this.db.repos;
    if (!(await households.find(actor.regionCode, period, id, scopeOf(actor))))
      throw notFoundT('notFound.householdToSee', { id });
    const rows = await householdEdits.history(actor.regionCode, id);
    await audit.append({
      ...auditBy(actor),
      action: 'read',
      entity: 'household_history',
      entityIds: [id],
      periodCode: period,
      changes: { entries: rows.length },
    });
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      username: r.username,
      action: r.action,
      entity: r.entity,
      period: r.period_code,
      // The household first, then what the entry touched (a member, a step): the screen names the member.
      entityIds: r.entity_ids,
      changes: r.changes,
    }));
  }

  /** The household and its members as the caller may see them; 404 alike for missing and out of scope. */
  private async load(actor: Actor, id: string, requested: string | undefined) {
    const period = (await this.periods.forRead(requested, actor)).code;
    const { households } = this.db.repos;
    const household = await households.find(actor.regionCode, period, id, scopeOf(actor));
    if (!household)
      throw requested
        ? notFoundT('notFound.householdInPeriod', { id, period: requested })
        : notFoundT('notFound.householdToSee', { id });
    return { household, members: await households.members(actor.regionCode, period, id), period };
  }
}
