// `npm start`: provision the database → migrate (as the owner role) → load the demo city if empty → build the
// web app if its sources changed → serve (as the application's role, never a superuser unless allowed).
// Every failure before listening ends in one clear line and exit code 1.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createKnex, migrateLatest } from './db/knex.ts';
import { DatabaseSetupError, provisionDatabase, type ProvisionedDatabase } from './db/provision.ts';
import { refuseSuperuser, servingRole } from './db/roles.ts';
import { MissingSystemPackageError } from './db/system-packages.ts';
import { createDemoAccountsIfNone, loadDemoIfEmpty, seedDemoRegistryIfEmpty } from './demo/load-demo.ts';
import { hasSqlState, SQLSTATE } from './lib/database-errors.ts';
import { ensureWebBuilt } from './web-build.ts';

const say = (msg: string) => console.log(`[sidaksos] ${msg}`);

/** Migrations and the demo data, as the owner: this pool is closed before the app serves. */
async function prepareAsOwner(db: ProvisionedDatabase, config: Config): Promise<void> {
  const owner = createKnex({ url: db.url, statementTimeoutMs: config.statementTimeoutMs, poolMax: 4 });
  try {
    const applied = await migrateLatest(owner).catch((err: unknown) => {
      if (!hasSqlState(err, SQLSTATE.insufficientPrivilege)) throw err;
      throw new DatabaseSetupError(
        `The database role may not run migrations (${(err as Error).message}). ` +
          'Set DATABASE_OWNER_URL to the owner role (see README, "Database roles").',
      );
    });
    if (applied.length) say(`applied ${applied.length} migration(s)`);
    await loadDemoIfEmpty(owner, config, say);
    await seedDemoRegistryIfEmpty(owner, config, say);
    await createDemoAccountsIfNone(owner, config, say);
  } finally {
    await owner.destroy();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await provisionDatabase(config, say);
  const knex = createKnex({ url: db.appUrl, statementTimeoutMs: config.statementTimeoutMs });
  // Refused before anything is migrated or loaded.
  await refuseSuperuser(knex, config.allowSuperuser);
  await prepareAsOwner(db, config);
  await ensureWebBuilt(say);

  const who = await servingRole(knex);
  if (who.superuser) say(`WARNING: serving as the superuser ${who.role} (ALLOW_SUPERUSER is set)`);
  else if (who.ownsTables)
    say(
      `WARNING: serving as ${who.role}, which owns the tables: set DATABASE_OWNER_URL and a separate app role`,
    );
  const app = await buildApp({ config, knex });
  await app.listen({ port: config.port, host: config.host });
  say(`ready: http://localhost:${config.port} (API docs at /api/docs)`);
  // Summaries of stale periods are computed now rather than on the first map request (seconds at scale).
  app.services.indicators
    .warmAll(config.regionCode, say)
    .catch((err: unknown) => app.log.error({ err }, 'warming indicator summaries failed'));

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: closing`);
    // Stop accepting requests, let in-flight ones finish, then release the pool.
    void app
      .close()
      .then(() => knex.destroy())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const known = [ConfigError, DatabaseSetupError, MissingSystemPackageError].some((k) => err instanceof k);
  console.error(
    `[sidaksos] cannot start: ${known ? (err as Error).message : String((err as Error).stack ?? err)}`,
  );
  process.exit(1);
});
