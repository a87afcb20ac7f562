// The operators' CLI: `npm run cli -- <command>`. Commands share the server's provisioning and config.
import { Command, InvalidArgumentError } from 'commander';
import type { Knex } from 'knex';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { generatePassword } from '../auth/passwords.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { HttpProblem } from '../lib/problem.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { UsersRepository } from '../repositories/users-repository.ts';
import { UserAdminService } from '../services/user-admin-service.ts';
import { PeriodService } from '../services/period-service.ts';
import { createKnex, migrateLatest } from '../db/knex.ts';
import { privateClusterStatus, stopPrivateCluster } from '../db/private-cluster.ts';
import { DatabaseSetupError, provisionDatabase, redactUrl } from '../db/provision.ts';
import { registerDbCommands } from './db-commands.ts';
import { MissingSystemPackageError } from '../db/system-packages.ts';
import { loadDemoIfEmpty } from '../demo/load-demo.ts';
import { DEFAULT_DEFECTS, type DefectRates } from '../demo/demo-households.ts';
import { DEFAULT_PERIODS } from '../demo/registry-generator.ts';
import { seedRegistry, SeedRefusedError } from '../demo/seed-registry.ts';
import { withProgressBar } from './progress.ts';
import { ImportRefusedError } from '../imports/households/import-households.ts';
import { FileFormatError } from '../imports/table-reader.ts';
import { BoundaryImportError } from '../imports/boundaries/import-boundaries.ts';
import { registerImportCommands } from './import-commands.ts';

const say = (msg: string) => console.log(msg);

class CliError extends Error {}

function oneOf<T extends string>(value: string, options: readonly T[], flag: string): T {
  if (!options.includes(value as T))
    throw new InvalidArgumentError(
      `${flag} must be one of ${options.join(', ')}, not ${JSON.stringify(value)}.`,
    );
  return value as T;
}

/** Provision, migrate, run, release: the shape of every command that works on the database. */
async function withDatabase(fn: (knex: Knex, config: Config) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const { url } = await provisionDatabase(config, say);
  const knex = createKnex({ url });
  try {
    await migrateLatest(knex);
    await fn(knex, config);
  } finally {
    await knex.destroy();
  }
}

function positiveInt(value: string, flag: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError(
      `${flag} takes a whole number of at least 1, not ${JSON.stringify(value)}.`,
    );
  }
  return Number(value);
}

function parseDefects(value: string): DefectRates {
  const rates: DefectRates = { ...DEFAULT_DEFECTS };
  for (const pair of value.split(',')) {
    const [key, raw] = pair.split('=').map((x) => x.trim());
    if (!key || !(key in rates)) {
      throw new InvalidArgumentError(
        `unknown defect ${JSON.stringify(key)}; known: ${Object.keys(rates).join(', ')}.`,
      );
    }
    const share = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(share) || share < 0 || share > 0.5) {
      throw new InvalidArgumentError(`${key} takes a share between 0 and 0.5, not ${JSON.stringify(raw)}.`);
    }
    rates[key as keyof DefectRates] = share;
  }
  return rates;
}

function periodList(value: string): string[] {
  const periods = value.split(',').map((p) => p.trim());
  for (const p of periods) {
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(p))
      throw new InvalidArgumentError(`period ${JSON.stringify(p)} is not YYYY-MM.`);
  }
  if ([...periods].sort().join() !== periods.join() || new Set(periods).size !== periods.length) {
    throw new InvalidArgumentError('periods must be distinct and oldest first.');
  }
  return periods;
}

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
    say(`ready: ${redactUrl(url)}`);
  });
db.command('stop')
  .description('stop the cluster (data is kept)')
  .action(async () => say(await stopPrivateCluster(clusterOptions())));
registerDbCommands(program, db);

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
  .description('load the official Kota Semarang boundaries into an empty database')
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

program
  .command('seed')
  .description('generate the synthetic demo registry (households, members, case plans, enrolments, periods)')
  .option('--households <n>', 'households in the first period', (v) => positiveInt(v, '--households'), 60000)
  .option('--seed <n>', 'random seed (same seed, same data)', (v) => positiveInt(v, '--seed'))
  .option('--periods <list>', 'comma-separated periods, oldest first', (v) => periodList(v), DEFAULT_PERIODS)
  .option('--replace', 'delete an existing registry first (demo data only)', false)
  .option(
    '--defects <list>',
    `defect shares, e.g. invalidNik=0.01,duplicateNik=0.005 (defaults: ${Object.entries(DEFAULT_DEFECTS)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')})`,
    parseDefects,
  )
  .action(
    async (opts: {
      households: number;
      seed?: number;
      periods: string[];
      replace: boolean;
      defects?: DefectRates;
    }) => {
      const config = loadConfig();
      const { url } = await provisionDatabase(config, say);
      const knex = createKnex({ url });
      try {
        await migrateLatest(knex);
        await loadDemoIfEmpty(knex, config, say);
        const started = Date.now();
        const result = await withProgressBar((onProgress) =>
          seedRegistry(knex, {
            regionCode: config.regionCode,
            households: opts.households,
            seed: opts.seed ?? config.demoSeed,
            periods: opts.periods,
            replace: opts.replace,
            defects: opts.defects,
            onProgress,
          }),
        );
        say(
          `seeded ${result.households.toLocaleString('en')} households / ${result.members.toLocaleString('en')} members ` +
            `in ${result.periods.at(-1)} (periods ${result.periods.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      } finally {
        await knex.destroy();
      }
    },
  );

const users = program.command('users').description('user accounts');
users
  .command('add <username>')
  .description('create a user; prints a generated password once (or reads one from SIDAKSOS_NEW_PASSWORD)')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, (v) => oneOf(v, ROLES, '--role'))
  .option('--name <display name>', 'the name shown in the app')
  .option('--kelurahan <codes>', 'operators: comma-separated kelurahan codes', (v) => v.split(','))
  .option('--programs <codes>', 'OPD staff: comma-separated program codes', (v) => v.split(','))
  .action(
    async (
      username: string,
      opts: { role: Role; name?: string; kelurahan?: string[]; programs?: string[] },
    ) => {
      await withDatabase(async (knex, config) => {
        const password = process.env.SIDAKSOS_NEW_PASSWORD ?? generatePassword();
        await new UserAdminService(knex, config.regionCode).create({
          username,
          displayName: opts.name ?? username,
          role: opts.role,
          password,
          kelurahan: opts.kelurahan,
          programs: opts.programs,
        });
        await new AuditRepository(knex).append({
          regionCode: config.regionCode,
          action: 'admin',
          entity: 'user',
          changes: { created: username, role: opts.role, via: 'cli' },
        });
        say(
          `created ${username} (${opts.role})${process.env.SIDAKSOS_NEW_PASSWORD ? '' : `; password (shown once): ${password}`}`,
        );
      });
    },
  );
users
  .command('list')
  .description('list users with role, scopes and status')
  .action(async () => {
    await withDatabase(async (knex, config) => {
      for (const u of await new UsersRepository(knex).list(config.regionCode)) {
        const scope = [...u.kelurahan, ...u.programs].join(',');
        say(
          `${u.username.padEnd(24)} ${u.role.padEnd(9)} ${(u.disabled ? 'disabled' : u.lockedUntil ? 'locked' : 'active').padEnd(9)} ${scope}`,
        );
      }
    });
  });
users
  .command('disable <username>')
  .description('disable a user and end their sessions')
  .action(async (username: string) => {
    await withDatabase(async (knex, config) => {
      const row = await new UsersRepository(knex).byUsername(username);
      if (!row) throw new CliError(`No user named ${username}.`);
      await new UserAdminService(knex, config.regionCode).disable(row.id, '');
      await new AuditRepository(knex).append({
        regionCode: config.regionCode,
        action: 'admin',
        entity: 'user',
        entityIds: [row.id],
        changes: { disabled: [false, true], via: 'cli' },
      });
      say(`disabled ${username}`);
    });
  });
users
  .command('reset-password <username>')
  .description('set a new generated password (printed once) and clear any lockout')
  .action(async (username: string) => {
    await withDatabase(async (knex, config) => {
      const password = process.env.SIDAKSOS_NEW_PASSWORD ?? generatePassword();
      await new UserAdminService(knex, config.regionCode).resetPassword(username, password);
      await new AuditRepository(knex).append({
        regionCode: config.regionCode,
        action: 'admin',
        entity: 'user',
        changes: { passwordReset: username, via: 'cli' },
      });
      say(
        `new password for ${username}${process.env.SIDAKSOS_NEW_PASSWORD ? ' set' : ` (shown once): ${password}`}`,
      );
    });
  });

const periodsCli = program.command('periods').description('the semester cycle: list, open, finalize');
const withPeriods = async (
  task: (service: PeriodService, audit: AuditRepository, regionCode: string) => Promise<void>,
) => {
  const config = loadConfig();
  const { url } = await provisionDatabase(config, say);
  const knex = createKnex({ url });
  try {
    await migrateLatest(knex);
    await task(
      new PeriodService(knex, config.regionCode, config.poorDesilMax),
      new AuditRepository(knex),
      config.regionCode,
    );
  } finally {
    await knex.destroy();
  }
};
periodsCli
  .command('list')
  .description('periods with their status')
  .action(() =>
    withPeriods(async (service) => {
      for (const p of await service.list())
        say(`${p.period_code}  ${p.status}${p.carried_from ? `  (carried from ${p.carried_from})` : ''}`);
    }),
  );
periodsCli
  .command('open <code>')
  .description('open a new period (e.g. 2026-07) carrying the last finalized one forward')
  .action((code: string) =>
    withPeriods(async (service, audit, regionCode) => {
      const { carriedFrom, copied } = await service.open(code);
      await audit.append({
        regionCode,
        action: 'period_open',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
        changes: { carriedFrom, copied, via: 'cli' },
      });
      say(
        `period ${code} open, carried from ${carriedFrom}: ${Object.entries(copied)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}`,
      );
    }),
  );
periodsCli
  .command('finalize <code>')
  .description('finalize a period: every later write to it is refused')
  .action((code: string) =>
    withPeriods(async (service, audit, regionCode) => {
      await service.finalize(code, null);
      await audit.append({
        regionCode,
        action: 'period_finalize',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
        changes: { via: 'cli' },
      });
      say(`period ${code} finalized`);
    }),
  );

registerImportCommands(program);

program.parseAsync().catch((err: unknown) => {
  const known = [
    ConfigError,
    DatabaseSetupError,
    MissingSystemPackageError,
    SeedRefusedError,
    BoundaryImportError,
    ImportRefusedError,
    FileFormatError,
    CliError,
  ].some((k) => err instanceof k);
  const message =
    err instanceof HttpProblem
      ? err.detail
      : known
        ? (err as Error).message
        : String((err as Error).stack ?? err);
  console.error(`error: ${message}`);
  process.exit(1);
});
