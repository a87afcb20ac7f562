// `demo` and `seed`: the official Kota Semarang boundaries, and the synthetic registry (made-up people).
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_DEFECTS, type DefectRates } from '../../demo/demo-households.ts';
import { loadDemoIfEmpty } from '../../demo/load-demo.ts';
import { DEFAULT_PERIODS } from '../../demo/registry-generator.ts';
import { seedRegistry } from '../../demo/seed-registry.ts';
import { withProgressBar } from '../progress.ts';
import { say, withDatabase } from '../context.ts';

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

interface SeedCliOptions {
  households: number;
  seed?: number;
  periods: string[];
  replace: boolean;
  defects?: DefectRates;
}

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('load the official Kota Semarang boundaries into an empty database')
    .action(() =>
      withDatabase(async (knex, config) => {
        if (!(await loadDemoIfEmpty(knex, config, say)))
          say('the database already has boundaries: nothing loaded');
      }),
    );

  program
    .command('seed')
    .description(
      'generate the synthetic demo registry (households, members, case plans, enrolments, periods)',
    )
    .option(
      '--households <n>',
      'households in the first period',
      (v) => positiveInt(v, '--households'),
      60000,
    )
    .option('--seed <n>', 'random seed (same seed, same data)', (v) => positiveInt(v, '--seed'))
    .option(
      '--periods <list>',
      'comma-separated periods, oldest first',
      (v) => periodList(v),
      DEFAULT_PERIODS,
    )
    .option('--replace', 'delete an existing registry first (demo data only)', false)
    .option(
      '--defects <list>',
      `defect shares, e.g. invalidNik=0.01,duplicateNik=0.005 (defaults: ${Object.entries(DEFAULT_DEFECTS)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')})`,
      parseDefects,
    )
    .action((opts: SeedCliOptions) =>
      withDatabase(async (knex, config) => {
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
      }),
    );
}
