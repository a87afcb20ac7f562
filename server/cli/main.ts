// The operators' CLI: `npm run cli -- <command>`. Commands share the server's provisioning and config.
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { createKnex, migrateLatest } from '../db/knex.ts';
import { privateClusterStatus, stopPrivateCluster } from '../db/private-cluster.ts';
import { DatabaseSetupError, provisionDatabase } from '../db/provision.ts';
import { MissingSystemPackageError } from '../db/system-packages.ts';
import { loadDemoIfEmpty } from '../demo/load-demo.ts';

const say = (msg: string) => console.log(msg);

function clusterOptions() {
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL is set: the private cluster is not in use (manage that server yourself).',
    );
  }
  return { dataDir: config.dataDir, port: config.privatePgPort, log: say };
}

const program = new Command()
  .name('npm run cli --')
  .description('Sidaksos command line: database, migrations and demo data.')
  .showHelpAfterError();

const db = program.command('db').description('the private PostgreSQL cluster (when DATABASE_URL is unset)');
db.command('status')
  .description('where the cluster lives and whether it runs')
  .action(async () => say(await privateClusterStatus(clusterOptions())));
db.command('start')
  .description('create and start the cluster (and the sidaksos database) if needed')
  .action(async () => {
    const { url } = await provisionDatabase(loadConfig(), say);
    say(`ready: ${url}`);
  });
db.command('stop')
  .description('stop the cluster (data is kept)')
  .action(async () => say(await stopPrivateCluster(clusterOptions())));

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const { url } = await provisionDatabase(config, say);
    const knex = createKnex({ url });
    try {
      const applied = await migrateLatest(knex);
      say(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
    } finally {
      await knex.destroy();
    }
  });

program
  .command('demo')
  .description('load the synthetic demo city into an empty database')
  .action(async () => {
    const config = loadConfig();
    const { url } = await provisionDatabase(config, say);
    const knex = createKnex({ url });
    try {
      await migrateLatest(knex);
      if (!(await loadDemoIfEmpty(knex, config, say)))
        say('the database already has boundaries: nothing loaded');
    } finally {
      await knex.destroy();
    }
  });

program.parseAsync().catch((err: unknown) => {
  const known = [ConfigError, DatabaseSetupError, MissingSystemPackageError].some((k) => err instanceof k);
  console.error(`error: ${known ? (err as Error).message : String((err as Error).stack ?? err)}`);
  process.exit(1);
});
