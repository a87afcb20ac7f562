// Imports a households-and-members file (CSV or XLSX) into one open period: stream → validate each row →
// COPY into staging → cross-row and registry checks in SQL → apply in the same transaction. Either the whole
// file applies (its valid rows) or nothing does; every rejected row and warning is kept in the job's report.
import type { Knex } from 'knex';
import { stageLine, type ApplyCounts } from '../../repositories/household-import-repository.ts';
import type { RejectRow } from '../../repositories/import-jobs-repository.ts';
import { createRepositories, sessionRepositories } from '../../repositories/index.ts';
import { FileFormatError } from '../table-reader.ts';
import { t, type MessageKey, type MessageParams } from '../../i18n/translate.ts';
import { openTableInWorker } from '../worker/run-parse-worker.ts';
import { checkHeaders, validateHouseholdRow, type RowIssue } from './household-row.ts';
import { HOUSEHOLD_COLUMNS } from './household-template.ts';
import {
  proposeHeldHouseholds,
  reviewsImports,
  type ImportReview,
  type ProposedCounts,
} from './import-proposals.ts';

export class ImportRefusedError extends Error {
  override name = 'ImportRefusedError';
  /** The message's catalogue entry, so the API can answer in the caller's language. */
  constructor(
    message: string,
    readonly key?: MessageKey,
    readonly params?: MessageParams,
  ) {
    super(message);
  }
}

/** What every file import is told: the region, the open period, the file, and the job to report into. */
export interface ImportFileOptions {
  regionCode: string;
  periodCode: string;
  filePath: string;
  /** An existing job to report into (the API creates it on upload); otherwise one is created. */
  jobId?: string;
  fileName?: string;
  fileBytes?: number;
  userId?: string | null;
  /** Heap cap of the thread that parses the file (default DEFAULT_WORKER_MEMORY_MB). */
  workerMemoryMb?: number;
}

/** The name the user knows the file by: the upload's original name, else the path's last part. */
export const shownName = (opts: ImportFileOptions) => opts.fileName ?? opts.filePath.split('/').pop()!;

export interface HouseholdImportOptions extends ImportFileOptions {
  /** Operators: the kelurahan they may import. */
  scope?: readonly string[];
  /** Rows read so far and the share of the file read (0–1). */
  onProgress?: (rowsRead: number, fraction: number) => void;
  /** Move stored households to the kelurahan the file gives (default: such rows are refused). */
  allowMoves?: boolean;
  /** Store a KK that ends up with two heads (default: its rows are refused). */
  allowTwoHeads?: boolean;
  /** An operator under an approval policy: households the file changes in a held way become proposals. */
  review?: ImportReview;
  /** Tests only: fail mid-apply to prove that nothing is left behind. */
  fault?: 'after-households';
}

export interface HouseholdImportResult {
  jobId: string;
  rowsRead: number;
  rowsRejected: number;
  rowsWarned: number;
  counts: ApplyCounts & ProposedCounts;
  warnings: string[];
  /** Milliseconds spent reading and staging, checking across rows, and applying. */
  timings: { readMs: number; checksMs: number; applyMs: number };
}

const BATCH = 5000;

/** Refuses a period that is missing or finalized before reading a byte of the file. */
export async function assertOpenPeriod(knex: Knex, regionCode: string, periodCode: string): Promise<void> {
  const periods = await createRepositories(knex).periods.list(regionCode);
  const period = periods.find((p) => p.period_code === periodCode);
  const params = { period: periodCode };
  if (!period)
    throw new ImportRefusedError(t('en', 'period.missingImport', params), 'period.missingImport', params);
  if (period.status === 'finalized')
    throw new ImportRefusedError(t('en', 'period.finalizedImport', params), 'period.finalizedImport', params);
}

export async function importHouseholds(
  knex: Knex,
  opts: HouseholdImportOptions,
): Promise<HouseholdImportResult> {
  const repos = createRepositories(knex);
  const jobs = repos.importJobs;
  const jobId = await jobs.forImport({ ...opts, kind: 'households' });
  let rowsRead = 0;
  let rejected = 0;
  let close = async () => {};
  try {
    await jobs.start(jobId);
    await assertOpenPeriod(knex, opts.regionCode, opts.periodCode);
    const { info, rows, fraction, ...table } = await openTableInWorker(
      opts.filePath,
      shownName(opts),
      opts.workerMemoryMb,
    );
    close = table.close;
    const headerCheck = checkHeaders(info.headers);
    if (headerCheck.missing.length > 0)
      throw new FileFormatError(
        `Missing column(s): ${headerCheck.missing.join(', ')}. The template's columns are: ${HOUSEHOLD_COLUMNS.map((c) => c.name).join(', ')}.`,
      );
    const warnings = headerCheck.unknown.length
      ? [`Ignored unknown column(s): ${headerCheck.unknown.join(', ')}`]
      : [];
    const known = new Set(await repos.boundaries.kelurahanCodes(opts.regionCode));
    const ctx = { knownKelurahan: known, scope: opts.scope ? new Set(opts.scope) : undefined };
    const rejectedRows = new Set<number>();
    let pendingRejects: RejectRow[] = [];
    const warnedRows = new Set<number>();
    const flushRejects = async () => {
      await jobs.addRejects(jobId, pendingRejects);
      pendingRejects = [];
    };
    const note = (rowNumber: number, issues: RowIssue[]) => {
      for (const i of issues) {
        if (i.severity === 'warning') warnedRows.add(rowNumber);
        pendingRejects.push({
          row_number: rowNumber,
          column_name: i.column,
          value: i.value,
          reason: i.reason,
          severity: i.severity,
        });
      }
    };

    const timings = { readMs: 0, checksMs: 0, applyMs: 0 };
    let mark = performance.now();
    const lap = (key: keyof typeof timings) => {
      const now = performance.now();
      timings[key] = Math.round(now - mark);
      mark = now;
    };
    const counts = await knex.transaction(async (trx) => {
      const repo = sessionRepositories.householdImport(trx, opts.regionCode, opts.periodCode);
      await repo.createStage();
      let lines: string[] = [];
      let copying: Promise<void> = Promise.resolve();
      for await (const row of rows) {
        rowsRead++;
        const { member, issues } = validateHouseholdRow(row.cells, ctx);
        if (row.extraCells)
          issues.push({
            column: null,
            value: null,
            reason: `row has ${row.extraCells} more cell(s) than the header; check for an unquoted delimiter`,
            severity: 'warning',
          });
        note(row.rowNumber, issues);
        if (member) lines.push(stageLine(row.rowNumber, member));
        else rejectedRows.add(row.rowNumber);
        if (lines.length >= BATCH) {
          // PostgreSQL stores one batch while this process parses the next (two cores, both busy).
          await copying;
          copying = repo.stage(lines);
          lines = [];
        }
        if (pendingRejects.length >= BATCH) await flushRejects();
        if (rowsRead % 10_000 === 0) {
          opts.onProgress?.(rowsRead, fraction());
          await jobs.progress(jobId, rowsRead);
        }
      }
      await copying;
      await repo.stage(lines);
      if (rowsRead === 0) throw new FileFormatError('The file has a header but no data rows.');
      lap('readMs');
      const cross = await repo.crossChecks(opts.scope, {
        allowMoves: opts.allowMoves,
        allowTwoHeads: opts.allowTwoHeads,
      });
      for (const r of cross) {
        pendingRejects.push(r);
        if (r.severity === 'error') rejectedRows.add(r.row_number);
        else warnedRows.add(r.row_number);
      }
      await flushRejects();
      const proposed: ProposedCounts =
        opts.review && reviewsImports(opts.review.requires)
          ? await proposeHeldHouseholds(trx, {
              regionCode: opts.regionCode,
              periodCode: opts.periodCode,
              jobId,
              fileName: shownName(opts),
              review: opts.review,
              allowMoves: opts.allowMoves ?? false,
              allowTwoHeads: opts.allowTwoHeads ?? false,
            })
          : { householdsProposed: 0, rowsProposed: 0 };
      lap('checksMs');
      const applied = await repo.apply(opts.fault);
      lap('applyMs');
      return { ...applied, ...proposed };
    });
    rejected = rejectedRows.size;
    const warned = warnedRows.size;
    opts.onProgress?.(rowsRead, 1);
    await jobs.succeed(
      jobId,
      { total: rowsRead, stored: counts.rowsStored, unchanged: counts.rowsUnchanged, rejected, warned },
      {
        ...counts,
        timings,
        warnings,
        format: info.format,
        encoding: info.encoding,
        delimiter: info.delimiter,
      },
    );
    return { jobId, rowsRead, rowsRejected: rejected, rowsWarned: warned, counts, warnings, timings };
  } catch (err) {
    await jobs.fail(jobId, err instanceof Error ? err.message : String(err), { total: rowsRead, rejected });
    throw err;
  } finally {
    await close();
  }
}
