// Below the kelurahan, for staff who may see its records (admins and planners anywhere, operators in their
// kelurahan): the RT/RW table of the indicators, and the musyawarah kelurahan list. The public never gets
// either (the access policy), and an operator asking for another kelurahan gets a 404, as for a record.
// Both are audited: the table's small cells describe few households, the list names people.
import { maskId } from '../domain/nik.ts';
import { NEIGHBOURHOOD_INDICATORS, neighbourhoodTable } from '../domain/neighbourhood.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import { kelurahanInScope } from './kelurahan-scope.ts';
import type { PeriodAccess } from './period-access.ts';

export class NeighbourhoodService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
    private readonly poorDesilMax: number,
  ) {}

  private kelurahan(actor: Actor, code: string) {
    return kelurahanInScope(this.db, actor, code);
  }

  async table(actor: Actor, code: string, requested: string | undefined, format: string) {
    const kelurahan = await this.kelurahan(actor, code);
    const period = (await this.periods.forRead(requested, actor)).code;
    const { summaries, audit } = this.db.repos;
    const byRt = await summaries.baseMetrics(actor.regionCode, period, this.poorDesilMax, [code], 'rt');
    const { total, rws } = neighbourhoodTable(byRt);
    await audit.append({
      ...auditBy(actor),
      action: format === 'json' ? 'read' : 'export',
      entity: 'rt_rw_table',
      entityIds: [],
      periodCode: period,
      changes: { kelurahan: code, format, rw: rws.length },
    });
    return {
      period,
      kelurahan,
      indicators: NEIGHBOURHOOD_INDICATORS.map((d) => ({ id: d.id, label: d.label, unit: d.unit })),
      total,
      rws,
    };
  }

  /** The meeting's list: masked NIK and KK, no address; every print is audited with the households on it. */
  async muskelList(actor: Actor, code: string, requested: string | undefined, rw: number | undefined) {
    const kelurahan = await this.kelurahan(actor, code);
    const period = (await this.periods.forRead(requested, actor)).code;
    const { neighbourhood, audit } = this.db.repos;
    const rows = await neighbourhood.muskelRows(actor.regionCode, period, code, rw);
    const households = rows.map((r) => ({
      id: r.id,
      kk: maskId(r.kk),
      head: r.head,
      headNik: r.head_nik === null ? null : maskId(r.head_nik),
      rt: r.rt,
      rw: r.rw,
      desil: r.desil,
      poor: r.desil !== null && r.desil <= this.poorDesilMax,
      members: r.members,
      disabled: r.disabled,
    }));
    await audit.append({
      ...auditBy(actor),
      action: 'export',
      entity: 'muskel_list',
      entityIds: households.map((h) => h.id),
      periodCode: period,
      changes: { kelurahan: code, rw: rw ?? null, format: 'pdf', rows: households.length },
    });
    return { period, kelurahan, rw: rw ?? null, households };
  }
}
