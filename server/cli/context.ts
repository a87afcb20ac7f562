// What every CLI command shares: output, the one-line error, and the shape of a command that works on the
// database (provision, migrate, run, release). Commands that act do so through the same services the API uses
// (services/container.ts), as the CLI actor: the OS user, via 'cli'. So an action audits the same way from
// either door.
import { InvalidArgumentError } from 'commander';
import type { Knex } from 'knex';
import { loadConfig, type Config } from '../config.ts';
import { createKnex, migrateLatest } from '../db/knex.ts';
import { provisionDatabase } from '../db/provision.ts';
import { isDatabaseUnavailable } from '../lib/database-errors.ts';
import { HttpProblem } from '../lib/problem.ts';
import { cliActor, type Actor } from '../services/actor.ts';
import { createServices, type Services } from '../services/container.ts';

export const say = (msg: string) => console.log(msg);

export function oneOf<T extends string>(value: string, options: readonly T[], flag: string): T {
  if (!options.includes(value as T))
    throw new InvalidArgumentError(
      `${flag} must be one of ${options.join(', ')}, not ${JSON.stringify(value)}.`,
    );
  return value as T;
}

/** Provision, migrate, run, release: the shape of every command that works on the database. */
export async function withDatabase(fn: (knex: Knex, config: Config) => Promise<void>): Promise<void> {
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

/** A command that acts: the app's services over the database, and the CLI actor to act as. */
export function withServices(
  fn: (services: Services, actor: Actor, knex: Knex) => Promise<void>,
): Promise<void> {
  return withDatabase((knex, config) =>
    fn(createServices({ knex, config }), cliActor(config.regionCode), knex),
  );
}

/** One line for any failure: the message's lines joined, database outages said as such. */
export function oneLine(err: unknown): string {
  const e = err as Error | undefined;
  const message = err instanceof HttpProblem ? err.detail : (e?.message ?? String(err));
  const flat = message
    .split('\n')
    .map((l) => l.replace(/^- /, '').trim())
    .filter(Boolean)
    .join('; ');
  if (isDatabaseUnavailable(err))
    return `the database is not reachable (${flat}); start it (npm run cli -- db start) and run the import again`;
  return flat;
}

/**
 * Runs an import command: any failure (the file, the database, a parser) becomes one line and exit code 1 —
 * never a stack trace. `onError` may print more first (a boundary file's match report).
 */
export async function withImport(
  task: (services: Services, actor: Actor) => Promise<void>,
  onError?: (err: unknown) => void,
): Promise<void> {
  try {
    await withServices(task);
  } catch (err) {
    onError?.(err);
    console.error(`error: ${oneLine(err)}`);
    process.exitCode = 1;
  }
}
