// Programs: the list, coverage per kelurahan, the eligibility rule (admins change it under optimistic locking,
// with its audit row in the same transaction) and target lists, a person-level read audited as it is served.
// Coverage and target lists evaluate stored rules inside a bounded transaction (lib/heavy-work.ts).
import { maskId } from '../domain/nik.ts';
import { compileRule, RuleError } from '../domain/rule-compiler.ts';
import type { HeavyWork } from '../lib/heavy-work.ts';
import { notFoundT, problemWithReason, staleVersion } from '../lib/problem.ts';
import type { AnswerCache } from '../lib/answer-cache.ts';
import { createRepositories } from '../repositories/index.ts';
import type { TargetSort } from '../repositories/analysis-repository.ts';
import type { CoverageRow, ProgramRow } from '../repositories/programs-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';

/** The most rows one target list answers with; a longer list says `truncated`. */
export const TARGET_LIMIT = 20_000;

/**
 * Checks a rule a user sent (size limits first, then meaning) without touching the database; a bad rule is
 * a 400 naming the place in the rule and, for a size limit, the limit.
 */
export function checkRule(rule: unknown): void {
  try {
    compileRule(rule);
  } catch (err) {
    if (err instanceof RuleError)
      throw problemWithReason(400, 'bad-request', 'rule.invalid', { path: err.path }, [err], err.details);
    throw err;
  }
}

export interface TargetQuery {
  /** A kelurahan or kecamatan code of the region; none for the whole city. */
  area?: string;
  period?: string;
  /** One page of the list (a screen); without it the whole list up to TARGET_LIMIT (a download). */
  limit?: number;
  offset?: number;
  sort?: TargetSort;
  /** How the list leaves: 'json' is a read, a file an export (the audit row says which). */
  format: 'json' | 'csv' | 'xlsx';
}

export interface ProgramServiceDeps {
  db: Db;
  periodAccess: PeriodAccess;
  heavyWork: HeavyWork;
  /** Coverage figures change with a rule; the app's cache forgets its answers (the CLI has none). */
  cache?: Pick<AnswerCache, 'invalidate'>;
  /** Brings the period's summaries (program coverage included) up to date: coverage is read from them. */
  summaries?: { ensureFresh(regionCode: string, period: string): Promise<void> };
}

/** One kelurahan's coverage as the API answers it. */
export const coverageArea = (r: CoverageRow) => ({
  code: r.kelurahan_code,
  households: r.households,
  eligible: r.eligible,
  enrolled: r.enrolled,
  eligibleEnrolled: r.eligible_enrolled,
  gap: r.gap,
  gapShare: r.eligible > 0 ? r.gap / r.eligible : null,
  leakage: r.leakage,
});

export class ProgramService {
  private readonly db: Db;
  private readonly periodAccess: PeriodAccess;
  private readonly heavyWork: HeavyWork;
  private readonly cache: Pick<AnswerCache, 'invalidate'> | undefined;
  private readonly summaries: ProgramServiceDeps['summaries'];

  constructor(deps: ProgramServiceDeps) {
    this.db = deps.db;
    this.periodAccess = deps.periodAccess;
    this.heavyWork = deps.heavyWork;
    this.cache = deps.cache;
    this.summaries = deps.summaries;
  }

  /** Programs the actor may see (OPD staff: their own; everyone else: all active ones). */
  async list(actor: Actor) {
    const rows = await this.db.repos.programs.list(actor.regionCode, scopeOf(actor));
    return rows.map((p) => ({
      code: p.program_code,
      name: p.name,
      opd: p.opd_code,
      unit: p.unit,
      funding: p.funding,
      rule: p.eligibility_rule,
      description: p.description,
      version: p.version,
    }));
  }

  /** The program if the actor may see it, else 404 (an OPD's other programs do not exist for it). */
  async visible(actor: Actor, code: string): Promise<ProgramRow> {
    const program = await this.db.repos.programs.find(actor.regionCode, code, scopeOf(actor));
    if (!program) throw notFoundT('notFound.programToSee', { code });
    return program;
  }

  /** Eligible, enrolled, gap and leakage per kelurahan for one program and period. */
  async coverage(actor: Actor, code: string, requestedPeriod: string | undefined) {
    const program = await this.visible(actor, code);
    const period = (await this.periodAccess.forRead(requestedPeriod, actor)).code;
    const rows =
      (await this.storedCoverage(actor.regionCode, period, program.program_code)) ??
      (await this.heavyWork.bounded((trx) =>
        createRepositories(trx).programs.coverage(actor.regionCode, period, program),
      ));
    return { program: program.program_code, period, areas: rows.map(coverageArea) };
  }

  /**
   * The coverage the period's summaries hold (refreshed as the indicators are: per marked kelurahan after an
   * edit, whole after a rule change or an import). Computed live it took 11 s at 500,000 households, past the
   * analysis timeout: the targeting screen's map answered 503 at Semarang's scale. Undefined when a program is
   * not in them yet (added since the last refresh): the caller computes it live.
   */
  private async storedCoverage(
    regionCode: string,
    period: string,
    code: string,
  ): Promise<CoverageRow[] | undefined> {
    if (!this.summaries) return undefined;
    await this.summaries.ensureFresh(regionCode, period);
    const areas = await this.db.repos.summaries.read(regionCode, period);
    const key = (k: string) => `program:${code}:${k}`;
    if (areas.length === 0 || areas.some((a) => a.metrics[key('eligible')] === undefined)) return undefined;
    return areas.map(({ code: kelurahan, metrics: m }) => {
      const [eligible, gap] = [m[key('eligible')] ?? 0, m[key('gap')] ?? 0];
      return {
        kelurahan_code: kelurahan,
        households: m.households ?? 0,
        eligible,
        enrolled: m[key('enrolled')] ?? 0,
        eligible_enrolled: eligible - gap,
        gap,
        leakage: m[key('leakage')] ?? 0,
      };
    });
  }

  /**
   * Eligible households not enrolled in the program, in the city, one kecamatan or one kelurahan: KK masked,
   * no NIK, no coordinates. The read or export is audited with every household it hands out (a page: that
   * page's) before the list is returned.
   */
  async targets(actor: Actor, code: string, q: TargetQuery) {
    const program = await this.visible(actor, code);
    const period = (await this.periodAccess.forRead(q.period, actor)).code;
    if (q.area !== undefined && !q.area.startsWith(`${actor.regionCode}.`))
      throw notFoundT('notFound.areaNotInRegion', { area: q.area, region: actor.regionCode });
    // The region's own code matches every kelurahan of it (codes nest: 33.74 → 33.74.01 → 33.74.01.1001).
    const area = q.area ?? actor.regionCode;
    const limit = q.limit ?? TARGET_LIMIT;
    const offset = q.offset ?? 0;
    const sort = q.sort ?? 'area';
    const { rows, total } = await this.heavyWork.bounded(async (trx) => {
      const repos = createRepositories(trx);
      const query = { regionCode: actor.regionCode, periodCode: period, program, areaCode: area, sort };
      const page = await repos.analysis.targets({ ...query, limit: limit + 1, offset });
      if (page.length > 0 || offset === 0) return { rows: page, total: page[0]?.total ?? 0 };
      // A page past the end still says how long the list is.
      const first = await repos.analysis.targets({ ...query, limit: 1, offset: 0 });
      return { rows: page, total: first[0]?.total ?? 0 };
    });
    const targets = rows.slice(0, limit).map((r) => ({
      id: r.id,
      kk: maskId(r.kk),
      head: r.head,
      address: r.address,
      rt: r.rt,
      rw: r.rw,
      kelurahanCode: r.kelurahan_code,
      kelurahan: r.kelurahan,
      desil: r.desil,
      members: r.members,
    }));
    await this.db.repos.audit.append({
      ...auditBy(actor),
      action: q.format === 'json' ? 'read' : 'export',
      entity: 'target_list',
      entityIds: targets.map((t) => t.id),
      periodCode: period,
      changes: {
        program: program.program_code,
        area,
        format: q.format,
        rows: targets.length,
        offset,
        sort,
      },
    });
    return {
      program: program.program_code,
      programName: program.name,
      period,
      area,
      total,
      offset,
      sort,
      truncated: rows.length > limit,
      targets,
    };
  }

  /**
   * Replaces the rule if the caller edited the current version: the rule is checked before any SQL, and the
   * new rule, the stale mark on open periods' summaries and the audit row (before and after) commit together.
   */
  async updateRule(actor: Actor, code: string, rule: unknown, version: number) {
    checkRule(rule); // the same validation (limits, then meaning) every use of the rule gets
    const updated = await this.db.transaction(async (repos) => {
      const result = await repos.programs.updateRule(actor.regionCode, code, rule, version);
      if (result.outcome === 'missing') throw notFoundT('notFound.program', { code });
      if (result.outcome === 'stale') {
        const stale = staleVersion(
          'record.staleProgram',
          { code, version: result.version },
          { version: result.version, rule: result.rule },
        );
        // Clients of the first API version read these two at the top level of the answer.
        Object.assign(stale.extra, { currentVersion: result.version, currentRule: result.rule });
        throw stale;
      }
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'program_rule',
        entityIds: [code],
        changes: { eligibility_rule: [result.before, rule] },
      });
      return result.version;
    });
    this.cache?.invalidate(); // coverage figures change with the rule
    return { code, version: updated, rule };
  }
}
