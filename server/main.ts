// `npm start`: provision the database → migrate → load the demo city if empty → build the web app if its
// sources changed → serve. Every failure before listening ends in one clear line and exit code 1.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createKnex, migrateLatest } from './db/knex.ts';
import { DatabaseSetupError, provisionDatabase } from './db/provision.ts';
import { MissingSystemPackageError } from './db/system-packages.ts';
import { createDemoAccountsIfNone, loadDemoIfEmpty, seedDemoRegistryIfEmpty } from './demo/load-demo.ts';
import { IndicatorService } from './services/indicator-service.ts';
import { ensureWebBuilt } from './web-build.ts';

const say = (msg: string) => console.log(`[sidaksos] ${msg}`);

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await provisionDatabase(config, say);
  const knex = createKnex({ url: db.url, statementTimeoutMs: config.statementTimeoutMs });
  const applied = await migrateLatest(knex);
  if (applied.length) say(`applied ${applied.length} migration(s)`);
  await loadDemoIfEmpty(knex, config, say);
  await seedDemoRegistryIfEmpty(knex, config, say);
  await createDemoAccountsIfNone(knex, config, say);
  await ensureWebBuilt(say);

  const app = await buildApp({ config, knex });
  await app.listen({ port: config.port, host: config.host });
  say(`ready: http://localhost:${config.port} (API docs at /api/docs)`);
  // Summaries of stale periods are computed now rather than on the first map request (seconds at scale).
  new IndicatorService(knex, config.poorDesilMax)
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
