// Readiness: the database answers and every migration this code knows has been applied. Once current, the
// migrations stay current for this process's code, so that check runs until it first passes.
import { migrationsCurrent } from '../db/knex.ts';
import type { Db } from './db.ts';

export type Readiness = 'ready' | 'database-unavailable' | 'migrations-pending';

export class HealthService {
  private migrated = false;

  constructor(private readonly db: Db) {}

  async readiness(): Promise<Readiness> {
    try {
      await this.db.knex.raw('select 1');
    } catch {
      return 'database-unavailable';
    }
    this.migrated ||= await migrationsCurrent(this.db.knex);
    return this.migrated ? 'ready' : 'migrations-pending';
  }
}
