// Indicator values for a period and level: summaries refreshed if a write made them stale, kelurahan counts
// summed up to kecamatan and city, the ratio computed from the sums, and — for the public — small cells
// suppressed over the whole hierarchy for every count the indicator rests on.
import type { Knex } from 'knex';
import type { AnswerCache } from '../plugins/app/answer-cache.ts';
import { addMetrics, evaluate, metricKey, type IndicatorDef, type Metrics } from '../domain/indicators.ts';
import { suppressCounts, type HierarchyCell } from '../domain/suppression.ts';
import { RegionsRepository } from '../repositories/regions-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';
import { BoundaryAreasRepository } from '../repositories/boundary-areas-repository.ts';

export type Level = 'kelurahan' | 'kecamatan' | 'city';

export interface IndicatorValue {
  code: string;
  name: string;
  parent: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
}

export interface ValueQuery {
  regionCode: string;
  period: string;
  level: Level;
  program?: string;
  /** Public callers get suppressed output. */
  suppressK?: number;
}

export class IndicatorService {
  private readonly summaries: SummariesRepository;

  constructor(
    private readonly knex: Knex,
    private readonly poorDesilMax: number,
    /** Keeps a period's roll-up between changes (the app passes its answer cache; scripts go without). */
    private readonly cache?: Pick<AnswerCache, 'memo'>,
  ) {
    this.summaries = new SummariesRepository(knex);
  }

  async ensureFresh(regionCode: string, period: string): Promise<void> {
    if (!(await this.summaries.isFresh(regionCode, period)))
      await this.summaries.refresh(regionCode, period, this.poorDesilMax);
  }

  /** Refreshes every stale period (newest first): run in the background after start-up. */
  async warmAll(regionCode: string, log: (m: string) => void): Promise<void> {
    const periods = (await this.summaries.periods(regionCode)).map((p) => p.period_code).reverse();
    for (const period of periods) {
      if (await this.summaries.isFresh(regionCode, period)) continue;
      const started = Date.now();
      await this.summaries.refresh(regionCode, period, this.poorDesilMax);
      log(`indicator summaries for ${period} refreshed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }

  /** Kelurahan metrics summed up to every kecamatan and the city, for one period. */
  async rollup(regionCode: string, period: string): Promise<Rollup> {
    return this.cache
      ? this.cache.memo(`rollup:${regionCode}:${period}`, () => this.computeRollup(regionCode, period))
      : this.computeRollup(regionCode, period);
  }

  private async computeRollup(regionCode: string, period: string): Promise<Rollup> {
    await this.ensureFresh(regionCode, period);
    const regions = new RegionsRepository(this.knex);
    const areas = await regions.areaList(regionCode);
    const areaKm2 = await new BoundaryAreasRepository(this.knex).activeAreas(regionCode);
    const metrics = new Map<string, Metrics>([[regionCode, {}]]);
    const parent = new Map<string, string | null>([[regionCode, null]]);
    const names = new Map<string, string>([[regionCode, await regions.regionName(regionCode)]]);
    const levels = new Map<string, Level>([[regionCode, 'city']]);
    for (const a of areas) {
      metrics.set(a.code, {});
      parent.set(a.code, a.parent_code ?? regionCode);
      names.set(a.code, a.name);
      levels.set(a.code, a.level);
    }
    for (const k of await this.summaries.read(regionCode, period)) {
      const own = { ...k.metrics, area_km2: areaKm2.get(k.code) ?? 0 };
      for (let code: string | null = k.code; code; code = parent.get(code) ?? null)
        addMetrics(metrics.get(code)!, own);
    }
    return { metrics, parent, names, levels };
  }

  async values(def: IndicatorDef, q: ValueQuery): Promise<IndicatorValue[]> {
    const r = await this.rollup(q.regionCode, q.period);
    return valuesFrom(r, def, q.level, q.program, q.suppressK);
  }
}

export interface Rollup {
  metrics: Map<string, Metrics>;
  parent: Map<string, string | null>;
  names: Map<string, string>;
  levels: Map<string, Level>;
}

/** One indicator's values at one level from a roll-up, suppressed when k is given (public callers). */
export function valuesFrom(
  r: Rollup,
  def: IndicatorDef,
  level: Level | 'all',
  program?: string,
  suppressK?: number,
): IndicatorValue[] {
  const hidden = suppressK ? suppressed(def, program, r.metrics, r.parent, suppressK) : new Set<string>();
  return [...r.metrics.entries()]
    .filter(([code]) => level === 'all' || r.levels.get(code) === level)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, m]) => {
      const v = evaluate(def, m, program);
      const hide = hidden.has(code);
      return {
        code,
        name: r.names.get(code) ?? code,
        parent: r.parent.get(code) ?? null,
        numerator: hide ? null : v.numerator,
        denominator: hide ? null : v.denominator,
        value: hide ? null : v.value,
        suppressed: hide,
      };
    });
}

/** Areas whose figure would disclose a small count (primary or by subtraction) in any count it rests on. */
function suppressed(
  def: IndicatorDef,
  program: string | undefined,
  metrics: Map<string, Metrics>,
  parent: Map<string, string | null>,
  k: number,
): Set<string> {
  const out = new Set<string>();
  for (const template of def.protects) {
    const key = metricKey(template, program);
    const cells: HierarchyCell[] = [...metrics.entries()].map(([code, m]) => ({
      code,
      parent: parent.get(code) ?? null,
      count: m[key] ?? 0,
    }));
    for (const code of suppressCounts(cells, k).suppressed) out.add(code);
  }
  return out;
}
