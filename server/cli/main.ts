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
import { writeFile } from 'node:fs/promises';
import { importEnrolments } from '../imports/enrolments/import-enrolments.ts';
import { importHouseholds, ImportRefusedError } from '../imports/households/import-households.ts';
import { FileFormatError } from '../imports/table-reader.ts';
import { tableFile, type TableColumn } from '../lib/table-file.ts';
import { ImportJobsRepository, type RejectRow } from '../repositories/import-jobs-repository.ts';
import type { MatchReport } from '../imports/boundaries/area-matching.ts';
import { BoundaryImportError, importBoundariesFile } from '../imports/boundaries/import-boundaries.ts';

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

const imports = program.command('import').description('import official data files');
imports
  .command('boundaries <file>')
  .description(
    'kelurahan boundaries (GeoJSON, or a Shapefile: .shp with .dbf/.prj, a folder or a .zip) as a new boundary set',
  )
  .option('--code-field <name>', 'property holding the Kemendagri kelurahan code (auto-detected)')
  .option('--name-field <name>', 'property holding the kelurahan name (auto-detected)')
  .option('--kecamatan-field <name>', 'property holding the kecamatan name or code (auto-detected)')
  .option('--label <text>', 'label of the new boundary set (default: the file name)')
  .option('--allow-partial', 'store even if some kelurahan have no polygon', false)
  .option('--no-activate', 'store the set without switching the map to it')
  .action(async (file: string, opts: BoundaryCliOptions) => {
    const config = loadConfig();
    const { url } = await provisionDatabase(config, say);
    const knex = createKnex({ url });
    try {
      await migrateLatest(knex);
      const result = await importBoundariesFile(knex, file, { regionCode: config.regionCode, ...opts });
      printBoundaryReport(result.report);
      say(
        `boundary set ${result.setId}: ${result.report.matched.length} kelurahan, ${result.kecamatan} kecamatan` +
          ` (fields: code=${result.fields.codeField ?? '-'}, name=${result.fields.nameField ?? '-'}, kecamatan=${result.fields.kecamatanField ?? '-'})` +
          (result.activated ? '; now active' : '; stored, not active') +
          (result.reprojected ? ' (reprojected from the .prj coordinate system)' : ''),
      );
      if (result.pointsOutside > 0)
        say(
          `${result.pointsOutside} household point(s) of open periods fall in no kelurahan of the new boundaries ` +
            `(more than 50 m outside); they are marked location_check = outside for checking.`,
        );
    } catch (err) {
      if (err instanceof BoundaryImportError && err.report) printBoundaryReport(err.report);
      throw err;
    } finally {
      await knex.destroy();
    }
  });

imports
  .command('households <file>')
  .description('households and members (CSV or XLSX, see docs/import-template.md) into an open period')
  .requiredOption('--period <code>', 'period to import into, e.g. 2025-12 (must be open)')
  .option('--rejects <file>', 'also write the rejected rows and warnings to this CSV or XLSX file')
  .action(async (file: string, opts: { period: string; rejects?: string }) => {
    await withImportDatabase(async (knex, regionCode) => {
      const result = await withProgressBar((onProgress) =>
        importHouseholds(knex, {
          regionCode,
          periodCode: opts.period,
          filePath: file,
          // The bar follows the bytes read (rows per file are unknown until the end).
          onProgress: (_rows, fraction) => onProgress(Math.round(fraction * 1000), 1000, 'importing'),
        }),
      );
      const c = result.counts;
      say(
        `${result.rowsRead} row(s) read: ${c.rowsStored} stored (${c.rowsUnchanged} unchanged), ${result.rowsRejected} rejected, ` +
          `${result.rowsWarned} with warnings; households +${c.householdsInserted} new, ${c.householdsUpdated} updated; ` +
          `members +${c.membersInserted} new, ${c.membersUpdated} updated (job ${result.jobId})`,
      );
      for (const w of result.warnings) say(w);
      await reportRejects(knex, result.jobId, opts.rejects);
    });
  });

imports
  .command('enrolments <file>')
  .description('a program enrolment list (CSV or XLSX: kode_program and nik or no_kk) into an open period')
  .requiredOption('--period <code>', 'period to import into, e.g. 2025-12 (must be open)')
  .option('--rejects <file>', 'also write the unmatched rows to this CSV or XLSX file')
  .action(async (file: string, opts: { period: string; rejects?: string }) => {
    await withImportDatabase(async (knex, regionCode) => {
      const result = await importEnrolments(knex, { regionCode, periodCode: opts.period, filePath: file });
      say(
        `${result.rowsRead} row(s) read: ${result.inserted} new enrolment(s), ${result.unchanged} already stored, ` +
          `${result.rowsRejected} rejected (job ${result.jobId})`,
      );
      await reportRejects(knex, result.jobId, opts.rejects);
    });
  });

async function withImportDatabase(task: (knex: Knex, regionCode: string) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const { url } = await provisionDatabase(config, say);
  const knex = createKnex({ url });
  try {
    await migrateLatest(knex);
    await task(knex, config.regionCode);
  } finally {
    await knex.destroy();
  }
}

/** Prints the first rejects and, when asked, writes all of them to a CSV/XLSX file. */
async function reportRejects(knex: Knex, jobId: string, target?: string): Promise<void> {
  const rows = await new ImportJobsRepository(knex).rejects(jobId, 1_000_000);
  for (const r of rows.slice(0, 20))
    say(
      `  row ${r.row_number}${r.column_name ? ` [${r.column_name}]` : ''}: ${r.reason}${r.severity === 'warning' ? ' (warning)' : ''}`,
    );
  if (rows.length > 20)
    say(`  … and ${rows.length - 20} more${target ? '' : ' (write them all with --rejects FILE)'}`);
  if (!target) return;
  const format = target.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const file = await tableFile(
    format,
    'rejects',
    `Sidaksos import job ${jobId}: rejected rows and warnings`,
    REJECT_COLUMNS,
    rows,
  );
  await writeFile(target, file.body);
  say(`wrote ${rows.length} row(s) to ${target}`);
}

const REJECT_COLUMNS: Array<TableColumn<RejectRow>> = [
  { header: 'row', value: (r) => r.row_number },
  { header: 'column', value: (r) => r.column_name },
  { header: 'value', value: (r) => r.value },
  { header: 'reason', value: (r) => r.reason, width: 70 },
  { header: 'severity', value: (r) => r.severity },
];

interface BoundaryCliOptions {
  codeField?: string;
  nameField?: string;
  kecamatanField?: string;
  label?: string;
  allowPartial: boolean;
  activate: boolean;
}

function printBoundaryReport(r: MatchReport): void {
  const byCode = r.matched.filter((m) => m.method === 'code').length;
  say(`matched ${r.matched.length} feature(s): ${byCode} by code, ${r.matched.length - byCode} by name`);
  const list = <T>(title: string, items: T[], line: (x: T) => string) => {
    if (items.length === 0) return;
    say(`${title}: ${items.length}`);
    for (const x of items.slice(0, 20)) say(`  ${line(x)}`);
    if (items.length > 20) say(`  … and ${items.length - 20} more`);
  };
  list(
    'unmatched features',
    r.unmatched,
    (u) => `feature ${u.index + 1} (${u.name ?? 'no name'}): ${u.reason}`,
  );
  list(
    'ambiguous features',
    r.ambiguous,
    (a) => `feature ${a.index + 1} (${a.name ?? ''}): could be ${a.candidates.join(' or ')}`,
  );
  list('kelurahan without a polygon', r.missing, (m) => `${m.code} ${m.name}`);
  list(
    'kelurahan in several features (merged)',
    r.duplicates,
    (d) => `${d.code}: features ${d.indexes.map((i) => i + 1).join(', ')}`,
  );
}

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
