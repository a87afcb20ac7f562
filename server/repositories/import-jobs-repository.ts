// Import jobs and their reject reports. Written outside the import's own transaction, so a failed import
// still leaves its job (status, error) and every rejected row for the user to download. A started job beats a
// heartbeat until it succeeds or fails, so a job whose process died can be told from one still working.
import type { Knex } from 'knex';

/** How often a running job writes its heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** A running job whose heartbeat is older than this belongs to a dead process. */
export const STALE_HEARTBEAT_SECONDS = 60;
export const INTERRUPTED_MESSAGE =
  'interrupted: the server stopped or lost its database while this import ran; nothing from it was stored, upload the file again';

// Module-wide: importers make their own repository instances, but a job's heartbeat must stop whichever ends it.
const heartbeats = new Map<string, NodeJS.Timeout>();

const JOB_COLUMNS = [
  'id',
  'kind',
  'period_code',
  'file_name',
  'file_bytes',
  'status',
  'rows_total',
  'rows_done',
  'rows_stored',
  'rows_unchanged',
  'rows_rejected',
  'rows_warned',
  'report',
  'error',
  'created_by',
  'created_at',
  'finished_at',
] as const;

export type ImportKind = 'boundaries' | 'households' | 'enrolments';

export interface ImportJobRow {
  id: string;
  kind: ImportKind;
  period_code: string | null;
  file_name: string;
  file_bytes: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  rows_total: number | null;
  rows_done: number;
  rows_stored: number;
  rows_unchanged: number;
  rows_rejected: number;
  rows_warned: number;
  report: unknown;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface RejectRow {
  row_number: number;
  column_name: string | null;
  value: string | null;
  reason: string;
  severity: 'error' | 'warning';
}

export class ImportJobsRepository {
  constructor(private readonly knex: Knex) {}

  async create(job: {
    regionCode: string;
    kind: ImportKind;
    periodCode: string | null;
    fileName: string;
    fileBytes: number;
    fileSha256?: string;
    options?: unknown;
    createdBy: string | null;
  }): Promise<string> {
    const [row] = await this.knex('import_jobs')
      .insert({
        region_code: job.regionCode,
        kind: job.kind,
        period_code: job.periodCode,
        file_name: job.fileName,
        file_bytes: job.fileBytes,
        file_sha256: job.fileSha256 ?? null,
        options: job.options === undefined ? null : JSON.stringify(job.options),
        created_by: job.createdBy,
        status: 'queued',
      })
      .returning<Array<{ id: string }>>('id');
    return row!.id;
  }

  /** The job an import reports into: the one the API created on upload, or a new one (CLI, tests). */
  async forImport(opts: {
    jobId?: string;
    regionCode: string;
    kind: ImportKind;
    periodCode: string;
    filePath: string;
    fileName?: string;
    fileBytes?: number;
    userId?: string | null;
  }): Promise<string> {
    return (
      opts.jobId ??
      this.create({
        regionCode: opts.regionCode,
        kind: opts.kind,
        periodCode: opts.periodCode,
        fileName: opts.fileName ?? opts.filePath.split('/').pop()!,
        fileBytes: opts.fileBytes ?? 0,
        createdBy: opts.userId ?? null,
      })
    );
  }

  async start(id: string): Promise<void> {
    await this.knex('import_jobs')
      .where({ id })
      .update({ status: 'running', heartbeat_at: this.knex.fn.now() });
    if (heartbeats.has(id)) return;
    const timer = setInterval(() => {
      // A missed beat is harmless (the next one or the sweep settles it); the database may be away right now.
      this.knex('import_jobs')
        .where({ id, status: 'running' })
        .update({ heartbeat_at: this.knex.fn.now() })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    timer.unref();
    heartbeats.set(id, timer);
  }

  private stopHeartbeat(id: string): void {
    clearInterval(heartbeats.get(id));
    heartbeats.delete(id);
  }

  /** Ends jobs left queued or running by a process that died (stale heartbeat) as failed, "interrupted". */
  async sweepInterrupted(regionCode: string): Promise<string[]> {
    const rows = await this.knex('import_jobs')
      .where({ region_code: regionCode })
      .whereIn('status', ['queued', 'running'])
      .whereRaw(`coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ?)`, [
        STALE_HEARTBEAT_SECONDS,
      ])
      .update({ status: 'failed', error: INTERRUPTED_MESSAGE, finished_at: this.knex.fn.now() })
      .returning<Array<{ id: string }>>('id');
    return rows.map((r) => r.id);
  }

  /** Whether a job has ended (succeeded or failed). */
  async finished(id: string): Promise<boolean> {
    const row = await this.knex('import_jobs').where({ id }).first<{ status: string } | undefined>('status');
    return row?.status === 'succeeded' || row?.status === 'failed';
  }

  async progress(id: string, rowsDone: number): Promise<void> {
    await this.knex('import_jobs').where({ id }).update({ rows_done: rowsDone });
  }

  async addRejects(id: string, rejects: ReadonlyArray<RejectRow>): Promise<void> {
    if (rejects.length === 0) return;
    for (let i = 0; i < rejects.length; i += 2000)
      await this.knex('import_rejects').insert(rejects.slice(i, i + 2000).map((r) => ({ job_id: id, ...r })));
  }

  async succeed(
    id: string,
    counts: { total: number; stored: number; unchanged: number; rejected: number; warned: number },
    report: unknown,
  ): Promise<void> {
    this.stopHeartbeat(id);
    await this.knex('import_jobs')
      .where({ id })
      .update({
        status: 'succeeded',
        rows_total: counts.total,
        rows_done: counts.total,
        rows_stored: counts.stored,
        rows_unchanged: counts.unchanged,
        rows_rejected: counts.rejected,
        rows_warned: counts.warned,
        report: JSON.stringify(report),
        finished_at: this.knex.fn.now(),
      });
  }

  async fail(id: string, error: string, counts?: { total: number; rejected: number }): Promise<void> {
    this.stopHeartbeat(id);
    await this.knex('import_jobs')
      .where({ id })
      .update({
        status: 'failed',
        error,
        ...(counts ? { rows_total: counts.total, rows_rejected: counts.rejected } : {}),
        finished_at: this.knex.fn.now(),
      });
  }

  async find(regionCode: string, id: string): Promise<ImportJobRow | undefined> {
    return this.knex('import_jobs')
      .where({ region_code: regionCode, id })
      .first<ImportJobRow | undefined>(...JOB_COLUMNS);
  }

  /** Jobs newest first, a page of them and how many there are; `createdBy` limits them to one user's. */
  async list(
    regionCode: string,
    opts: { createdBy?: string; limit: number; offset: number },
  ): Promise<{ rows: ImportJobRow[]; total: number }> {
    const base = () => {
      const q = this.knex('import_jobs').where({ region_code: regionCode });
      if (opts.createdBy !== undefined) void q.where({ created_by: opts.createdBy });
      return q;
    };
    const [rows, counted] = await Promise.all([
      base()
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(opts.limit)
        .offset(opts.offset)
        .select<ImportJobRow[]>(...JOB_COLUMNS),
      base().count<Array<{ n: string }>>({ n: '*' }),
    ]);
    return { rows, total: Number(counted[0]?.n ?? 0) };
  }

  async rejects(id: string, limit: number): Promise<RejectRow[]> {
    return this.knex('import_rejects')
      .where({ job_id: id })
      .orderBy([{ column: 'row_number' }, { column: 'severity' }])
      .limit(limit)
      .select<RejectRow[]>('row_number', 'column_name', 'value', 'reason', 'severity');
  }
}
