// Bounded database work for what users shape: analyses and rule evaluations. Each runs in its own read-only
// transaction with a short statement timeout and a small work_mem (SET LOCAL: they end with the transaction,
// so the pooled connection goes back unchanged), and each user has at most one running at a time, so one
// person cannot occupy several backends or drive one into the out-of-memory killer.
import type { Knex } from 'knex';
import { problem } from './problem.ts';
import { hasSqlState, SQLSTATE } from './database-errors.ts';

export interface HeavyWorkLimits {
  /** statement_timeout inside the transaction, in milliseconds. */
  statementTimeoutMs: number;
  /** work_mem inside the transaction, a PostgreSQL memory size such as '16MB'. */
  workMem: string;
}

export class HeavyWork {
  private readonly running = new Set<string>();

  constructor(
    private readonly knex: Knex,
    readonly limits: HeavyWorkLimits,
  ) {}

  /** Seconds a refused caller should wait: no longer than one statement of the running analysis may take. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.limits.statementTimeoutMs / 1000));
  }

  /**
   * Runs `work` for `userId` in a bounded transaction, or refuses with 429 while that user's previous heavy
   * work is still running. The check and the claim happen in the same tick, so parallel requests cannot both
   * pass it (one process serves the API).
   */
  async run<T>(userId: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    if (this.running.has(userId)) {
      throw problem(
        429,
        'analysis-busy',
        'limit.analysisBusy',
        {},
        { retryAfterSeconds: this.retryAfterSeconds },
      ).withHeaders({ 'retry-after': String(this.retryAfterSeconds) });
    }
    this.running.add(userId);
    try {
      return await this.bounded(work);
    } finally {
      this.running.delete(userId);
    }
  }

  /**
   * `work` in a bounded transaction without the per-user slot: for reads of stored rules (coverage, target
   * lists), whose size was checked when they were stored and which a screen loads alongside an analysis.
   */
  async bounded<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    try {
      return await bounded(this.knex, this.limits, work);
    } catch (err) {
      if (hasSqlState(err, SQLSTATE.queryCanceled)) {
        throw problem(503, 'analysis-timeout', 'limit.analysisTimeout', {
          seconds: this.limits.statementTimeoutMs / 1000,
        });
      }
      throw err;
    }
  }
}

/** `work` inside a read-only transaction with SET LOCAL statement_timeout and work_mem. */
export function bounded<T>(
  knex: Knex,
  limits: HeavyWorkLimits,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return knex.transaction(
    async (trx) => {
      // set_config(…, true) is SET LOCAL with bind parameters (SET itself takes none).
      await trx.raw(`select set_config('statement_timeout', ?, true), set_config('work_mem', ?, true)`, [
        `${limits.statementTimeoutMs}ms`,
        limits.workMem,
      ]);
      return work(trx);
    },
    { readOnly: true },
  );
}
