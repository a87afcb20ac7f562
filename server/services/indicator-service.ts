// Indicator values for a period and level: summaries refreshed if a write made them stale, kelurahan counts
// summed up to kecamatan and city and, for the public, suppressed over the whole hierarchy for every count
// the indicator rests on (domain/disclosure-control.ts, the one path public counts take), and the ratio
// computed from the sums. The caller's period comes from PeriodAccess (the public: finalized periods only), their
// programs from their scope.
import type { AnswerCache } from '../lib/answer-cache.ts';
import {
  areaHierarchy,
  rollUp,
  suppressedAreas,
  type AreaTotals,
  type Level,
} from '../domain/disclosure-control.ts';
import { coarsenings, isUncertain, uncertaintyBase, type Coarsened } from '../domain/coarsening.ts';
import { evaluate, indicator, metricKey, type IndicatorDef } from '../domain/indicators.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';

export type { Level } from '../domain/disclosure-control.ts';

/** Every area of one period with its summed counts (area_km2 included), keyed and ordered by code. */
export type Rollup = ReadonlyMap<string, AreaTotals>;

export interface IndicatorValue {
  code: string;
  name: string;
  parent: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
  /** A published value on a small base (domain/coarsening.ts), for staff and the public alike. */
  uncertain: boolean;
  /** A suppressed kelurahan's published kecamatan value (public kelurahan answers only); else null. */
  coarsened: Coarsened | null;
  previous?: number | null;
  change?: number | null;
}

export interface IndicatorQuery {
  id: string;
  period?: string;
  level: Level;
  program?: string;
  /** An earlier period: adds previous and change. */
  compare?: string;
  /** Only the kelurahan of this kecamatan (a drill-down), cut from the city-wide answer. */
  kecamatan?: string;
}

export interface IndicatorAnswer {
  def: IndicatorDef;
  period: string;
  level: Level;
  program: string | null;
  compare: string | null;
  kecamatan: string | null;
  /** The threshold the values were suppressed with; undefined for staff (nothing suppressed). */
  k: number | undefined;
  /** Values whose base (the count uncertaintyBase names) is below this are flagged uncertain. */
  smallDenominator: number;
  /** That base's metric key; null for plain counts, which are never flagged. */
  uncertaintyBase: string | null;
  values: IndicatorValue[];
}

/** What a request read needs beyond the summaries: whose periods, and the public threshold. */
export interface PublicationRules {
  periodAccess: PeriodAccess;
  /** Public small-cell threshold (config suppressionK). */
  k: number;
  /** Published values on a base below this are flagged uncertain (config smallDenominator; default 30). */
  smallDenominator?: number;
}

/** The default of config SMALL_DENOMINATOR, for callers (scripts, tests) that do not pass one. */
export const DEFAULT_SMALL_DENOMINATOR = 30;

/** The public (anonymous API callers) get suppressed figures; staff, the CLI and the system see them all. */
export function suppressionFor(actor: Pick<Actor, 'user' | 'via'>, k: number): number | undefined {
  return actor.via === 'api' && actor.user === null ? k : undefined;
}

export class IndicatorService {
  // Which areas hide which measure, per roll-up (roll-ups are kept by the answer cache between changes).
  private readonly hiddenMemo = new WeakMap<Rollup, Map<string, Set<string>>>();

  constructor(
    private readonly db: Db,
    private readonly poorDesilMax: number,
    /** Keeps a period's roll-up between changes (the app passes its answer cache; scripts go without). */
    private readonly cache: Pick<AnswerCache, 'memo'> | undefined,
    private readonly rules: PublicationRules,
  ) {}

  async ensureFresh(regionCode: string, period: string): Promise<void> {
    if ((await this.db.repos.summaries.freshness(regionCode, period)) !== 'fresh')
      await this.refresh(regionCode, period);
  }

  /** Refreshes every stale period (newest first): run in the background after start-up. */
  async warmAll(regionCode: string, log: (m: string) => void): Promise<void> {
    const periods = (await this.db.repos.summaries.periods(regionCode)).map((p) => p.period_code).reverse();
    for (const period of periods) {
      if (await this.db.repos.summaries.isFresh(regionCode, period)) continue;
      const started = Date.now();
      await this.refresh(regionCode, period);
      log(`indicator summaries for ${period} refreshed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }

  /**
   * Recomputes, in one transaction, the whole period when it is stale as a whole (never refreshed, bulk work)
   * or else only the kelurahan small writes marked (#21: an edit reaches the map in milliseconds, not the
   * 16–22 s of a full refresh at 500,000 households). The period's summary_state row is locked for the
   * duration, so a write committing meanwhile marks it again only after this refresh — never lost.
   */
  private async refresh(regionCode: string, period: string): Promise<void> {
    await this.db.transaction(async (repos, trx) => {
      const whole = await repos.summaries.lockStale(regionCode, period);
      // A whole refresh covers the marked kelurahan too; either way the marks are taken.
      const marked = await repos.summaries.takeMarked(regionCode, period);
      if (!whole && marked.length === 0) return; // refreshed while we waited
      const only = whole ? undefined : marked;
      const metrics = await repos.summaries.baseMetrics(regionCode, period, this.poorDesilMax, only);
      const programs = await repos.programs.list(regionCode, {});
      for (const [code, rows] of await repos.programs.coverageAll(regionCode, period, programs, only)) {
        for (const row of rows) {
          const m = metrics.get(row.kelurahan_code);
          if (!m) continue;
          for (const key of ['eligible', 'enrolled', 'gap', 'leakage'] as const)
            m[`program:${code}:${key}`] = row[key];
        }
      }
      await repos.summaries.write(regionCode, period, metrics);
      await repos.tiles.rebuildCells(trx, regionCode, period, this.poorDesilMax, only);
      if (whole) await repos.summaries.markFresh(regionCode, period);
    });
  }

  /** Kelurahan counts summed up to every kecamatan and the city, for one period. */
  async rollup(regionCode: string, period: string): Promise<Rollup> {
    return this.cache
      ? this.cache.memo(`rollup:${regionCode}:${period}`, () => this.computeRollup(regionCode, period))
      : this.computeRollup(regionCode, period);
  }

  private async computeRollup(regionCode: string, period: string): Promise<Rollup> {
    await this.ensureFresh(regionCode, period);
    const { regions, boundaryAreas, summaries } = this.db.repos;
    const hierarchy = areaHierarchy(
      { code: regionCode, name: await regions.regionName(regionCode) },
      await regions.areaList(regionCode),
    );
    const areaKm2 = await boundaryAreas.activeAreas(regionCode);
    const kelurahan = (await summaries.read(regionCode, period)).map((k) => ({
      code: k.code,
      counts: { ...k.metrics, area_km2: areaKm2.get(k.code) ?? 0 },
    }));
    return rollUp(hierarchy, kelurahan);
  }

  /** One indicator's values at one level (or all), suppressed when k is given (public callers). */
  valuesFrom(
    r: Rollup,
    def: IndicatorDef,
    level: Level | 'all',
    program?: string,
    k?: number,
  ): IndicatorValue[] {
    const keys = def.protects.map((t) => metricKey(t, program));
    const base = uncertaintyBase(def, program);
    // The base's own suppression (a density's households are not among the counts it protects) decides
    // whether the public may be told it is small at all.
    const hidden = k === undefined ? undefined : this.hidden(r, base ? [...keys, base] : keys, k);
    const small = this.rules.smallDenominator ?? DEFAULT_SMALL_DENOMINATOR;
    return [...r.values()]
      .filter((a) => level === 'all' || a.level === level)
      .map((a) => {
        const v = evaluate(def, a.counts, program);
        const hide = hidden !== undefined && keys.some((key) => hidden.get(key)!.has(a.code));
        const value = hide ? null : v.value;
        const baseHidden = base !== null && hidden !== undefined && hidden.get(base)!.has(a.code);
        return {
          code: a.code,
          name: a.name,
          parent: a.parent,
          numerator: hide ? null : v.numerator,
          denominator: hide ? null : v.denominator,
          value,
          suppressed: hide,
          uncertain: base !== null && isUncertain(value, a.counts[base] ?? 0, small, baseHidden),
          coarsened: null,
        };
      });
  }

  private hidden(r: Rollup, keys: readonly string[], k: number): Map<string, Set<string>> {
    const memo = this.hiddenMemo.get(r) ?? new Map<string, Set<string>>();
    this.hiddenMemo.set(r, memo);
    const missing = keys.filter((key) => !memo.has(`${k}|${key}`));
    for (const [key, codes] of suppressedAreas(r, missing, k)) memo.set(`${k}|${key}`, codes);
    return new Map(keys.map((key) => [key, memo.get(`${k}|${key}`)!]));
  }

  /** GET /indicators/:id: the values a caller may see, for the period they may see. */
  async read(q: IndicatorQuery, actor: Actor): Promise<IndicatorAnswer> {
    const rules = this.publication();
    const def = indicator(q.id);
    if (!def) throw notFoundT('notFound.indicator', { id: q.id });
    if (def.program && !q.program) throw badRequestT('indicator.needsProgram', { id: def.id });
    if (!def.program && q.program) throw badRequestT('indicator.noProgram', { id: def.id });
    // Public output may show any program's aggregates; logged-in OPD staff are held to their own programs.
    if (q.program && !(await this.db.repos.programs.find(actor.regionCode, q.program, scopeOf(actor))))
      throw notFoundT('notFound.programToSee', { code: q.program });
    const period = (await rules.periodAccess.forRead(q.period, actor)).code;
    const k = suppressionFor(actor, rules.k);
    const at = async (p: string) =>
      this.valuesFrom(await this.rollup(actor.regionCode, p), def, q.level, q.program, k);
    const values = await at(period);
    if (k !== undefined && q.level === 'kelurahan') {
      // Coarsening (domain/coarsening.ts) from the public kecamatan answer of the same roll-up and threshold.
      const r = await this.rollup(actor.regionCode, period);
      const byCode = coarsenings(values, this.valuesFrom(r, def, 'kecamatan', q.program, k));
      for (const v of values) v.coarsened = byCode.get(v.code) ?? null;
    }
    if (q.compare !== undefined) {
      if (q.compare >= period) throw badRequestT('indicator.compareBefore', { compare: q.compare, period });
      const before = await at((await rules.periodAccess.forRead(q.compare, actor)).code);
      const previous = new Map(before.map((v) => [v.code, v.value]));
      for (const v of values) {
        v.previous = previous.get(v.code) ?? null;
        v.change = v.value !== null && v.previous !== null ? v.value - v.previous : null;
      }
    }
    // A drill-down's subset of the city-wide answer: suppression (and its complements) was decided over the
    // whole city, so a subset reveals nothing the whole did not.
    const kecamatan = q.kecamatan !== undefined && q.level === 'kelurahan' ? q.kecamatan : null;
    return {
      def,
      period,
      level: q.level,
      program: q.program ?? null,
      compare: q.compare ?? null,
      kecamatan,
      k,
      smallDenominator: rules.smallDenominator ?? DEFAULT_SMALL_DENOMINATOR,
      uncertaintyBase: uncertaintyBase(def, q.program),
      values: kecamatan ? values.filter((v) => v.code.startsWith(`${kecamatan}.`)) : values,
    };
  }

  /** The active boundaries of an answer's areas (simplified for transfer), as a GeoJSON FeatureCollection. */
  async boundaries(a: IndicatorAnswer, regionCode: string): Promise<string> {
    if (a.level === 'city') return '{"type":"FeatureCollection","features":[]}';
    return this.db.repos.regions.featureCollection({
      regionCode,
      level: a.level,
      simplified: true,
      ...(a.kecamatan ? { kecamatanCode: a.kecamatan } : {}),
      layerName: `sidaksos_${a.def.id}${a.program ? `_${a.program}` : ''}_${a.level}_${a.period}`,
    });
  }

  private publication(): PublicationRules {
    return this.rules;
  }
}
