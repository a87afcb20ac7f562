// Public counts of registered and poor households by area, for whoever asks: finalized periods only and small
// cells suppressed (primary, complements to the registered count, complementary), from the same roll-up and
// the same suppression path as the indicators — "poor" here is the poor_households indicator's count, so the
// two can never be played against each other.
import { publish, type Level } from '../domain/disclosure-control.ts';
import { notFoundT } from '../lib/problem.ts';
import type { Actor } from './actor.ts';
import type { IndicatorService } from './indicator-service.ts';
import type { PeriodAccess } from './period-access.ts';

export interface PublicHouseholdsRow {
  code: string;
  name: string;
  level: Level;
  households: number | null;
  poor: number | null;
  suppressed: { households: boolean; poor: boolean };
}

/** Stats are public output whoever asks: periods are resolved as for the public. */
const PUBLIC = { user: null, via: 'api' } as const;

export class PublicStatsService {
  constructor(
    private readonly indicators: Pick<IndicatorService, 'rollup'>,
    private readonly periodAccess: PeriodAccess,
    private readonly k: number,
  ) {}

  async households(
    q: { period?: string; level: Level },
    actor: Pick<Actor, 'regionCode'>,
  ): Promise<{ period: string; k: number; areas: PublicHouseholdsRow[] }> {
    const period = (await this.periodAccess.forRead(q.period, PUBLIC)).code;
    const totals = await this.indicators.rollup(actor.regionCode, period);
    if (!totals.get(actor.regionCode)?.counts.households)
      throw notFoundT('notFound.periodNoData', { period });
    const areas = publish(totals, ['households', 'poor'], q.level, this.k).map((a) => ({
      code: a.code,
      name: a.name,
      level: a.level,
      households: a.counts.households ?? null,
      poor: a.counts.poor ?? null,
      suppressed: { households: a.hidden.includes('households'), poor: a.hidden.includes('poor') },
    }));
    return { period, k: this.k, areas };
  }
}
