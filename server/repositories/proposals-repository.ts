// Proposals and the approval policy (migrations/20261203_0019_proposals.ts). SQL only: the services decide what
// needs approval, record it with its audit row and apply approved ones through the household edit path.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';

export interface PolicyRow {
  requires: string[];
  saved_at: string;
  saved_by_username: string | null;
}

export interface NewProposal {
  regionCode: string;
  periodCode: string;
  kelurahanCode: string;
  householdId: string | null;
  kind: string;
  fieldGroups: readonly string[];
  changes: unknown;
  before: unknown;
  reason: string | null;
  evidenceNote: string | null;
  proposedBy: string;
  baseVersion: number | null;
  batchId?: string | null;
}

export interface ProposalRow {
  id: string;
  period_code: string;
  kelurahan_code: string;
  household_id: string | null;
  kind: string;
  field_groups: string[];
  changes: Record<string, unknown>;
  before: Record<string, unknown> | null;
  reason: string | null;
  evidence_note: string | null;
  status: string;
  proposed_by: string;
  proposed_by_username: string | null;
  proposed_at: string;
  decided_by_username: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  batch_id: string | null;
  base_version: number | null;
  /** The household as it stands now (null for a new household until approved): for the reviewer to find it. */
  household_kk: string | null;
  household_head: string | null;
  household_rt: number | null;
  household_rw: number | null;
}

export interface ProposalQuery {
  regionCode: string;
  periodCode: string;
  status?: string;
  kelurahan?: string;
  householdId?: string;
  scope: RowScope;
  limit: number;
}

const COLUMNS = [
  'p.id',
  'p.period_code',
  'p.kelurahan_code',
  'p.household_id',
  'p.kind',
  'p.field_groups',
  'p.changes',
  'p.before',
  'p.reason',
  'p.evidence_note',
  'p.status',
  'p.proposed_by',
  'pu.username as proposed_by_username',
  'p.proposed_at',
  'du.username as decided_by_username',
  'p.decided_at',
  'p.decision_reason',
  'p.batch_id',
  'p.base_version',
];

export class ProposalsRepository {
  constructor(private readonly knex: Knex) {}

  async policy(regionCode: string): Promise<PolicyRow | undefined> {
    return this.knex('approval_policies as a')
      .leftJoin('users as u', 'u.id', 'a.saved_by')
      .where('a.region_code', regionCode)
      .first<PolicyRow | undefined>('a.requires', 'a.saved_at', 'u.username as saved_by_username');
  }

  async savePolicy(regionCode: string, requires: readonly string[], savedBy: string | null): Promise<void> {
    await this.knex('approval_policies')
      .insert({ region_code: regionCode, requires: [...requires], saved_by: savedBy })
      .onConflict('region_code')
      .merge({ requires: [...requires], saved_by: savedBy, saved_at: this.knex.fn.now() });
  }

  async insert(p: NewProposal): Promise<string> {
    return (await this.insertMany([p]))[0]!;
  }

  /**
   * Proposals in one statement per five hundred, their ids in the order given (made here: the order of a
   * multi-row RETURNING is not one PostgreSQL promises).
   */
  async insertMany(list: readonly NewProposal[]): Promise<string[]> {
    const rows = list.map((p) => ({ id: randomUUID(), ...this.row(p) }));
    for (let i = 0; i < rows.length; i += 500) await this.knex('proposals').insert(rows.slice(i, i + 500));
    return rows.map((r) => r.id);
  }

  private row(p: NewProposal) {
    return {
      region_code: p.regionCode,
      period_code: p.periodCode,
      kelurahan_code: p.kelurahanCode,
      household_id: p.householdId,
      kind: p.kind,
      field_groups: [...p.fieldGroups],
      changes: JSON.stringify(p.changes),
      before: p.before === null ? null : JSON.stringify(p.before),
      reason: p.reason,
      evidence_note: p.evidenceNote,
      proposed_by: p.proposedBy,
      base_version: p.baseVersion,
      batch_id: p.batchId ?? null,
    };
  }

  /** Proposals of a period, oldest first (the order a reviewer works through them), within the scope. */
  async list(q: ProposalQuery): Promise<ProposalRow[]> {
    const query = this.base()
      .where({ 'p.region_code': q.regionCode, 'p.period_code': q.periodCode })
      .orderBy([{ column: 'p.kelurahan_code' }, { column: 'p.proposed_at' }, { column: 'p.id' }])
      .limit(q.limit);
    if (q.status) void query.where('p.status', q.status);
    if (q.kelurahan) void query.where('p.kelurahan_code', q.kelurahan);
    if (q.householdId) void query.where('p.household_id', q.householdId);
    if (q.scope.kelurahan) void query.whereIn('p.kelurahan_code', [...q.scope.kelurahan]);
    return query;
  }

  /** One proposal, with its household as it stands now. */
  async one(regionCode: string, id: string): Promise<ProposalRow | undefined> {
    return this.base().where({ 'p.region_code': regionCode, 'p.id': id }).first();
  }

  /** The proposals named, locked for the rest of the transaction (two reviewers never decide one twice). */
  async lockForDecision(regionCode: string, ids: readonly string[]): Promise<ProposalRow[]> {
    const locked = await this.knex('proposals')
      .where('region_code', regionCode)
      .whereIn('id', [...ids])
      .forUpdate()
      .pluck('id');
    if (locked.length === 0) return [];
    return this.base().whereIn('p.id', locked).orderBy('p.proposed_at');
  }

  async decide(
    regionCode: string,
    id: string,
    d: {
      status: 'approved' | 'rejected';
      decidedBy: string;
      reason: string | null;
      batchId: string | null;
      householdId: string | null;
    },
  ): Promise<void> {
    await this.knex('proposals').where({ region_code: regionCode, id }).update({
      status: d.status,
      decided_by: d.decidedBy,
      decided_at: this.knex.fn.now(),
      decision_reason: d.reason,
      batch_id: d.batchId,
      household_id: d.householdId,
    });
  }

  /** A household's current version and kelurahan, locked until the transaction ends; undefined if none. */
  async householdState(
    regionCode: string,
    periodCode: string,
    id: string,
  ): Promise<{ version: number; kelurahan_code: string } | undefined> {
    return this.knex('households')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .forUpdate()
      .first<{ version: number; kelurahan_code: string } | undefined>('version', 'kelurahan_code');
  }

  /** Drops a decided file proposal's rows (whole NIKs, names, birth dates); its masked diff stays. */
  async forgetImportRows(regionCode: string, id: string): Promise<void> {
    await this.knex.raw(
      `update proposals set changes = jsonb_set(changes, '{import,rows}', '[]'::jsonb)
       where region_code = ? and id = ? and changes -> 'import' is not null`,
      [regionCode, id],
    );
  }

  /** Whether a KK is registered in the period (a proposed new household whose KK has appeared since). */
  async kkRegistered(regionCode: string, periodCode: string, kk: string): Promise<boolean> {
    const row = await this.knex('households')
      .where({ region_code: regionCode, period_code: periodCode, kk })
      .first<{ id: string } | undefined>('id');
    return row !== undefined;
  }

  private base() {
    return this.knex('proposals as p')
      .join('users as pu', 'pu.id', 'p.proposed_by')
      .leftJoin('users as du', 'du.id', 'p.decided_by')
      .leftJoin('households as h', (j) =>
        j
          .on('h.region_code', 'p.region_code')
          .andOn('h.period_code', 'p.period_code')
          .andOn('h.id', 'p.household_id'),
      )
      .select<ProposalRow[]>(
        ...COLUMNS,
        'h.kk as household_kk',
        'h.rt as household_rt',
        'h.rw as household_rw',
        this.knex.raw(`(select m.name from members m where m.region_code = h.region_code
                          and m.period_code = h.period_code and m.household_id = h.id
                          and m.relation = 'kepala_keluarga' limit 1) as household_head`),
      );
  }
}
