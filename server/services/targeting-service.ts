// The targeting tools behind /api/v1/analysis: the site recommender (greedy maximal covering of eligible but
// unenrolled households) and the what-if of a changed rule. Reads only; nothing stored changes, and the answers
// are counts and site coordinates, never people (so not audited as person-level reads).
import { ANALYSIS_LIMITS } from '../domain/analysis-limits.ts';
import { coverageSets, greedyMaxCover } from '../domain/max-covering.ts';
import type { HeavyWork } from '../lib/heavy-work.ts';
import { badRequestT } from '../lib/problem.ts';
import type { CandidateSite, CandidateSource } from '../repositories/analysis-repository.ts';
import { createRepositories, type Repositories } from '../repositories/index.ts';
import type { Actor } from './actor.ts';
import type { PeriodAccess } from './period-access.ts';
import { checkRule, type ProgramService } from './program-service.ts';

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
 * Every analysis runs in the actor's one heavy-work slot (429 while their previous one runs), inside a
 * read-only transaction with the short statement timeout and small work_mem, so every query of it shares the
 * limits. The program and the period are resolved first, on the pool, like any read.
 */
export class TargetingService {
  constructor(
    private readonly heavyWork: HeavyWork,
    private readonly periodAccess: PeriodAccess,
    private readonly programs: ProgramService,
  ) {}

  private async context(actor: Actor, programCode: string, period: string | undefined) {
    const program = await this.programs.visible(actor, programCode);
    const periodCode = (await this.periodAccess.forRead(period, actor)).code;
    return { program, periodCode };
  }

  /** `work` over repositories bound to a bounded transaction, in the actor's one slot. */
  private analyse<T>(actor: Actor, work: (repos: Repositories) => Promise<T>): Promise<T> {
    const slot = actor.user?.id ?? `${actor.via}:${actor.username ?? ''}`;
    return this.heavyWork.run(slot, (trx) => work(createRepositories(trx)));
  }

  async recommendSites(actor: Actor, req: SiteRequest) {
    const { program, periodCode } = await this.context(actor, req.program, req.period);
    const regionCode = actor.regionCode;
    const source: CandidateSource =
      req.candidates === 'points'
        ? { kind: 'points', points: req.points ?? [] }
        : req.candidates === 'grid'
          ? { kind: 'grid', spacing: req.radius }
          : { kind: 'kelurahan' };
    if (source.kind === 'points' && source.points.length === 0) throw badRequestT('analysis.noPoints');
    // The whole analysis holds the slot: the reads and the greedy choice over them.
    return this.analyse(actor, async ({ analysis }) => {
      const srid = await analysis.metricSrid(regionCode);
      // One transaction is one connection: the two reads run one after the other.
      const demand = await analysis.gapPoints(regionCode, periodCode, program, srid);
      const candidates = await analysis.candidates(
        regionCode,
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
    });
  }

  /** What a changed rule would do, per kelurahan; nothing is stored. */
  async whatIf(actor: Actor, programCode: string, period: string | undefined, rule: unknown) {
    checkRule(rule); // before the analysis slot is taken and before any SQL
    const { program, periodCode } = await this.context(actor, programCode, period);
    const rows = await this.analyse(actor, ({ analysis }) =>
      analysis.whatIf(actor.regionCode, periodCode, program, rule),
    );
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
