// Runs uploaded imports as jobs in the background: the upload answers 202 with the job id at once, the import
// parses the saved file in a memory-capped worker thread, and the file is deleted afterwards whatever happens.
// Each user has a cap on uploads in flight (429 beyond it). A job that fails while the database is away gets
// its "failed" written when the database returns (retried with back-off); a job whose process died is ended by
// the start-up sweep. Jobs still running when the server closes are awaited, so a shutdown never cuts an
// import's transaction short.
import type { Knex } from 'knex';
import type { SessionUser } from '../auth/roles.ts';
import { importBoundariesFile } from '../imports/boundaries/import-boundaries.ts';
import { importEnrolments } from '../imports/enrolments/import-enrolments.ts';
import { importHouseholds } from '../imports/households/import-households.ts';
import type { UploadFolder } from '../imports/upload-folder.ts';
import { problem } from '../lib/problem.ts';
import { ImportJobsRepository, type ImportKind } from '../repositories/import-jobs-repository.ts';

export interface UploadedImport {
  kind: ImportKind;
  period: string | null;
  filePath: string;
  fileName: string;
  fileBytes: number;
  /** Boundaries: activate even if geometries were repaired. */
  acceptRepairs?: boolean;
  /** Households: move stored households to the kelurahan the file gives (refused otherwise). */
  allowMoves?: boolean;
  /** Households: store a KK that ends up with two heads (refused otherwise). */
  allowTwoHeads?: boolean;
}

export interface ImportServiceOptions {
  regionCode: string;
  workerMemoryMb: number;
  uploadsPerUser: number;
  uploads: UploadFolder;
  log: (msg: string, err?: unknown) => void;
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

export class ImportService {
  private readonly running = new Set<Promise<void>>();
  private readonly inFlight = new Map<string, number>();
  private readonly jobs: ImportJobsRepository;
  private closing = false;
  private readonly wakeUps = new Set<() => void>();

  constructor(
    private readonly knex: Knex,
    private readonly opts: ImportServiceOptions,
  ) {
    this.jobs = new ImportJobsRepository(knex);
  }

  /**
   * Start-up: delete uploads a dead process left behind and end the jobs it left running. The app starts even
   * while the database is away (it answers 503 then); the job sweep is then retried until it lands.
   */
  async recover(): Promise<void> {
    await this.opts.uploads.prepare();
    const files = await this.opts.uploads.sweepOrphans();
    if (files) this.opts.log(`swept ${files} orphaned upload(s)`);
    const sweep = async () => {
      const jobs = await this.jobs.sweepInterrupted(this.opts.regionCode);
      if (jobs.length) this.opts.log(`ended ${jobs.length} interrupted import job(s) as failed`);
    };
    try {
      await sweep();
    } catch (err) {
      this.opts.log('cannot sweep interrupted import jobs yet (database unavailable); retrying', err);
      const retry = this.retry(sweep);
      this.running.add(retry);
      void retry.finally(() => this.running.delete(retry));
    }
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
   * Takes one of the user's upload slots before their file is read; the returned release gives it back (once).
   * Throws 429 when all are taken.
   */
  reserve(user: SessionUser): () => void {
    const n = this.inFlight.get(user.id) ?? 0;
    if (n >= this.opts.uploadsPerUser)
      throw problem(429, 'too-many-imports', 'import.tooMany', { count: n, max: this.opts.uploadsPerUser });
    this.inFlight.set(user.id, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(user.id) ?? 1) - 1;
      if (left > 0) this.inFlight.set(user.id, left);
      else this.inFlight.delete(user.id);
    };
  }

  /**
   * Creates the job and starts it; resolves with the job id before the import finishes. From here on the job owns
   * the file and the reservation: both are given up when it ends, however it ends.
   */
  async start(upload: UploadedImport, user: SessionUser, release: () => void): Promise<string> {
    const jobId = await this.jobs.create({
      regionCode: this.opts.regionCode,
      kind: upload.kind,
      periodCode: upload.period,
      fileName: upload.fileName,
      fileBytes: upload.fileBytes,
      options: upload.acceptRepairs ? { acceptRepairs: true } : undefined,
      createdBy: user.id,
    });
    const task = this.run(jobId, upload, user)
      .catch(async (err: unknown) => {
        this.opts.log(`import job ${jobId} failed`, err);
        await this.ensureFailed(jobId, err);
      })
      .finally(async () => {
        this.running.delete(task);
        release();
        await this.opts.uploads.remove(upload.filePath);
      });
    this.running.add(task);
    return jobId;
  }

  private async run(jobId: string, upload: UploadedImport, user: SessionUser): Promise<void> {
    const scope = user.role === 'operator' ? user.kelurahan : undefined;
    const common = {
      regionCode: this.opts.regionCode,
      filePath: upload.filePath,
      jobId,
      fileName: upload.fileName,
      fileBytes: upload.fileBytes,
      userId: user.id,
      workerMemoryMb: this.opts.workerMemoryMb,
    };
    if (upload.kind === 'households') {
      await importHouseholds(this.knex, {
        ...common,
        periodCode: upload.period!,
        scope,
        allowMoves: upload.allowMoves,
        allowTwoHeads: upload.allowTwoHeads,
      });
    } else if (upload.kind === 'enrolments') {
      await importEnrolments(this.knex, { ...common, periodCode: upload.period!, kelurahan: scope });
    } else {
      await this.jobs.start(jobId);
      try {
        const result = await importBoundariesFile(this.knex, upload.filePath, {
          regionCode: this.opts.regionCode,
          label: upload.fileName,
          fileName: upload.fileName,
          workerMemoryMb: this.opts.workerMemoryMb,
          acceptRepairs: upload.acceptRepairs,
        });
        const matched = result.report.matched.length;
        await this.jobs.succeed(
          jobId,
          {
            total: matched + result.report.unmatched.length,
            stored: matched,
            unchanged: 0,
            rejected: result.report.unmatched.length,
            warned: result.repairs.length + result.overlaps.length,
          },
          result,
        );
      } catch (err) {
        await this.jobs.fail(jobId, err instanceof Error ? err.message : String(err));
        throw err;
      }
    }
  }

  /**
   * Makes sure a job that threw is marked failed: the importer's own fail write may itself have failed (the
   * database went away). Retried with back-off until it lands or the server closes; a job still unmarked then
   * is ended by the next start's sweep (its heartbeat has stopped).
   */
  private async ensureFailed(jobId: string, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    await this.retry(async () => {
      if (!(await this.jobs.finished(jobId))) await this.jobs.fail(jobId, message);
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
