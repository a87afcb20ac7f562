// The semester cycle's rules in one place for the API and the CLI: one open period at a time, a new period
// comes after the latest and carries it forward, a finalized period is final. Opening (the copy) and
// finalizing each commit with their audit row in one transaction.
import { notFoundT, problem } from '../lib/problem.ts';
import type { MessageKey, MessageParams } from '../i18n/translate.ts';
import type { AnswerCache } from '../lib/answer-cache.ts';
import type { Static } from '@sinclair/typebox';
import type { PeriodRow } from '../repositories/periods-repository.ts';
import type { PeriodSummary } from '../schemas/period.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { IndicatorService } from './indicator-service.ts';

const conflict = (key: MessageKey, params: MessageParams) => problem(409, 'conflict', key, params);

export class PeriodService {
  constructor(
    private readonly db: Db,
    private readonly regionCode: string,
    /** Brings a finalized period's published summaries up to date. */
    private readonly indicators: Pick<IndicatorService, 'ensureFresh'>,
    /** The app's answer cache forgets its answers when a period opens or closes (the CLI has none). */
    private readonly cache?: Pick<AnswerCache, 'invalidate'>,
  ) {}

  /** Every period with its status and origin (for admins and the CLI; the public asks PeriodAccess). */
  list(): Promise<PeriodRow[]> {
    return this.db.repos.periods.list(this.regionCode);
  }

  /** What finalizing `code` would freeze, and what is unfinished in it (counts only; admins and the CLI). */
  async summary(code: string): Promise<Static<typeof PeriodSummary>> {
    const { periods } = this.db.repos;
    const period = await periods.get(this.regionCode, code);
    if (!period) throw notFoundT('notFound.period', { period: code });
    const n = await periods.summary(this.regionCode, code);
    const iso = (t: string | Date | null) => (t === null ? null : new Date(t).toISOString());
    return {
      code: period.period_code,
      status: period.status,
      carriedFrom: period.carried_from,
      openedAt: iso(period.opened_at)!,
      finalizedAt: iso(period.finalized_at),
      households: n.households,
      activeHouseholds: n.active_households,
      verifiedHouseholds: n.verified_households,
      members: n.members,
      disabledMembers: n.disabled_members,
      enrolments: n.enrolments,
      unmetNeeds: n.unmet_needs,
      openSteps: n.open_steps,
      overdueSteps: n.overdue_steps,
      pendingImports: n.pending_imports,
    };
  }

  async open(actor: Actor, code: string): Promise<{ carriedFrom: string; copied: Record<string, number> }> {
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(code)) throw conflict('period.notACode', { period: code });
    const opened = await this.db.transaction(async (repos) => {
      const all = await repos.periods.list(this.regionCode);
      const open = all.find((p) => p.status === 'open');
      if (open) throw conflict('period.stillOpen', { open: open.period_code, period: code });
      const latest = all.at(-1);
      if (!latest) throw conflict('period.nothingToCarry', {});
      if (code <= latest.period_code)
        throw conflict('period.mustFollow', { period: code, latest: latest.period_code });
      const copied = await repos.periods.open(this.regionCode, code, latest.period_code);
      const carriedFrom = latest.period_code;
      await repos.audit.append({
        ...auditBy(actor),
        action: 'period_open',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
        changes: { carriedFrom, copied },
      });
      return { carriedFrom, copied };
    });
    this.cache?.invalidate();
    return opened;
  }

  /**
   * Penetapan: adopts (finalizes) the period when every kelurahan's record is closed, or with an explicit
   * override that names exactly the kelurahan still open and gives a reason (the CLI may say 'all'). Pending
   * proposals of closed kelurahan must be decided first: adopting would freeze them undecided. The checks and
   * the finalize share one transaction, so a kelurahan reopened meanwhile cannot slip through.
   */
  async finalize(actor: Actor, code: string, adoption: AdoptionInput = {}): Promise<{ leftOpen: string[] }> {
    const leftOpen = await this.db.transaction(async (repos) => {
      const period = await repos.periods.get(this.regionCode, code);
      if (!period) throw notFoundT('notFound.period', { period: code });
      if (period.status === 'finalized') throw conflict('period.alreadyFinalized', { period: code });
      const rows = await repos.cycle.kelurahan(this.regionCode, code);
      const open = rows.filter((r) => r.status === 'open').map((r) => r.code);
      const named = adoption.leaveOpen === 'all' ? open : [...new Set(adoption.leaveOpen ?? [])].sort();
      const missing = open.filter((c) => !named.includes(c));
      if (missing.length)
        throw conflict('adoption.stillOpen', {
          count: missing.length,
          names: namesOf(rows, missing),
          period: code,
        });
      const notOpen = named.filter((c) => !open.includes(c));
      if (notOpen.length) throw conflict('adoption.notOpen', { codes: notOpen.slice(0, 5).join(', ') });
      const reason = adoption.reason?.trim() || null;
      if (named.length && !reason) throw problem(400, 'bad-request', 'adoption.reasonNeeded', {});
      const undecided = rows.filter((r) => r.status === 'closed' && r.pending > 0);
      if (undecided.length)
        throw conflict('adoption.pendingProposals', {
          count: undecided.reduce((n, r) => n + r.pending, 0),
          names: namesOf(
            rows,
            undecided.map((r) => r.code),
          ),
        });
      const result = await repos.periods.finalize(this.regionCode, code, actor.user?.id ?? null, {
        leftOpen: named,
        reason,
      });
      if (result !== 'ok') throw conflict('period.alreadyFinalized', { period: code });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'period_finalize',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
        changes: { leftOpen: named, closed: rows.length - named.length },
        reason,
      });
      return named;
    });
    // The published numbers of the period are its summaries as finalized: bring them up to date.
    await this.indicators.ensureFresh(this.regionCode, code);
    this.cache?.invalidate();
    return { leftOpen };
  }
}

export interface AdoptionInput {
  /** The kelurahan adopted while still open (exactly the open ones), or 'all' (the CLI). */
  leaveOpen?: readonly string[] | 'all';
  reason?: string;
}

/** A few names for a message ("Tugu, Ngaliyan and 12 more"). */
function namesOf(rows: ReadonlyArray<{ code: string; name: string }>, codes: readonly string[]): string {
  const names = codes.slice(0, 5).map((c) => rows.find((r) => r.code === c)?.name ?? c);
  return codes.length > 5 ? `${names.join(', ')} (+${codes.length - 5})` : names.join(', ');
}
