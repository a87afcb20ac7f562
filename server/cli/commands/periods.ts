// `periods list|open|finalize`: the semester cycle, through the same service (and audit rows) as the API, as
// the CLI actor.
import type { Command } from 'commander';
import { say, withServices } from '../context.ts';

export function registerPeriodCommands(program: Command): void {
  const periods = program.command('periods').description('the semester cycle: list, open, finalize');
  periods
    .command('list')
    .description('periods with their status')
    .action(() =>
      withServices(async (services) => {
        for (const p of await services.periods.list())
          say(`${p.period_code}  ${p.status}${p.carried_from ? `  (carried from ${p.carried_from})` : ''}`);
      }),
    );
  periods
    .command('open <code>')
    .description('open a new period (e.g. 2026-07) carrying the last finalized one forward')
    .action((code: string) =>
      withServices(async (services, actor) => {
        const { carriedFrom, copied } = await services.periods.open(actor, code);
        const counts = Object.entries(copied).map(([table, n]) => `${table} ${n}`);
        say(`period ${code} open, carried from ${carriedFrom}: ${counts.join(', ')}`);
      }),
    );
  periods
    .command('finalize <code>')
    .description(
      'adopt and finalize a period (every kelurahan closed, or --leave-open): every later write to it is refused',
    )
    .option('--leave-open <codes>', "kelurahan adopted while open: comma-separated codes, or 'all'")
    .option('--reason <text>', 'why kelurahan are left open (required with --leave-open)')
    .action((code: string, opts: { leaveOpen?: string; reason?: string }) =>
      withServices(async (services, actor) => {
        const leaveOpen = opts.leaveOpen === 'all' ? 'all' : opts.leaveOpen?.split(',').map((c) => c.trim());
        const { leftOpen } = await services.periods.finalize(actor, code, { leaveOpen, reason: opts.reason });
        say(`period ${code} finalized${leftOpen.length ? ` (${leftOpen.length} kelurahan left open)` : ''}`);
      }),
    );
}
