// A service's handle on the database: the repositories over the pool for single reads, and `transaction` for a
// unit of work, whose callback gets the same repositories bound to the transaction. A change and its audit row
// are written through the callback's repositories, so they commit or roll back together.
import type { Knex } from 'knex';
import { translateDatabaseError } from '../lib/database-errors.ts';
import { createRepositories, type Repositories } from '../repositories/index.ts';

export interface Db {
  readonly knex: Knex;
  readonly repos: Repositories;
  /** Runs `work` in one transaction; database refusals reach the caller as problems (lib/database-errors.ts). */
  transaction<T>(work: (repos: Repositories, trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

export function createDb(knex: Knex): Db {
  const repos = createRepositories(knex);
  return {
    knex,
    repos,
    async transaction(work) {
      try {
        return await knex.transaction((trx) => work(createRepositories(trx), trx));
      } catch (err) {
        translateDatabaseError(err);
      }
    },
  };
}
