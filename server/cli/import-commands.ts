// `npm run cli -- import …`: boundaries, households and enrolment lists from files. Each command reports what
// it stored, what it refused and what it changed; on failure it prints one line (what went wrong, which file,
// what to do) and exits 1 — never a stack trace, whatever failed (the file, the database, a parser).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Knex } from 'knex';
import { loadConfig } from '../config.ts';
import { createKnex, migrateLatest } from '../db/knex.ts';
import { provisionDatabase } from '../db/provision.ts';
import type { MatchReport } from '../imports/boundaries/area-matching.ts';
import {
  BoundaryImportError,
  importBoundariesFile,
  type BoundaryImportResult,
} from '../imports/boundaries/import-boundaries.ts';
import { importEnrolments } from '../imports/enrolments/import-enrolments.ts';
import { importHouseholds } from '../imports/households/import-households.ts';
import { HttpProblem } from '../lib/problem.ts';
import { tableFile, type TableColumn } from '../lib/table-file.ts';
import { ImportJobsRepository, type RejectRow } from '../repositories/import-jobs-repository.ts';
import { withProgressBar } from './progress.ts';

const say = (msg: string) => console.log(msg);

interface BoundaryCliOptions {
  codeField?: string;
  nameField?: string;
  kecamatanField?: string;
  label?: string;
  allowPartial: boolean;
  activate: boolean;
  acceptRepairs: boolean;
}

/** One line for any failure: the message's lines joined, database errors said as such. */
export function oneLine(err: unknown): string {
  const e = err as Error & { code?: string };
  const message = err instanceof HttpProblem ? err.detail : (e?.message ?? String(err));
  const flat = message
    .split('\n')
    .map((l) => l.replace(/^- /, '').trim())
    .filter(Boolean)
    .join('; ');
  if (e?.code === 'ECONNREFUSED' || e?.code === '57P01' || /Connection terminated|ECONNRESET/.test(flat))
    return `the database is not reachable (${flat}); start it (npm run cli -- db start) and run the import again`;
  return flat;
}

/** Runs an import command: provision, migrate, run, release; any failure becomes one line and exit code 1. */
async function withImportDatabase(
  task: (knex: Knex, regionCode: string) => Promise<void>,
  onError?: (err: unknown) => void,
): Promise<void> {
  let knex: Knex | undefined;
  try {
    const config = loadConfig();
    const { url } = await provisionDatabase(config, say);
    knex = createKnex({ url });
    await migrateLatest(knex);
    await task(knex, config.regionCode);
  } catch (err) {
    onError?.(err);
    console.error(`error: ${oneLine(err)}`);
    process.exitCode = 1;
  } finally {
    await knex?.destroy().catch(() => undefined);
  }
}

export function registerImportCommands(program: Command): void {
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
    .option('--accept-repairs', 'activate the set even if some polygons had to be repaired', false)
    .action(async (file: string, opts: BoundaryCliOptions) => {
      await withImportDatabase(
        async (knex, regionCode) => {
          const result = await importBoundariesFile(knex, file, { regionCode, ...opts });
          printBoundaryReport(result.report);
          printChanges(result);
          say(
            `boundary set ${result.setId}: ${result.report.matched.length} kelurahan, ${result.kecamatan} kecamatan` +
              ` (fields: code=${result.fields.codeField ?? '-'}, name=${result.fields.nameField ?? '-'}, kecamatan=${result.fields.kecamatanField ?? '-'})` +
              (result.activated ? '; now active' : '; stored, not active') +
              (result.reprojected ? ' (reprojected from the .prj coordinate system)' : ''),
          );
          if (result.notActivated) say(result.notActivated);
          if (result.pointsOutside > 0)
            say(
              `${result.pointsOutside} household point(s) of open periods fall in no kelurahan of the new boundaries ` +
                `(more than 50 m outside); they are marked location_check = outside for checking.`,
            );
        },
        (err) => {
          if (err instanceof BoundaryImportError && err.report) printBoundaryReport(err.report);
        },
      );
    });

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
    .action(
      async (
        file: string,
        opts: { period: string; rejects?: string; allowMoves: boolean; allowTwoHeads: boolean },
      ) => {
        await withImportDatabase(async (knex, regionCode) => {
          const result = await withProgressBar((onProgress) =>
            importHouseholds(knex, {
              regionCode,
              periodCode: opts.period,
              filePath: file,
              allowMoves: opts.allowMoves,
              allowTwoHeads: opts.allowTwoHeads,
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
      },
    );

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

const list = <T>(title: string, items: T[], line: (x: T) => string) => {
  if (items.length === 0) return;
  say(`${title}: ${items.length}`);
  for (const x of items.slice(0, 20)) say(`  ${line(x)}`);
  if (items.length > 20) say(`  … and ${items.length - 20} more`);
};

function printBoundaryReport(r: MatchReport): void {
  const byCode = r.matched.filter((m) => m.method === 'code').length;
  say(`matched ${r.matched.length} feature(s): ${byCode} by code, ${r.matched.length - byCode} by name`);
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

/** What the import changed about the polygons it was given. */
function printChanges(r: BoundaryImportResult): void {
  list(
    'polygons repaired (not valid as given)',
    r.repairs,
    (x) => `${x.code} (feature ${x.features.map((i) => i + 1).join(', ')}): ${x.reason}`,
  );
  list('kelurahan overlapping by more than 1,000 m²', r.overlaps, (o) => `${o.a} and ${o.b}: ${o.m2} m²`);
}
