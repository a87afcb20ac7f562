// Runs uploaded imports as jobs in the background: the upload answers 202 with the job id at once, the import
// streams from the saved file, and the file is deleted afterwards whatever happens. Jobs still running when
// the server closes are awaited, so a shutdown never cuts an import's transaction short.
import { rm } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { SessionUser } from '../auth/roles.ts';
import { importBoundariesFile } from '../imports/boundaries/import-boundaries.ts';
import { importEnrolments } from '../imports/enrolments/import-enrolments.ts';
import { importHouseholds } from '../imports/households/import-households.ts';
import { ImportJobsRepository, type ImportKind } from '../repositories/import-jobs-repository.ts';

export interface UploadedImport {
  kind: ImportKind;
  period: string | null;
  filePath: string;
  fileName: string;
  fileBytes: number;
}

export class ImportService {
  private readonly running = new Set<Promise<void>>();
  private readonly jobs: ImportJobsRepository;

  constructor(
    private readonly knex: Knex,
    private readonly regionCode: string,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {
    this.jobs = new ImportJobsRepository(knex);
  }

  /** Creates the job and starts it; resolves with the job id before the import finishes. */
  async start(upload: UploadedImport, user: SessionUser): Promise<string> {
    const jobId = await this.jobs.create({
      regionCode: this.regionCode,
      kind: upload.kind,
      periodCode: upload.period,
      fileName: upload.fileName,
      fileBytes: upload.fileBytes,
      createdBy: user.id,
    });
    const task = this.run(jobId, upload, user)
      .catch((err: unknown) => this.log(`import job ${jobId} failed`, err))
      .finally(() => {
        this.running.delete(task);
        void rm(upload.filePath, { force: true });
      });
    this.running.add(task);
    return jobId;
  }

  private async run(jobId: string, upload: UploadedImport, user: SessionUser): Promise<void> {
    const scope = user.role === 'operator' ? user.kelurahan : undefined;
    const common = {
      regionCode: this.regionCode,
      filePath: upload.filePath,
      jobId,
      fileName: upload.fileName,
      fileBytes: upload.fileBytes,
      userId: user.id,
    };
    if (upload.kind === 'households') {
      await importHouseholds(this.knex, { ...common, periodCode: upload.period!, scope });
    } else if (upload.kind === 'enrolments') {
      await importEnrolments(this.knex, { ...common, periodCode: upload.period!, kelurahan: scope });
    } else {
      await this.jobs.start(jobId);
      try {
        const result = await importBoundariesFile(this.knex, upload.filePath, {
          regionCode: this.regionCode,
          label: upload.fileName,
        });
        const matched = result.report.matched.length;
        await this.jobs.succeed(
          jobId,
          {
            total: matched + result.report.unmatched.length,
            stored: matched,
            unchanged: 0,
            rejected: result.report.unmatched.length,
            warned: 0,
          },
          result,
        );
      } catch (err) {
        await this.jobs.fail(jobId, err instanceof Error ? err.message : String(err));
        throw err;
      }
    }
  }

  /** Waits for the jobs in flight (server shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}
