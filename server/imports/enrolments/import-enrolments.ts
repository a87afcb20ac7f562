// Imports a program enrolment list from an OPD (CSV or XLSX: program code and the recipient's NIK or KK) into
// one open period. Rows are matched to members and households of that period; unmatched rows are reported
// with the reason. Additive and idempotent: an enrolment already stored is left as it is.
import type { Knex } from 'knex';
import type { StagedEnrolment } from '../../domain/staged-rows.ts';
import type { RejectRow } from '../../repositories/import-jobs-repository.ts';
import { createRepositories, sessionRepositories } from '../../repositories/index.ts';
import { cellText, controlCharacterCells, parseDate, parseId16 } from '../field-parsers.ts';
import { FileFormatError } from '../table-reader.ts';
import { openTableInWorker } from '../worker/run-parse-worker.ts';
import { ENROLMENT_COLUMNS } from '../households/household-template.ts';
import { assertOpenPeriod, shownName, type ImportFileOptions } from '../households/import-households.ts';

export interface EnrolmentImportOptions extends ImportFileOptions {
  /** OPD staff: the programs they may import; operators: their kelurahan. */
  programs?: readonly string[];
  kelurahan?: readonly string[];
}

export interface EnrolmentImportResult {
  jobId: string;
  rowsRead: number;
  rowsRejected: number;
  inserted: number;
  unchanged: number;
}

export async function importEnrolments(
  knex: Knex,
  opts: EnrolmentImportOptions,
): Promise<EnrolmentImportResult> {
  const repos = createRepositories(knex);
  const jobs = repos.importJobs;
  const jobId = await jobs.forImport({ ...opts, kind: 'enrolments' });
  let rowsRead = 0;
  const rejected = new Set<number>();
  let close = async () => {};
  try {
    await jobs.start(jobId);
    await assertOpenPeriod(knex, opts.regionCode, opts.periodCode);
    const { info, rows, ...table } = await openTableInWorker(
      opts.filePath,
      shownName(opts),
      opts.workerMemoryMb,
    );
    close = table.close;
    if (
      !info.headers.includes('kode_program') ||
      !(info.headers.includes('nik') || info.headers.includes('no_kk'))
    )
      throw new FileFormatError(
        `Missing column(s): kode_program and nik or no_kk are needed. The template's columns are: ${ENROLMENT_COLUMNS.map((c) => c.name).join(', ')}.`,
      );
    const programs = new Set(await repos.referenceData.activeProgramCodes(opts.regionCode));
    const rejects: RejectRow[] = [];
    const staged: StagedEnrolment[] = [];
    const reject = (row: number, column: string | null, value: string | null, reason: string) => {
      rejected.add(row);
      rejects.push({ row_number: row, column_name: column, value, reason, severity: 'error' });
    };
    for await (const row of rows) {
      rowsRead++;
      const n = row.rowNumber;
      const controls = controlCharacterCells(row.cells);
      for (const c of controls) reject(n, c.column, c.value, c.reason);
      if (controls.length > 0) continue;
      const program = cellText(row.cells.kode_program ?? null)?.toLowerCase() ?? null;
      const nik = parseId16(row.cells.nik ?? null, 'NIK');
      const kk = parseId16(row.cells.no_kk ?? null, 'KK');
      const date = parseDate(row.cells.tanggal_mulai ?? null);
      if (!program) reject(n, 'kode_program', null, 'required value is empty');
      else if (!programs.has(program))
        reject(
          n,
          'kode_program',
          program,
          `not a program of this region: ${[...programs].sort().join(', ')}`,
        );
      else if (opts.programs && !opts.programs.includes(program))
        reject(n, 'kode_program', program, `your account may import only ${opts.programs.join(', ')}`);
      if (!nik.ok) reject(n, 'nik', cellText(row.cells.nik ?? null), nik.reason);
      if (!kk.ok) reject(n, 'no_kk', cellText(row.cells.no_kk ?? null), kk.reason);
      if (!date.ok) reject(n, 'tanggal_mulai', cellText(row.cells.tanggal_mulai ?? null), date.reason);
      if (nik.ok && kk.ok && nik.value === null && kk.value === null)
        reject(n, 'nik', null, 'give the recipient’s NIK or KK');
      if (!rejected.has(n))
        staged.push({
          rowNumber: n,
          program: program!,
          nik: nik.ok ? nik.value : null,
          kk: kk.ok ? kk.value : null,
          enrolledOn: date.ok ? date.value : null,
        });
      // Enrolment lists are at most a few hundred thousand short rows: staged in memory, written in batches.
    }
    if (rowsRead === 0) throw new FileFormatError('The file has a header but no data rows.');
    const result = await knex.transaction(async (trx) => {
      const repo = sessionRepositories.enrolmentImport(trx, opts.regionCode, opts.periodCode);
      await repo.stage(staged);
      const unmatched = await repo.match(opts.kelurahan);
      for (const u of unmatched) {
        rejected.add(u.row_number);
        rejects.push(u);
      }
      return repo.apply(shownName(opts));
    });
    await jobs.addRejects(jobId, rejects);
    await jobs.succeed(
      jobId,
      {
        total: rowsRead,
        stored: result.inserted + result.unchanged,
        unchanged: result.unchanged,
        rejected: rejected.size,
        warned: 0,
      },
      { ...result, format: info.format },
    );
    return { jobId, rowsRead, rowsRejected: rejected.size, ...result };
  } catch (err) {
    await jobs.fail(jobId, err instanceof Error ? err.message : String(err), {
      total: rowsRead,
      rejected: rejected.size,
    });
    throw err;
  } finally {
    await close();
  }
}
