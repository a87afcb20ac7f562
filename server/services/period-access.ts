// The one home of "which period does this request mean, and may this caller see it". The public sees
// finalized periods only (an open period is work in progress, and publishing it early is a privacy breach as
// much as a quality one); logged-in staff see every period; writes go to the period named, else the latest,
// and a finalized period refuses them. Routes, the CLI, imports and targeting all ask here.
import { notFoundT, problem } from '../lib/problem.ts';
import type { PeriodRow, PeriodsRepository } from '../repositories/periods-repository.ts';
import type { Actor } from './actor.ts';

export interface ResolvedPeriod {
  code: string;
  status: 'open' | 'finalized';
  /** True when the public may see it (finalized). */
  published: boolean;
}

const resolved = (p: PeriodRow): ResolvedPeriod => ({
  code: p.period_code,
  status: p.status,
  published: p.status === 'finalized',
});

export class PeriodAccess {
  constructor(
    private readonly periods: Pick<PeriodsRepository, 'list'>,
    private readonly regionCode: string,
  ) {}

  /** Every period the caller may see, oldest first. */
  async visible(actor: Pick<Actor, 'user' | 'via'>): Promise<ResolvedPeriod[]> {
    const all = (await this.periods.list(this.regionCode)).map(resolved);
    return isPublic(actor) ? all.filter((p) => p.published) : all;
  }

  /** The period to read: the one named (404 if it does not exist or is not published), else the latest visible. */
  async forRead(requested: string | undefined, actor: Pick<Actor, 'user' | 'via'>): Promise<ResolvedPeriod> {
    const all = await this.visible(actor);
    const publicCaller = isPublic(actor);
    if (requested === undefined) {
      const latest = all.at(-1);
      if (!latest) throw notFoundT(publicCaller ? 'notFound.noPublishedPeriod' : 'notFound.noPeriod');
      return latest;
    }
    const found = all.find((p) => p.code === requested);
    if (!found)
      throw notFoundT(publicCaller ? 'notFound.periodNotPublished' : 'notFound.period', {
        period: requested,
      });
    return found;
  }

  /** The period to change: the one named, else the latest; 404 if missing, 409 if finalized. */
  async forWrite(requested: string | undefined): Promise<ResolvedPeriod> {
    const all = (await this.periods.list(this.regionCode)).map(resolved);
    const found = requested === undefined ? all.at(-1) : all.find((p) => p.code === requested);
    if (!found)
      throw requested === undefined
        ? notFoundT('notFound.noPeriod')
        : notFoundT('notFound.period', { period: requested });
    if (found.status === 'finalized')
      throw problem(409, 'period-finalized', 'period.finalized', { period: found.code });
    return found;
  }
}

/** The public is whoever is not logged in through the API; the CLI and the system act for the city. */
function isPublic(actor: Pick<Actor, 'user' | 'via'>): boolean {
  return actor.via === 'api' && actor.user === null;
}
