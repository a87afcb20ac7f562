// The kelurahan's part of the semester cycle (#20 items 2 and 4): its period record (closed when its list is
// settled; admins reopen), the scanned berita acara of its musyawarah kelurahan, and the meeting's decisions —
// a removal becomes a proposal that Dinsos reviews like any other (the recorder cannot approve it), a keep is
// recorded, an addition is noted for the operator to register. Operators act in their kelurahan only.
import { LEAVE_REASONS } from '../domain/code-lists.ts';
import { badRequestT, problem } from '../lib/problem.ts';
import { checkedScan } from '../lib/scan-type.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { HouseholdEditService } from './household-edit-service.ts';
import { kelurahanInScope } from './kelurahan-scope.ts';
import type { PeriodAccess } from './period-access.ts';

export interface DecisionInput {
  householdId?: string;
  decision: 'keep' | 'remove' | 'add';
  /** A removal's leave reason. */
  reason?: (typeof LEAVE_REASONS)[number];
  /** An addition: who the meeting proposes, and where. */
  head?: string;
  rt?: number;
  rw?: number;
  note?: string;
}

export class CycleService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
    private readonly edits: Pick<HouseholdEditService, 'proposeLeave'>,
  ) {}

  /** Every kelurahan's record and counts (operators: theirs), for the periods screen. */
  async list(actor: Actor, requested: string | undefined) {
    const period = await this.periods.forRead(requested, actor);
    const rows = await this.db.repos.cycle.kelurahan(actor.regionCode, period.code, scopeOf(actor).kelurahan);
    return { period: period.code, status: period.status, kelurahan: rows };
  }

  /** Closes (the kelurahan's list is settled) or reopens a kelurahan's record; audited. */
  async setStatus(
    actor: Actor,
    periodCode: string,
    code: string,
    status: 'open' | 'closed',
    input: { muskelOn?: string; note?: string } = {},
  ): Promise<void> {
    await kelurahanInScope(this.db, actor, code);
    const period = (await this.periods.forWrite(periodCode)).code;
    await this.db.transaction(async (repos) => {
      await repos.cycle.setStatus(
        actor.regionCode,
        period,
        code,
        status,
        actor.user?.id ?? null,
        input.muskelOn ?? null,
        input.note?.trim() || null,
      );
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'kelurahan_period',
        entityIds: [code],
        periodCode: period,
        changes: { status, muskelOn: input.muskelOn ?? null },
        reason: input.note?.trim() || null,
      });
    });
  }

  /** Attaches a scanned berita acara (PDF, PNG or JPEG by its bytes; the route limits the size). */
  async attach(actor: Actor, periodCode: string, code: string, file: { name: string; content: Buffer }) {
    await kelurahanInScope(this.db, actor, code);
    const period = (await this.periods.forWrite(periodCode)).code;
    const { contentType, sha256 } = checkedScan(file, 'beritaAcara.type');
    return this.db.transaction(async (repos) => {
      const row = await repos.cycle.insertBeritaAcara({
        regionCode: actor.regionCode,
        periodCode: period,
        kelurahanCode: code,
        fileName: file.name,
        contentType,
        sha256,
        content: file.content,
        uploadedBy: actor.user!.id,
      });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'berita_acara',
        entityIds: [row.id],
        periodCode: period,
        changes: { kelurahan: code, fileName: file.name, contentType, bytes: row.bytes, sha256: row.sha256 },
      });
      return row;
    });
  }

  async beritaAcaraList(actor: Actor, periodCode: string, code: string) {
    await kelurahanInScope(this.db, actor, code);
    const period = (await this.periods.forRead(periodCode, actor)).code;
    return this.db.repos.cycle.beritaAcaraList(actor.regionCode, period, code);
  }

  /** One scan, for download: it names and shows people (signatures), so every read is audited. */
  async beritaAcara(actor: Actor, periodCode: string, code: string, id: string) {
    await kelurahanInScope(this.db, actor, code);
    const period = (await this.periods.forRead(periodCode, actor)).code;
    return this.db.transaction(async (repos) => {
      const row = await repos.cycle.beritaAcara(actor.regionCode, period, id);
      if (!row || row.kelurahan_code !== code)
        throw problem(404, 'not-found', 'beritaAcara.notFound', { id });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'export',
        entity: 'berita_acara',
        entityIds: [id],
        periodCode: period,
        changes: { kelurahan: code },
      });
      return row;
    });
  }

  /**
   * Records the meeting's decisions in one transaction (one refused row refuses them all, naming it). A
   * removal is proposed for review whatever the approval policy says: the meeting proposes, Dinsos decides.
   */
  async decide(
    actor: Actor,
    code: string,
    input: { period?: string; muskelOn: string; decisions: readonly DecisionInput[] },
  ) {
    await kelurahanInScope(this.db, actor, code);
    const period = (await this.periods.forWrite(input.period)).code;
    return this.db.transaction(async (repos, trx) => {
      const [record] = await repos.cycle.kelurahan(actor.regionCode, period, [code]);
      if (record?.status === 'closed')
        throw problem(409, 'conflict', 'muskel.decision.closed', { kelurahan: record.name });
      const saved: Array<{ id: string; decision: string; proposalId: string | null }> = [];
      for (const [i, d] of input.decisions.entries()) {
        const row = i + 1;
        let proposalId: string | null = null;
        let details: Record<string, unknown> = {};
        if (d.decision === 'add') {
          if (!d.head?.trim()) throw badRequestT('muskel.decision.addNeedsHead', { row });
          details = { head: d.head.trim(), rt: d.rt ?? null, rw: d.rw ?? null };
        } else {
          if (!d.householdId) throw badRequestT('muskel.decision.needsHousehold', { row });
          const state = await repos.proposals.householdState(actor.regionCode, period, d.householdId);
          if (!state || state.kelurahan_code !== code)
            throw badRequestT('muskel.decision.notOnList', { row, id: d.householdId });
          if (d.decision === 'remove') {
            if (!d.reason) throw badRequestT('muskel.decision.removeNeedsReason', { row });
            details = { reason: d.reason };
            const proposed = await this.edits.proposeLeave(repos, trx, actor, period, d.householdId, {
              version: state.version,
              reason: d.reason,
              on: input.muskelOn,
              note: d.note?.trim() || undefined,
              evidenceNote: `muskel ${input.muskelOn}`,
            });
            proposalId = proposed.proposal.id;
          }
        }
        const id = await repos.cycle.saveDecision({
          regionCode: actor.regionCode,
          periodCode: period,
          kelurahanCode: code,
          householdId: d.decision === 'add' ? null : d.householdId!,
          decision: d.decision,
          details,
          note: d.note?.trim() || null,
          proposalId,
          recordedBy: actor.user!.id,
        });
        saved.push({ id, decision: d.decision, proposalId });
      }
      await repos.cycle.setMuskelDay(actor.regionCode, period, code, input.muskelOn);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'muskel_decision',
        entityIds: input.decisions.flatMap((d) => (d.householdId ? [d.householdId] : [])),
        periodCode: period,
        changes: {
          kelurahan: code,
          muskelOn: input.muskelOn,
          keep: saved.filter((s) => s.decision === 'keep').length,
          remove: saved.filter((s) => s.decision === 'remove').length,
          add: saved.filter((s) => s.decision === 'add').length,
        },
      });
      return { period, kelurahan: code, decisions: saved };
    });
  }
}
