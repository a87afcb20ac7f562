// Who entered, left poverty, fell into poverty, moved or died between two periods, by area: the flows of each
// kelurahan summed up the hierarchy and, for the public, suppressed flow by flow on the one public path
// (domain/disclosure-control.ts). Both periods must be visible to the caller (the public: finalized only).
import { areaHierarchy, publish, rollUp, type Counts, type Level } from '../domain/disclosure-control.ts';
import { badRequestT } from '../lib/problem.ts';
import { FLOWS, type Flow } from '../repositories/flows-repository.ts';
import type { Actor } from './actor.ts';
import type { Db } from './db.ts';
import { suppressionFor } from './indicator-service.ts';
import type { PeriodAccess } from './period-access.ts';

export interface FlowsQuery {
  from: string;
  to: string;
  level: Level;
}

export interface FlowsAnswer extends FlowsQuery {
  areas: Array<{ code: string; name: string; flows: Record<Flow, number | null>; suppressed: Flow[] }>;
}

export class FlowsService {
  constructor(
    private readonly db: Db,
    private readonly periodAccess: PeriodAccess,
    private readonly opts: { poorDesilMax: number; k: number },
  ) {}

  async between(q: FlowsQuery, actor: Actor): Promise<FlowsAnswer> {
    if (q.from >= q.to) throw badRequestT('flows.order', { from: q.from, to: q.to });
    for (const p of [q.from, q.to]) await this.periodAccess.forRead(p, actor);
    const { flows, regions } = this.db.repos;
    const region = actor.regionCode;
    const hierarchy = areaHierarchy(
      { code: region, name: await regions.regionName(region) },
      await regions.areaList(region),
    );
    const kelurahan = new Map<string, Counts>();
    for (const row of await flows.flows(region, q.from, q.to, this.opts.poorDesilMax)) {
      const counts = kelurahan.get(row.code) ?? {};
      counts[row.flow] = (counts[row.flow] ?? 0) + row.n;
      kelurahan.set(row.code, counts);
    }
    const totals = rollUp(
      hierarchy,
      [...kelurahan].map(([code, counts]) => ({ code, counts })),
    );
    return {
      ...q,
      areas: publish(totals, FLOWS, q.level, suppressionFor(actor, this.opts.k)).map((a) => ({
        code: a.code,
        name: a.name,
        flows: a.counts,
        suppressed: a.hidden as Flow[],
      })),
    };
  }
}
