// What every route that writes the registry shares: which period a request means, and how the database's
// refusal to change a finalized period (triggers, SQLSTATE P0001) reaches the caller.
import { HttpProblem, notFound } from '../lib/problem.ts';
import type { HouseholdsRepository } from '../repositories/households-repository.ts';

/** The period named, else the latest one. */
export function periodResolver(households: HouseholdsRepository, regionCode: string) {
  return async (period?: string): Promise<string> => {
    const p = period ?? (await households.latestPeriod(regionCode));
    if (!p) throw notFound('No period yet.');
    return p;
  };
}

/** True for the finalized-period refusal raised by the registry's triggers. */
export function isFinalizedRefusal(err: unknown): boolean {
  return (err as { code?: string }).code === 'P0001';
}

/** Rethrows a finalized-period refusal as 409 with the database's message; other errors as they are. */
export function rethrowFinalized(err: unknown): never {
  if (isFinalizedRefusal(err))
    throw new HttpProblem(409, 'period-finalized', 'Period finalized', (err as Error).message);
  throw err;
}
