// Everything the area panel shows for one kelurahan, kecamatan or the city: key figures, unmet needs by
// category, program coverage, the trend of the poor share over all periods the caller may see, and (trend())
// the chosen indicator's trend beside the city's. Public callers get every figure through the same suppression
// as the map (the indicator service's one path).
import { indicator, INDICATORS, type IndicatorDef } from '../domain/indicators.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import { suppressionFor, type IndicatorService, type Rollup } from './indicator-service.ts';
import type { PeriodAccess } from './period-access.ts';

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

export interface TrendPoint {
  period: string;
  value: number | null;
  suppressed: boolean;
  /** The city's value in the same period (the chart's reference line). */
  city: number | null;
  citySuppressed: boolean;
}

export interface AreaTrend {
  code: string;
  name: string;
  indicator: string;
  program: string | null;
  unit: string;
  /** Oldest first: every period the caller may see. */
  points: TrendPoint[];
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
  constructor(
    private readonly db: Db,
    private readonly indicators: Pick<IndicatorService, 'rollup' | 'valuesFrom'>,
    private readonly periodAccess: PeriodAccess,
    /** Public small-cell threshold (config suppressionK). */
    private readonly k: number,
  ) {}

  async profile(code: string, requestedPeriod: string | undefined, actor: Actor): Promise<AreaProfile> {
    const period = (await this.periodAccess.forRead(requestedPeriod, actor)).code;
    const visible = (await this.periodAccess.visible(actor)).map((p) => p.code);
    // OPD staff see their own programs' coverage; everyone else every program's aggregates.
    const programs = (await this.db.repos.programs.list(actor.regionCode, scopeOf(actor))).map(
      (p) => p.program_code,
    );
    const k = suppressionFor(actor, this.k);
    const r = await this.indicators.rollup(actor.regionCode, period);
    const area = r.get(code);
    if (!area) throw notFoundT('notFound.area', { code });
    const figure = (rollup: Rollup, def: IndicatorDef, program?: string): Figure => {
      const v = this.indicators.valuesFrom(rollup, def, 'all', program, k).find((x) => x.code === code)!;
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
    for (const p of visible) {
      const f = figure(p === period ? r : await this.indicators.rollup(actor.regionCode, p), trendDef);
      trend.push({ period: p, value: f.value, suppressed: f.suppressed });
    }
    return {
      code,
      name: area.name,
      level: area.level,
      parent: area.parent,
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

  /** One indicator (and program) of one area over every period the caller may see, with the city's value. */
  async trend(code: string, id: string, program: string | undefined, actor: Actor): Promise<AreaTrend> {
    const def = indicator(id);
    if (!def) throw notFoundT('notFound.indicator', { id });
    if (def.program && !program) throw badRequestT('indicator.needsProgram', { id });
    if (!def.program && program) throw badRequestT('indicator.noProgram', { id });
    if (program && !(await this.db.repos.programs.find(actor.regionCode, program, scopeOf(actor))))
      throw notFoundT('notFound.programToSee', { code: program });
    const k = suppressionFor(actor, this.k);
    const points: TrendPoint[] = [];
    let name: string | undefined;
    for (const p of await this.periodAccess.visible(actor)) {
      const r = await this.indicators.rollup(actor.regionCode, p.code);
      if (!r.has(code)) continue; // an area that did not exist then (a boundary change)
      name = r.get(code)!.name;
      const values = this.indicators.valuesFrom(r, def, 'all', program, k);
      const v = values.find((x) => x.code === code)!;
      const city = values.find((x) => x.code === actor.regionCode);
      points.push({
        period: p.code,
        value: v.value,
        suppressed: v.suppressed,
        city: city?.value ?? null,
        citySuppressed: city?.suppressed ?? false,
      });
    }
    if (name === undefined) throw notFoundT('notFound.area', { code });
    return { code, name, indicator: def.id, program: program ?? null, unit: def.unit, points };
  }
}
