// The operators' CLI: `npm run cli -- <command>`. Commands share the server's provisioning and config, and act
// through the same services as the API (cli/context.ts), one file per command group.
import { Command } from 'commander';
import { ConfigError } from '../config.ts';
import { DatabaseSetupError } from '../db/provision.ts';
import { MissingSystemPackageError } from '../db/system-packages.ts';
import { SeedRefusedError } from '../demo/seed-registry.ts';
import { BoundaryImportError } from '../imports/boundaries/import-boundaries.ts';
import { ImportRefusedError } from '../imports/households/import-households.ts';
import { FileFormatError } from '../imports/table-reader.ts';
import { HttpProblem } from '../lib/problem.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommands } from './commands/demo.ts';
import { registerImportCommands } from './commands/imports.ts';
import { registerPeriodCommands } from './commands/periods.ts';
import { registerAtlasCommand } from './commands/atlas.ts';
import { registerUserCommands } from './commands/users.ts';

const program = new Command()
  .name('npm run cli --')
  .description('Sidaksos command line: database, migrations and demo data.')
  .showHelpAfterError();

registerDbCommands(program);
registerDemoCommands(program);
registerUserCommands(program);
registerPeriodCommands(program);
registerAtlasCommand(program);
registerImportCommands(program);

/** Errors whose message is the whole story; anything else is a bug and prints its stack. */
const KNOWN = [
  ConfigError,
  DatabaseSetupError,
  MissingSystemPackageError,
  SeedRefusedError,
  BoundaryImportError,
  ImportRefusedError,
  FileFormatError,
];

program.parseAsync().catch((err: unknown) => {
  const message =
    err instanceof HttpProblem
      ? err.detail
      : KNOWN.some((k) => err instanceof k)
        ? (err as Error).message
        : String((err as Error).stack ?? err);
  console.error(`error: ${message}`);
  process.exit(1);
});
