// The knex instance: one pool per process, statements bounded by a timeout, PostGIS helpers attached.
import knexFactory, { type Knex } from 'knex';
import knexPostgis from 'knex-postgis';
import pg from 'pg';
import { migrationSource } from '../../migrations/index.ts';
import { grantAppPrivileges } from './roles.ts';
import { hashFailedStatements } from '../lib/statement-errors.ts';

// DATE columns are calendar dates, not instants: keep them as 'YYYY-MM-DD' strings instead of shifting
// them through the server's time zone. BIGINT counts fit in a double for this registry's sizes.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface DbOptions {
  url: string;
  statementTimeoutMs?: number;
  poolMax?: number;
}

export function createKnex(opts: DbOptions): Knex {
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: opts.url,
      ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
      application_name: 'sidaksos',
      // No JIT compilation: this schema's statements are short, but PostgreSQL prices them by the whole city's
      // rows and compiles them for longer than they run. Measured at 500,000 households: one kelurahan's refresh
      // after an edit 1.3 s → 0.2 s, a kecamatan's program targets 93 → 39 ms, even the full refresh 23 → 19 s.
      options: '-c jit=off',
      // During a database outage, fail fast (→ 503) instead of holding requests for a minute.
      connectionTimeoutMillis: 5000,
    },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    acquireConnectionTimeout: 10_000,
    migrations: { migrationSource, tableName: 'knex_migrations' },
    // Failed statements are logged by hash (hashFailedStatements), and bound values never enter messages.
    compileSqlOnError: false,
  });
  hashFailedStatements(knex);
  knexPostgis(knex);
  return knex;
}

/**
 * Applies pending migrations, then the grant pass (the app role's privileges; see roles.ts). With nothing
 * pending it only reads, so the app's role (which may not take the migration lock) passes when current.
 */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  let applied: string[] = [];
  if (!(await migrationsCurrent(knex))) [, applied] = (await knex.migrate.latest()) as [number, string[]];
  await grantAppPrivileges(knex);
  return applied;
}

/** True when every known migration has been applied (used by /readyz). */
export async function migrationsCurrent(knex: Knex): Promise<boolean> {
  const [, pending] = (await knex.migrate.list()) as [unknown[], unknown[]];
  return pending.length === 0;
}
