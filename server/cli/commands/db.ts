// `db status|start|stop|create-roles`, `migrate`, `backup FILE`, `restore FILE`: the database itself. The two
// roles of a DATABASE_URL deployment come from `db create-roles`; backup and restore run as the owner role:
// pg_dump must read every table and a restore creates them; the app role can do neither, by design.
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { backupDatabase, databaseFigures, restoreDatabase, type DatabaseFigures } from '../../db/backup.ts';
import { createKnex, migrateLatest } from '../../db/knex.ts';
import { privateClusterStatus, stopPrivateCluster } from '../../db/private-cluster.ts';
import { DEFAULT_DATABASE, provisionDatabase, redactUrl } from '../../db/provision.ts';
import { APP_ROLE, createRolesSql, OWNER_ROLE } from '../../db/roles.ts';
import { generateSecret } from '../../db/secrets.ts';
import { say } from '../context.ts';

const describe = (f: DatabaseFigures) =>
  `${f.tables} tables, ${f.households.toLocaleString('en')} household rows, ` +
  `${f.auditRows.toLocaleString('en')} audit rows, ${f.boundarySets} boundary set(s)`;

function clusterOptions() {
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL is set: the private cluster is not in use (manage that server yourself).',
    );
  }
  return { dataDir: config.dataDir, port: config.privatePgPort, log: say };
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('the private PostgreSQL cluster (when DATABASE_URL is unset)');
  db.command('status')
    .description('where the cluster lives and whether it runs')
    .action(async () => say(await privateClusterStatus(clusterOptions())));
  db.command('start')
    .description('create and start the cluster (and the sidaksos database) if needed')
    .action(async () => {
      const { url } = await provisionDatabase(loadConfig(), say);
      say(`ready: ${redactUrl(url)}`);
    });
  db.command('stop')
    .description('stop the cluster (data is kept)')
    .action(async () => say(await stopPrivateCluster(clusterOptions())));

  db.command('create-roles')
    .description(
      `print the SQL that creates the ${OWNER_ROLE} (migrations) and ${APP_ROLE} (serving) roles on a DATABASE_URL server`,
    )
    .option('--database <name>', 'the database the product uses', DEFAULT_DATABASE)
    .action((opts: { database: string }) => {
      // Passwords from the environment when the DBA has chosen them, else generated (printed once).
      const ownerPassword = process.env.SIDAKSOS_OWNER_PASSWORD ?? generateSecret();
      const appPassword = process.env.SIDAKSOS_APP_PASSWORD ?? generateSecret();
      const sql = createRolesSql({ database: opts.database, ownerPassword, appPassword });
      if (!loadConfig().databaseUrl)
        say(
          '-- DATABASE_URL is unset: the private cluster creates both roles itself (passwords in secrets/).',
        );
      say('-- 1. As a superuser, connected to any database of the server:');
      for (const line of sql.server) say(line);
      say(`-- 2. As a superuser, connected to the database ${opts.database}:`);
      for (const line of sql.database) say(line);
      say('-- 3. Then start the product with (migrations as the owner grant the app role its rights):');
      say(`--   DATABASE_OWNER_URL=postgres://${OWNER_ROLE}:${ownerPassword}@HOST:5432/${opts.database}`);
      say(`--   DATABASE_URL=postgres://${APP_ROLE}:${appPassword}@HOST:5432/${opts.database}`);
    });

  program
    .command('backup <file>')
    .description(
      'write the whole database (registry, audit log, boundary sets, users) to FILE (pg_dump, 0600)',
    )
    .action(async (file: string) => {
      const { url } = await provisionDatabase(loadConfig(), say);
      const knex = createKnex({ url, poolMax: 1 });
      try {
        const figures = await databaseFigures(knex);
        await backupDatabase(url, file, say);
        say(`backup written to ${file}: ${describe(figures)}`);
      } finally {
        await knex.destroy();
      }
    });

  program
    .command('restore <file>')
    .description('restore a backup into an empty database (stop the service first)')
    .option('--replace', 'replace what the backup holds in a database that is not empty', false)
    .action(async (file: string, opts: { replace: boolean }) => {
      const { url } = await provisionDatabase(loadConfig(), say);
      const knex = createKnex({ url, poolMax: 1 });
      try {
        await restoreDatabase(knex, url, file, opts, say);
        // A backup of an older version is brought up to date; the app role gets its grants.
        const applied = await migrateLatest(knex);
        say(
          `restored ${file}: ${describe(await databaseFigures(knex))}` +
            (applied.length ? `; then applied ${applied.length} newer migration(s)` : ''),
        );
      } finally {
        await knex.destroy();
      }
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const { url } = await provisionDatabase(loadConfig(), say);
      const knex = createKnex({ url });
      try {
        const applied = await migrateLatest(knex);
        say(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
      } finally {
        await knex.destroy();
      }
    });
}
