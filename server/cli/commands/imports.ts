// `import households|enrolments FILE`: through the same import service as an upload (the same checks, a job,
// the audit row naming the OS user), awaited. Each command reports what it stored, what it refused and what it
// changed; on failure it prints one line (what went wrong, which file, what to do) and exits 1.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { tableFile, type TableColumn } from '../../lib/table-file.ts';
import type { RejectRow } from '../../repositories/import-jobs-repository.ts';
import type { Actor } from '../../services/actor.ts';
import type { Services } from '../../services/container.ts';
import { say, withImport } from '../context.ts';
import { withProgressBar } from '../progress.ts';
import { registerBoundaryImport } from './boundaries.ts';

interface HouseholdOptions {
  period: string;
  rejects?: string;
  allowMoves: boolean;
  allowTwoHeads: boolean;
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('import official data files');
  registerBoundaryImport(imports);

  imports
    .command('households <file>')
    .description('households and members (CSV or XLSX, see docs/import-template.md) into an open period')
    .requiredOption('--period <code>', 'period to import into, e.g. 2025-12 (must be open)')
    .option('--rejects <file>', 'also write the rejected rows and warnings to this CSV or XLSX file')
    .option(
      '--allow-moves',
      'move stored households to the kelurahan the file gives (refused otherwise)',
      false,
    )
    .option('--allow-two-heads', 'store a KK that ends up with two heads (refused otherwise)', false)
    .action((file: string, opts: HouseholdOptions) =>
      withImport(async (services, actor) => {
        const flags = { allowMoves: opts.allowMoves, allowTwoHeads: opts.allowTwoHeads };
        const outcome = await withProgressBar((onProgress) =>
          services.imports.runNow(file, { kind: 'households', period: opts.period, flags }, actor, {
            // The bar follows the bytes read (rows per file are unknown until the end).
            onProgress: (_rows, fraction) => onProgress(Math.round(fraction * 1000), 1000, 'importing'),
          }),
        );
        if (outcome.kind !== 'households') return;
        const { result } = outcome;
        const c = result.counts;
        say(
          `${result.rowsRead} row(s) read: ${c.rowsStored} stored (${c.rowsUnchanged} unchanged), ${result.rowsRejected} rejected, ` +
            `${result.rowsWarned} with warnings; households +${c.householdsInserted} new, ${c.householdsUpdated} updated; ` +
            `members +${c.membersInserted} new, ${c.membersUpdated} updated (job ${result.jobId})`,
        );
        for (const w of result.warnings) say(w);
        const any = result.rowsRejected + result.rowsWarned > 0;
        await reportRejects(services, actor, result.jobId, any, opts.rejects);
      }),
    );

  imports
    .command('enrolments <file>')
    .description('a program enrolment list (CSV or XLSX: kode_program and nik or no_kk) into an open period')
    .requiredOption('--period <code>', 'period to import into, e.g. 2025-12 (must be open)')
    .option('--rejects <file>', 'also write the unmatched rows to this CSV or XLSX file')
    .action((file: string, opts: { period: string; rejects?: string }) =>
      withImport(async (services, actor) => {
        const outcome = await services.imports.runNow(
          file,
          { kind: 'enrolments', period: opts.period },
          actor,
        );
        if (outcome.kind !== 'enrolments') return;
        const { result } = outcome;
        say(
          `${result.rowsRead} row(s) read: ${result.inserted} new enrolment(s), ${result.unchanged} already stored, ` +
            `${result.rowsRejected} rejected (job ${result.jobId})`,
        );
        await reportRejects(services, actor, result.jobId, result.rowsRejected > 0, opts.rejects);
      }),
    );
}

/**
 * Prints the first rejects and, when asked, writes all of them to a CSV/XLSX file. They hold the file's values,
 * so reading them is the same audited export as a download from the API (none is read when there are none).
 */
async function reportRejects(
  services: Services,
  actor: Actor,
  jobId: string,
  any: boolean,
  target?: string,
): Promise<void> {
  if (!any && !target) return;
  const fileFormat = target?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const { rows } = await services.imports.rejects(jobId, actor, target ? fileFormat : 'text');
  for (const r of rows.slice(0, 20))
    say(
      `  row ${r.row_number}${r.column_name ? ` [${r.column_name}]` : ''}: ${r.reason}${r.severity === 'warning' ? ' (warning)' : ''}`,
    );
  if (rows.length > 20)
    say(`  … and ${rows.length - 20} more${target ? '' : ' (write them all with --rejects FILE)'}`);
  if (!target) return;
  const title = `Sidaksos import job ${jobId}: rejected rows and warnings`;
  const file = await tableFile(fileFormat, 'rejects', title, REJECT_COLUMNS, rows);
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
