// The targeting tools behind /api/v1/analysis: the site recommender (greedy maximal covering of eligible but
// unenrolled households) and the what-if of a changed rule. Reads only; nothing stored changes.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';
import { ANALYSIS_LIMITS } from '../domain/analysis-limits.ts';
import { coverageSets, greedyMaxCover } from '../domain/max-covering.ts';
import { compileRule, RuleError } from '../domain/rule-compiler.ts';
import { badRequest, badRequestT, notFoundT } from '../lib/problem.ts';
import {
  AnalysisRepository,
  type CandidateSite,
  type CandidateSource,
} from '../repositories/analysis-repository.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';
import { ProgramsRepository } from '../repositories/programs-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';

export interface SiteRequest {
  program: string;
  period?: string;
  k: number;
  radius: number;
  candidates: CandidateSource['kind'];
  points?: Array<{ lon: number; lat: number; label?: string }>;
}

export interface RecommendedSite {
  rank: number;
  lon: number;
  lat: number;
  kelurahan: string | null;
  label: string | null;
  marginal: number;
  reach: number;
  cumulative: number;
}

/**
 * Checks a rule a user sent (size limits first, then meaning) without touching the database; a bad rule is
 * a 400 naming the place in the rule and, for a size limit, the limit.
 */
export function checkRule(rule: unknown): void {
  try {
    compileRule(rule);
  } catch (err) {
    if (err instanceof RuleError) throw badRequest(`Invalid rule: ${err.message}`, err.details);
    throw err;
  }
}

/** Construct one per bounded transaction (HeavyWork.run): every query of an analysis then shares its limits. */
export class TargetingService {
  private readonly analysis: AnalysisRepository;
  private readonly programs: ProgramsRepository;
  private readonly households: HouseholdsRepository;
  private readonly summaries: SummariesRepository;

  constructor(
    knex: Knex,
    private readonly regionCode: string,
  ) {
    this.analysis = new AnalysisRepository(knex);
    this.programs = new ProgramsRepository(knex);
    this.households = new HouseholdsRepository(knex);
    this.summaries = new SummariesRepository(knex);
  }

  private async context(programCode: string, period: string | undefined, scope: RowScope) {
    const program = await this.programs.find(this.regionCode, programCode, scope);
    if (!program) throw notFoundT('notFound.programToSee', { code: programCode });
    const periodCode = period ?? (await this.households.latestPeriod(this.regionCode));
    if (!periodCode) throw notFoundT('notFound.noPeriod');
    if (!(await this.summaries.visiblePeriods(this.regionCode, false)).includes(periodCode))
      throw notFoundT('notFound.periodMissing', { period: periodCode });
    return { program, periodCode };
  }

  async recommendSites(req: SiteRequest, scope: RowScope) {
    const { program, periodCode } = await this.context(req.program, req.period, scope);
    const srid = await this.analysis.metricSrid(this.regionCode);
    const source: CandidateSource =
      req.candidates === 'points'
        ? { kind: 'points', points: req.points ?? [] }
        : req.candidates === 'grid'
          ? { kind: 'grid', spacing: req.radius }
          : { kind: 'kelurahan' };
    if (source.kind === 'points' && source.points.length === 0) throw badRequestT('analysis.noPoints');
    // One transaction is one connection: the two reads run one after the other.
    const demand = await this.analysis.gapPoints(this.regionCode, periodCode, program, srid);
    const candidates = await this.analysis.candidates(
      this.regionCode,
      periodCode,
      source,
      srid,
      program,
      ANALYSIS_LIMITS.maxCandidates + 1,
    );
    if (candidates.length > ANALYSIS_LIMITS.maxCandidates)
      throw badRequestT(
        'analysis.tooManyCandidates',
        { max: ANALYSIS_LIMITS.maxCandidates },
        { limit: 'maxCandidates', max: ANALYSIS_LIMITS.maxCandidates },
      );
    if (source.kind === 'points') rejectOutside(candidates);
    const picks = greedyMaxCover(coverageSets(demand, candidates, req.radius), demand.length, req.k);
    const sites: RecommendedSite[] = picks.map((p, i) => {
      const c = candidates[p.candidate]!;
      return {
        rank: i + 1,
        lon: round(c.lon, 6),
        lat: round(c.lat, 6),
        kelurahan: c.kelurahanCode,
        label: c.label,
        marginal: p.marginal,
        reach: p.reach,
        cumulative: p.cumulative,
      };
    });
    const covered = picks.at(-1)?.cumulative ?? 0;
    return {
      program: program.program_code,
      period: periodCode,
      radius: req.radius,
      candidates: { kind: source.kind, count: candidates.length },
      demand: demand.length,
      covered,
      coveredShare: demand.length > 0 ? covered / demand.length : null,
      sites,
    };
  }

  async whatIf(programCode: string, period: string | undefined, rule: unknown, scope: RowScope) {
    checkRule(rule); // the route checked it before starting; kept so no caller can skip it
    const { program, periodCode } = await this.context(programCode, period, scope);
    const rows = await this.analysis.whatIf(this.regionCode, periodCode, program, rule);
    const sum = (key: 'current' | 'proposed' | 'gained' | 'lost' | 'lost_enrolled') =>
      rows.reduce((s, r) => s + r[key], 0);
    return {
      program: program.program_code,
      period: periodCode,
      currentRule: program.eligibility_rule,
      proposedRule: rule,
      total: {
        current: sum('current'),
        proposed: sum('proposed'),
        gained: sum('gained'),
        lost: sum('lost'),
        lostEnrolled: sum('lost_enrolled'),
      },
      areas: rows.map((r) => ({
        code: r.kelurahan_code,
        current: r.current,
        proposed: r.proposed,
        gained: r.gained,
        lost: r.lost,
        lostEnrolled: r.lost_enrolled,
      })),
    };
  }
}

function rejectOutside(candidates: CandidateSite[]): void {
  const outside = candidates.flatMap((c, i) => (c.kelurahanCode ? [] : [i]));
  if (outside.length > 0) {
    const first = candidates[outside[0]!]!;
    throw badRequestT(
      'analysis.pointsOutside',
      { count: outside.length, first: outside[0]!, lon: round(first.lon, 6), lat: round(first.lat, 6) },
      { points: outside },
    );
  }
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
