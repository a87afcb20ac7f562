// Everything the area panel shows for one kelurahan, kecamatan or the city: key figures, unmet needs by
// category, program coverage, and the trend of the poor share over all visible periods. Public callers get
// every figure through the same suppression as the map.
import type { Knex } from 'knex';
import type { AnswerCache } from '../plugins/app/answer-cache.ts';
import { indicator, INDICATORS, type IndicatorDef } from '../domain/indicators.ts';
import { IndicatorService, valuesFrom, type Rollup } from './indicator-service.ts';

export interface Figure {
  indicator: string;
  program: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}

export interface AreaProfile {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  period: string;
  figures: Figure[];
  needs: Figure[];
  programs: Figure[];
  trend: Array<{ period: string; value: number | null; suppressed: boolean }>;
}

const KEY_FIGURES = [
  'poor_households',
  'poor_share',
  'poverty_density',
  'disability_rate',
  'invalid_nik_share',
  'unverified_share',
];

export class AreaProfileService {
  private readonly indicators: IndicatorService;

  constructor(knex: Knex, poorDesilMax: number, cache?: Pick<AnswerCache, 'memo'>) {
    this.indicators = new IndicatorService(knex, poorDesilMax, cache);
  }

  async profile(
    regionCode: string,
    code: string,
    period: string,
    periods: string[],
    programs: string[],
    suppressK?: number,
  ): Promise<AreaProfile | undefined> {
    const r = await this.indicators.rollup(regionCode, period);
    if (!r.metrics.has(code)) return undefined;
    const figure = (rollup: Rollup, def: IndicatorDef, program?: string): Figure => {
      const v = valuesFrom(rollup, def, 'all', program, suppressK).find((x) => x.code === code)!;
      return {
        indicator: def.id,
        program: program ?? null,
        value: v.value,
        numerator: v.numerator,
        denominator: v.denominator,
        suppressed: v.suppressed,
      };
    };
    const trendDef = indicator('poor_share')!;
    const trend = [];
    for (const p of periods) {
      const f = figure(p === period ? r : await this.indicators.rollup(regionCode, p), trendDef);
      trend.push({ period: p, value: f.value, suppressed: f.suppressed });
    }
    return {
      code,
      name: r.names.get(code)!,
      level: r.levels.get(code)!,
      parent: r.parent.get(code) ?? null,
      period,
      figures: KEY_FIGURES.map((id) => figure(r, indicator(id)!)),
      needs: INDICATORS.filter((d) => d.id.startsWith('unmet_need_')).map((d) => figure(r, d)),
      programs: programs.flatMap((p) => [
        figure(r, indicator('coverage_gap_share')!, p),
        figure(r, indicator('leakage')!, p),
      ]),
      trend,
    };
  }
}
