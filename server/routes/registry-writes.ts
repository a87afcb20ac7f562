// What every route that writes the registry shares: which period a request means, and how the database's
// refusal to change a finalized period (triggers, SQLSTATE P0001) reaches the caller.
import { HttpProblem, notFoundT, problem } from '../lib/problem.ts';
import type { HouseholdsRepository } from '../repositories/households-repository.ts';

/** The period named, else the latest one. */
export function periodResolver(households: HouseholdsRepository, regionCode: string) {
  return async (period?: string): Promise<string> => {
    const p = period ?? (await households.latestPeriod(regionCode));
    if (!p) throw notFoundT('notFound.noPeriod');
    return p;
  };
}

/** True for the finalized-period refusal raised by the registry's triggers. */
export function isFinalizedRefusal(err: unknown): boolean {
  return (err as { code?: string }).code === 'P0001';
}

/**
 * Rethrows a finalized-period refusal as 409 in the caller's language; other errors as they are. The trigger's
 * message is "period <code> is finalized and cannot be changed": only the code is taken from it.
 */
export function rethrowFinalized(err: unknown): never {
  if (isFinalizedRefusal(err)) {
    const period = /period (\S+) is finalized/.exec((err as Error).message)?.[1];
    if (period) throw problem(409, 'period-finalized', 'period.finalized', { period });
    throw new HttpProblem(409, 'period-finalized', 'Period finalized', (err as Error).message);
  }
  throw err;
}
