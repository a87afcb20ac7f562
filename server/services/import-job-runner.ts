// Runs import jobs: the importer for the job's kind, awaited (the CLI) or in the background (an upload). A
// background job parses the saved file in a memory-capped worker thread, and the file is deleted afterwards
// whatever happens. Each user has a cap on uploads in flight (429 beyond it). A job that fails while the database
// is away gets its "failed" written when the database returns (retried with back-off); a job whose process died
// is ended by the start-up sweep. Jobs still running when the server closes are awaited, so a shutdown never
// cuts an import's transaction short.
import type { RowScope } from '../auth/roles.ts';
import type { ApprovalKind } from '../domain/approval-kinds.ts';
import type { AuditedBy } from '../imports/audited-by.ts';
import { importBoundariesFile, type BoundaryImportResult } from '../imports/boundaries/import-boundaries.ts';
import { importEnrolments, type EnrolmentImportResult } from '../imports/enrolments/import-enrolments.ts';
import { importHouseholds, type HouseholdImportResult } from '../imports/households/import-households.ts';
import { reviewsImports } from '../imports/households/import-proposals.ts';
import type { UploadFolder } from '../imports/upload-folder.ts';
import type { ImportKind } from '../repositories/import-jobs-repository.ts';
import { problem } from '../lib/problem.ts';
import type { Db } from './db.ts';

export type ImportLog = (msg: string, err?: unknown) => void;

export type ImportFlag = 'acceptRepairs' | 'allowMoves' | 'allowTwoHeads';

/** What an import was asked to do, checked: everything that does not need the file's bytes. */
export interface CheckedImport {
  kind: ImportKind;
  period: string | null;
  flags: Partial<Record<ImportFlag, boolean>>;
  /** Households: the kinds of change the approval policy holds for this user (operators'; #20). */
  heldForReview?: ApprovalKind[];
}

/** A file the job will read: where it is, the name the user knows it by, its size. */
export interface ImportFile {
  path: string;
  name: string;
  bytes: number;
}

/** The CLI's extra say over a boundary import (the API always auto-detects, activates and refuses partial sets). */
export interface BoundaryCliOptions {
  codeField?: string;
  nameField?: string;
  kecamatanField?: string;
  label?: string;
  allowPartial?: boolean;
  activate?: boolean;
}

export type ImportOutcome =
  | { kind: 'households'; result: HouseholdImportResult }
  | { kind: 'enrolments'; result: EnrolmentImportResult }
  | { kind: 'boundaries'; result: BoundaryImportResult };

/** One job to run: its file, what was asked, and who asked (their scope, their audit fields). */
export interface ImportRun extends CheckedImport {
  jobId: string;
  file: ImportFile;
  userId: string | null;
  scope: RowScope;
  by: AuditedBy;
  boundary?: BoundaryCliOptions;
  /** Rows read so far and the share of the file read (0–1); households only. */
  onProgress?: (rowsRead: number, fraction: number) => void;
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

export class ImportJobRunner {
  private readonly running = new Set<Promise<unknown>>();
  private readonly inFlight = new Map<string, number>();
  private readonly wakeUps = new Set<() => void>();
  private closing = false;
  private log: ImportLog = () => {};

  constructor(
    private readonly db: Db,
    private readonly opts: {
      regionCode: string;
      workerMemoryMb: number;
      uploadsPerUser: number;
      uploads: UploadFolder;
    },
  ) {}

  /**
   * Start-up: delete uploads a dead process left behind and end the jobs it left running. The app starts even
   * while the database is away (it answers 503 then); the job sweep is then retried until it lands.
   */
  async recover(log: ImportLog): Promise<void> {
    this.log = log;
    await this.opts.uploads.prepare();
    const files = await this.opts.uploads.sweepOrphans();
    if (files) log(`swept ${files} orphaned upload(s)`);
    const sweep = async () => {
      const jobs = await this.db.repos.importJobs.sweepInterrupted(this.opts.regionCode);
      if (jobs.length) log(`ended ${jobs.length} interrupted import job(s) as failed`);
    };
    try {
      await sweep();
    } catch (err) {
      log('cannot sweep interrupted import jobs yet (database unavailable); retrying', err);
      this.track(this.retry(sweep));
    }
  }

  /** Takes one of a user's upload slots; the returned release gives it back (once). Throws 429 when all are taken. */
  reserve(key: string): () => void {
    const n = this.inFlight.get(key) ?? 0;
    if (n >= this.opts.uploadsPerUser)
      throw problem(429, 'too-many-imports', 'import.tooMany', {
        count: n,
        max: this.opts.uploadsPerUser,
      }).withHeaders({ 'retry-after': '30' });
    this.inFlight.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }

  /** Runs a job without awaiting it; its file and slot are given up when it ends, however it ends. */
  inBackground(run: ImportRun, release: () => void): void {
    const task = this.execute(run)
      .catch(async (err: unknown) => {
        this.log(`import job ${run.jobId} failed`, err);
        await this.ensureFailed(run.jobId, err);
      })
      .finally(async () => {
        release();
        await this.opts.uploads.remove(run.file.path);
      });
    this.track(task);
  }

  /** Runs the importer of the job's kind; the job ends succeeded or failed either way. */
  async execute(run: ImportRun): Promise<ImportOutcome> {
    const knex = this.db.knex;
    const common = {
      regionCode: this.opts.regionCode,
      filePath: run.file.path,
      jobId: run.jobId,
      fileName: run.file.name,
      fileBytes: run.file.bytes,
      userId: run.userId,
      workerMemoryMb: this.opts.workerMemoryMb,
    };
    if (run.kind === 'households') {
      const result = await importHouseholds(knex, {
        ...common,
        periodCode: run.period!,
        scope: run.scope.kelurahan,
        allowMoves: run.flags.allowMoves,
        allowTwoHeads: run.flags.allowTwoHeads,
        onProgress: run.onProgress,
        review: this.review(run),
      });
      return { kind: 'households', result };
    }
    if (run.kind === 'enrolments') {
      const result = await importEnrolments(knex, {
        ...common,
        periodCode: run.period!,
        kelurahan: run.scope.kelurahan,
        programs: run.scope.programs,
      });
      return { kind: 'enrolments', result };
    }
    return { kind: 'boundaries', result: await this.boundaries(run) };
  }

  /** The review an operator's file is under; never skipped for want of a proposer (fails closed). */
  private review(run: ImportRun) {
    if (!run.heldForReview || !reviewsImports(run.heldForReview)) return undefined;
    if (!run.userId) throw new Error('a household file held for review needs the user who proposes it');
    return { requires: run.heldForReview, by: run.by, proposedBy: run.userId };
  }

  /** Boundary imports have no job of their own in the importer: the job is kept here. */
  private async boundaries(run: ImportRun) {
    const jobs = this.db.repos.importJobs;
    await jobs.start(run.jobId);
    try {
      const result = await importBoundariesFile(this.db.knex, run.file.path, {
        ...run.boundary,
        regionCode: this.opts.regionCode,
        label: run.boundary?.label ?? run.file.name,
        fileName: run.file.name,
        workerMemoryMb: this.opts.workerMemoryMb,
        acceptRepairs: run.flags.acceptRepairs,
        by: run.by,
      });
      const matched = result.report.matched.length;
      await jobs.succeed(
        run.jobId,
        {
          total: matched + result.report.unmatched.length,
          stored: matched,
          unchanged: 0,
          rejected: result.report.unmatched.length,
          warned: result.repairs.length + result.overlaps.length,
        },
        result,
      );
      return result;
    } catch (err) {
      await jobs.fail(run.jobId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private track(task: Promise<unknown>): void {
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Runs a database write until it succeeds or the server closes, backing off between attempts. */
  private async retry(write: () => Promise<void>): Promise<void> {
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        await write();
        return;
      } catch {
        await this.pause(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!);
      }
    }
  }

  /** A back-off pause that ends early when the server closes. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeUps.add(done);
    });
  }

  /**
   * Makes sure a job that threw is marked failed: the importer's own fail write may itself have failed (the
   * database went away). Retried with back-off until it lands or the server closes; a job still unmarked then
   * is ended by the next start's sweep (its heartbeat has stopped).
   */
  private async ensureFailed(jobId: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const jobs = this.db.repos.importJobs;
    await this.retry(async () => {
      if (!(await jobs.finished(jobId))) await jobs.fail(jobId, message);
    });
  }

  /** Waits for the jobs in flight (server shutdown, tests); pending failure writes stop retrying. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const wake of [...this.wakeUps]) wake();
    await this.idle();
  }
}
