// Imports as one use case for the API and the CLI: an upload (or a file named on the command line) is checked
// before a byte of it is read, then its job is created together with its audit row in one transaction, so every
// import names who started it, from which door. The API runs the job in the background (import-job-runner.ts)
// and answers 202 at once; the CLI awaits it. Reject reports hold the file's values (unmasked NIKs, names), so
// every download of one, in any format, is an audited export.
import path from 'node:path';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { assertOpenPeriod, ImportRefusedError } from '../imports/households/import-households.ts';
import type { UploadFolder } from '../imports/upload-folder.ts';
import { t, type Lang } from '../i18n/translate.ts';
import { badRequestT, HttpProblem, notFoundT, problem } from '../lib/problem.ts';
import type { ImportJobRow, ImportKind, RejectRow } from '../repositories/import-jobs-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import { kindsHeldForReview } from './proposal-gate.ts';
import {
  ImportJobRunner,
  type BoundaryCliOptions,
  type CheckedImport,
  type ImportFile,
  type ImportFlag,
  type ImportLog,
  type ImportOutcome,
  type ImportRun,
} from './import-job-runner.ts';

export type {
  BoundaryCliOptions,
  CheckedImport,
  ImportFile,
  ImportFlag,
  ImportOutcome,
} from './import-job-runner.ts';

export const IMPORT_KINDS: readonly ImportKind[] = ['households', 'enrolments', 'boundaries'];
/** Yes/no options an upload may carry (form fields or query parameters). */
export const IMPORT_FLAGS: readonly ImportFlag[] = ['acceptRepairs', 'allowMoves', 'allowTwoHeads'];
const EXTENSIONS: Record<ImportKind, readonly string[]> = {
  households: ['.csv', '.xlsx', '.txt'],
  enrolments: ['.csv', '.xlsx', '.txt'],
  boundaries: ['.geojson', '.json', '.zip'],
};

/** How a reject report left the server: a download format, or the CLI's terminal. */
export type RejectsFormat = 'json' | 'csv' | 'xlsx' | 'text';

export interface ImportServiceOptions {
  regionCode: string;
  workerMemoryMb: number;
  uploadsPerUser: number;
  uploads: UploadFolder;
}

const ID = /^[0-9a-f-]{36}$/;

export class ImportService {
  private readonly runner: ImportJobRunner;

  constructor(
    private readonly db: Db,
    private readonly opts: ImportServiceOptions,
  ) {
    this.runner = new ImportJobRunner(db, opts);
  }

  /** Start-up of the background side (the app's log, orphaned uploads, interrupted jobs). */
  recover(log: ImportLog): Promise<void> {
    return this.runner.recover(log);
  }

  /** Waits for the jobs in flight (tests); `close` also stops pending retries (server shutdown). */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  /** Kind, role, scope, options and period: everything about an import that does not need its bytes. */
  async check(fields: Readonly<Record<string, string>>, actor: Actor): Promise<CheckedImport> {
    const kind = fields.kind as ImportKind;
    const user = actor.user;
    if (!IMPORT_KINDS.includes(kind)) throw badRequestT('import.badKind', { kinds: IMPORT_KINDS.join(', ') });
    if (kind === 'boundaries' && user && user.role !== 'admin')
      throw problem(403, 'forbidden', 'import.onlyAdminsBoundaries');
    if (user?.role === 'operator' && user.kelurahan.length === 0)
      throw problem(403, 'forbidden', 'import.noKelurahan');
    // Maker–checker: an operator's household file meets the review the policy asks for their edits — the
    // households it changes in a held way become a batch of proposals (imports/households/import-proposals.ts).
    const heldForReview = kind === 'households' ? await kindsHeldForReview(this.db.repos, actor) : [];
    const flags: CheckedImport['flags'] = {};
    for (const f of IMPORT_FLAGS) {
      const v = fields[f];
      if (v === undefined) continue;
      if (!/^(true|false)$/.test(v)) throw badRequestT('import.badFlag', { flag: f, value: v });
      flags[f] = v === 'true';
    }
    const period = kind === 'boundaries' ? null : (fields.period ?? '');
    if (period !== null) {
      if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(period))
        throw badRequestT('import.badPeriod', { value: period });
      await this.assertOpen(period);
    }
    return { kind, period, flags, ...(heldForReview.length ? { heldForReview } : {}) };
  }

  /** The uploaded file's name as stored, refused (415) when its type does not suit the kind. */
  fileName(upload: CheckedImport, given: string, lang: Lang): string {
    const name = path.basename(given || 'upload').slice(0, 255);
    const ext = path.extname(name).toLowerCase();
    if (!EXTENSIONS[upload.kind].includes(ext))
      throw problem(415, 'unsupported-file-type', 'import.wrongFileType', {
        kind: upload.kind,
        extensions: EXTENSIONS[upload.kind].join(', '),
        ext: ext || t(lang, 'import.noExtension'),
      });
    return name;
  }

  /** Takes one of the user's upload slots before their file is read (429 when all are taken). */
  reserve(actor: Actor): () => void {
    return this.runner.reserve(actor.user?.id ?? actor.username ?? 'unknown');
  }

  /** Writes an upload to the private folder; `discard` deletes it when the upload is refused after all. */
  save(stream: Readable, name: string): Promise<string> {
    return this.opts.uploads.save(stream, path.extname(name).toLowerCase());
  }

  discard(filePath: string | undefined): Promise<void> {
    return this.opts.uploads.remove(filePath);
  }

  /**
   * The API: creates the job with its audit row and starts it in the background; resolves with the job id before
   * the import finishes. From here on the job owns the file and the slot, and gives both up however it ends.
   */
  async start(file: ImportFile, upload: CheckedImport, actor: Actor, release: () => void): Promise<string> {
    const jobId = await this.open(file, upload, actor);
    this.runner.inBackground(this.run(jobId, file, upload, actor), release);
    return jobId;
  }

  /** The CLI: the same checks, job and audit row as an upload, then the import itself, awaited. */
  async runNow(
    filePath: string,
    asked: { kind: ImportKind; period?: string; flags?: CheckedImport['flags'] },
    actor: Actor,
    extra: { boundary?: BoundaryCliOptions; onProgress?: ImportRun['onProgress'] } = {},
  ): Promise<ImportOutcome> {
    // Said as an upload's fields, so the command line meets exactly the checks an upload meets.
    const fields: Record<string, string> = { kind: asked.kind };
    if (asked.period !== undefined) fields.period = asked.period;
    for (const [flag, on] of Object.entries(asked.flags ?? {})) fields[flag] = String(on);
    const upload = await this.check(fields, actor);
    const bytes = await stat(filePath).then(
      (s) => s.size,
      () => 0,
    );
    return this.runFile({ path: filePath, name: path.basename(filePath), bytes }, upload, actor, extra);
  }

  /**
   * A checked file imported now, awaited: its job and audit row first, then the import (the boundaries screen's
   * upload, whose answer is the match report). The file stays the caller's to delete.
   */
  async runFile(
    file: ImportFile,
    upload: CheckedImport,
    actor: Actor,
    extra: { boundary?: BoundaryCliOptions; onProgress?: ImportRun['onProgress'] } = {},
  ): Promise<ImportOutcome> {
    const jobId = await this.open(file, upload, actor, extra.boundary);
    return this.runner.execute(this.run(jobId, file, upload, actor, extra));
  }

  /** A job the actor may see: admins and the CLI see every job, others their own (404 otherwise). */
  async job(id: string, actor: Actor): Promise<ImportJobRow> {
    const job = ID.test(id) ? await this.db.repos.importJobs.find(this.opts.regionCode, id) : undefined;
    const user = actor.user;
    if (!job || (user && user.role !== 'admin' && job.created_by !== user.id))
      throw notFoundT('notFound.importJob', { id });
    return job;
  }

  /** The job history, newest first: admins and the CLI see every job, others their own. */
  jobs(
    actor: Actor,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ImportJobRow[]; total: number }> {
    const user = actor.user;
    const createdBy = user && user.role !== 'admin' ? user.id : undefined;
    return this.db.repos.importJobs.list(this.opts.regionCode, { ...page, createdBy });
  }

  /** A job's rejected rows and warnings, read and audited as an export in one transaction. */
  async rejects(
    id: string,
    actor: Actor,
    format: RejectsFormat,
  ): Promise<{ job: ImportJobRow; rows: RejectRow[] }> {
    const job = await this.job(id, actor);
    const rows = await this.db.transaction(async (repos) => {
      const found = await repos.importJobs.rejects(job.id, 1_000_000);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'export',
        entity: 'import_rejects',
        entityIds: [job.id],
        periodCode: job.period_code,
        changes: { format, rows: found.length, kind: job.kind },
      });
      return found;
    });
    return { job, rows };
  }

  private async assertOpen(period: string): Promise<void> {
    try {
      await assertOpenPeriod(this.db.knex, this.opts.regionCode, period);
    } catch (err) {
      if (err instanceof ImportRefusedError)
        throw err.key
          ? problem(409, 'period-not-open', err.key, err.params)
          : new HttpProblem(409, 'period-not-open', 'Period not open', err.message);
      throw err;
    }
  }

  /** The job and its audit row, in one transaction: no job runs that the audit log does not know of. */
  private open(
    file: ImportFile,
    upload: CheckedImport,
    actor: Actor,
    boundary?: BoundaryCliOptions,
  ): Promise<string> {
    return this.db.transaction(async (repos) => {
      const id = await repos.importJobs.create({
        regionCode: this.opts.regionCode,
        kind: upload.kind,
        periodCode: upload.period,
        fileName: file.name,
        fileBytes: file.bytes,
        options: upload.flags.acceptRepairs ? { acceptRepairs: true } : undefined,
        createdBy: actor.user?.id ?? null,
      });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'import',
        entity: upload.kind,
        entityIds: [id],
        periodCode: upload.period,
        changes: { file: file.name, bytes: file.bytes, ...upload.flags, ...boundary },
      });
      return id;
    });
  }

  private run(
    jobId: string,
    file: ImportFile,
    upload: CheckedImport,
    actor: Actor,
    extra: { boundary?: BoundaryCliOptions; onProgress?: ImportRun['onProgress'] } = {},
  ): ImportRun {
    return {
      jobId,
      file,
      ...upload,
      userId: actor.user?.id ?? null,
      scope: scopeOf(actor),
      by: auditBy(actor),
      ...extra,
    };
  }
}
