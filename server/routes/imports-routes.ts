// Imports over HTTP: upload a file (multipart) to start a job, poll the job, download its rejects report;
// and the templates a social office fills in. Admins import anything; operators import households and
// enrolment lists of their own kelurahan and see only their own jobs.
// An upload is judged before its body is read: kind, role, scope, period, the user's uploads in flight and the
// file's type are all checked from the query string or the form fields that precede the file, so a refused
// upload never reaches the disk. Accepted files go to a private folder under the data directory and are deleted
// on every path: refusals, errors and however the job ends.
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { SessionUser } from '../auth/roles.ts';
import { sendFile } from './file-reply.ts';
import {
  ENROLMENT_COLUMNS,
  HOUSEHOLD_COLUMNS,
  type TemplateColumn,
} from '../imports/households/household-template.ts';
import { assertOpenPeriod, ImportRefusedError } from '../imports/households/import-households.ts';
import { UploadFolder } from '../imports/upload-folder.ts';
import { badRequestT, HttpProblem, notFoundT, problem } from '../lib/problem.ts';
import { isMessageKey, t } from '../i18n/translate.ts';
import { translateJobError } from '../i18n/import-messages.ts';
import { downloadLang, rejectColumns } from '../lib/download-tables.ts';
import { DownloadLang } from './shared-schemas.ts';
import { assertNoControlCharacters } from '../plugins/app/input-hygiene.ts';
import { auditContext } from '../lib/request-context.ts';
import { tableFile } from '../lib/table-file.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import {
  ImportJobsRepository,
  type ImportKind,
  type RejectRow,
} from '../repositories/import-jobs-repository.ts';
import { ImportService } from '../services/import-service.ts';

const KINDS: readonly ImportKind[] = ['households', 'enrolments', 'boundaries'];
const EXTENSIONS: Record<ImportKind, readonly string[]> = {
  households: ['.csv', '.xlsx', '.txt'],
  enrolments: ['.csv', '.xlsx', '.txt'],
  boundaries: ['.geojson', '.json', '.zip'],
};
/** Yes/no options an upload may carry (form fields or query parameters). */
const FLAGS = ['acceptRepairs', 'allowMoves', 'allowTwoHeads'] as const;
type Flag = (typeof FLAGS)[number];
const FIELDS = new Set<string>(['kind', 'period', ...FLAGS]);

const Job = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  period: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.String(),
  status: Type.String({ description: 'queued, running, succeeded or failed' }),
  rowsTotal: Type.Union([Type.Integer(), Type.Null()]),
  rowsDone: Type.Integer(),
  rowsStored: Type.Integer(),
  rowsUnchanged: Type.Integer(),
  rowsRejected: Type.Integer(),
  rowsWarned: Type.Integer(),
  report: Type.Unknown(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

const TEMPLATES: Record<string, readonly TemplateColumn[]> = {
  households: HOUSEHOLD_COLUMNS,
  enrolments: ENROLMENT_COLUMNS,
};

const UploadQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20 })),
    period: Type.Optional(Type.String({ maxLength: 7 })),
    ...Object.fromEntries(FLAGS.map((f) => [f, Type.Optional(Type.String({ maxLength: 5 }))])),
  },
  { additionalProperties: false },
);

interface CheckedUpload {
  kind: ImportKind;
  period: string | null;
  flags: Partial<Record<Flag, boolean>>;
}

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const jobs = new ImportJobsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const uploads = new UploadFolder(app.config.dataDir);
  const service = new ImportService(app.knex, {
    regionCode: app.config.regionCode,
    workerMemoryMb: app.config.importWorkerMemoryMb,
    uploadsPerUser: app.config.importUploadsPerUser,
    uploads,
    log: (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)),
  });
  await service.recover();
  app.addHook('onClose', () => service.close());
  await app.register(multipart, {
    limits: { fileSize: app.config.importMaxBytes, files: 1, fields: 10, fieldSize: 1024 },
  });

  const visibleJob = async (id: string, user: SessionUser) => {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await jobs.find(app.config.regionCode, id) : undefined;
    if (!job || (user.role !== 'admin' && job.created_by !== user.id))
      throw notFoundT('notFound.importJob', { id });
    return job;
  };

  /** Kind, role, scope and period: everything about an upload that does not need its bytes. */
  const checkUpload = async (fields: Record<string, string>, user: SessionUser): Promise<CheckedUpload> => {
    const kind = fields.kind as ImportKind;
    if (!KINDS.includes(kind)) throw badRequestT('import.badKind', { kinds: KINDS.join(', ') });
    if (kind === 'boundaries' && user.role !== 'admin')
      throw problem(403, 'forbidden', 'import.onlyAdminsBoundaries');
    if (user.role === 'operator' && user.kelurahan.length === 0)
      throw problem(403, 'forbidden', 'import.noKelurahan');
    const flags: CheckedUpload['flags'] = {};
    for (const f of FLAGS) {
      const v = fields[f];
      if (v === undefined) continue;
      if (!/^(true|false)$/.test(v)) throw badRequestT('import.badFlag', { flag: f, value: v });
      flags[f] = v === 'true';
    }
    const period = kind === 'boundaries' ? null : (fields.period ?? '');
    if (period !== null) {
      if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(period))
        throw badRequestT('import.badPeriod', { value: period });
      try {
        await assertOpenPeriod(app.knex, app.config.regionCode, period);
      } catch (err) {
        if (err instanceof ImportRefusedError)
          throw err.key
            ? problem(409, 'period-not-open', err.key, err.params)
            : new HttpProblem(409, 'period-not-open', 'Period not open', err.message);
        throw err;
      }
    }
    return { kind, period, flags };
  };

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload a file (multipart: kind, period, options, then file; or kind/period in the query) and start an import job; answers 202 with the job id',
        description:
          'Fields: kind (households, enrolments, boundaries), period (YYYY-MM, not for boundaries), and the yes/no options acceptRepairs (boundaries: activate a set whose geometries were repaired), allowMoves (households: move stored households to the kelurahan the file gives) and allowTwoHeads (households: store a KK with two heads). The fields must come before the file (or be given in the query string): the upload is checked before its body is read.',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: {
          202: Type.Object({
            id: Type.String(),
            status: Type.String(),
            statusUrl: Type.String(),
            rejectsUrl: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw problem(415, 'unsupported-media-type', 'import.notMultipart');
      const user = request.user!;
      const query = request.query as Record<string, string | undefined>;
      const fields: Record<string, string> = Object.fromEntries(
        Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
      );
      // Nothing of the body has been read yet: refuse now what the query already shows to be refused.
      let checked = fields.kind !== undefined ? await checkUpload(fields, user) : undefined;
      let release: (() => void) | undefined;
      try {
        release = service.reserve(user);
      } catch (err) {
        reply.header('retry-after', '30');
        throw err;
      }
      let saved: { path: string; name: string; bytes: number } | undefined;
      let handedOver = false;
      try {
        try {
          for await (const part of request.parts()) {
            if (part.type === 'field') {
              if (saved) throw badRequestT('import.fieldsAfterFile');
              if (!FIELDS.has(part.fieldname))
                throw badRequestT('import.unknownField', {
                  field: part.fieldname,
                  fields: [...FIELDS].join(', '),
                });
              if (query[part.fieldname] !== undefined && query[part.fieldname] !== String(part.value))
                throw badRequestT('import.fieldTwice', { field: part.fieldname });
              assertNoControlCharacters(String(part.value), `form field ${part.fieldname}`);
              fields[part.fieldname] = String(part.value);
              continue;
            }
            if (saved) throw badRequestT('import.oneFile');
            if (fields.kind === undefined) throw badRequestT('import.fieldsFirst');
            // The fields are complete: judge the upload, and the file's type by its name, before reading it.
            checked = await checkUpload(fields, user);
            assertNoControlCharacters(part.filename, 'the file name');
            const name = path.basename(part.filename || 'upload').slice(0, 255);
            const ext = path.extname(name).toLowerCase();
            if (!EXTENSIONS[checked.kind].includes(ext))
              throw problem(415, 'unsupported-file-type', 'import.wrongFileType', {
                kind: checked.kind,
                extensions: EXTENSIONS[checked.kind].join(', '),
                ext: ext || t(request.lang, 'import.noExtension'),
              });
            const file = await uploads.save(part.file, ext);
            saved = { path: file, name, bytes: part.file.bytesRead };
          }
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw problem(413, 'file-too-large', 'import.fileTooLarge', { bytes: app.config.importMaxBytes });
          throw err;
        }
        if (!checked) checked = await checkUpload(fields, user);
        if (!saved) throw badRequestT('import.noFile');
        if (saved.bytes === 0) throw badRequestT('import.emptyFile', { name: saved.name });
        const { kind, period, flags } = checked;
        const id = await service.start(
          {
            kind,
            period,
            filePath: saved.path,
            fileName: saved.name,
            fileBytes: saved.bytes,
            acceptRepairs: flags.acceptRepairs,
            allowMoves: flags.allowMoves,
            allowTwoHeads: flags.allowTwoHeads,
          },
          user,
          release,
        );
        handedOver = true;
        await audit.append({
          ...auditContext(request),
          action: 'import',
          entity: kind,
          entityIds: [id],
          periodCode: period,
          changes: { file: saved.name, bytes: saved.bytes, ...flags },
        });
        return await reply.code(202).send({
          id,
          status: 'queued',
          statusUrl: `/api/v1/imports/${id}`,
          rejectsUrl: `/api/v1/imports/${id}/rejects`,
        });
      } finally {
        // Refused or failed before the job took the file over: the file and the slot are given up here.
        if (!handedOver) {
          release();
          await uploads.remove(saved?.path);
        }
      }
    },
  );

  app.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'An import job: status, progress, counts, report',
        params: Type.Object({ id: Type.String() }),
        response: { 200: Job },
      },
    },
    async (request) => {
      const j = await visibleJob(request.params.id, request.user!);
      return {
        id: j.id,
        kind: j.kind,
        period: j.period_code,
        fileName: j.file_name,
        status: j.status,
        rowsTotal: j.rows_total,
        rowsDone: j.rows_done,
        rowsStored: j.rows_stored,
        rowsUnchanged: j.rows_unchanged,
        rowsRejected: j.rows_rejected,
        rowsWarned: j.rows_warned,
        report: j.report,
        error: j.error && request.langAsked ? translateJobError(request.lang, j.error) : j.error,
        createdAt: new Date(j.created_at).toISOString(),
        finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
      };
    },
  );

  app.get(
    '/api/v1/imports/:id/rejects',
    {
      schema: {
        tags: ['imports'],
        summary: 'Rejected rows and warnings of an import: row, column, value, reason (JSON, CSV or XLSX)',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object(
          {
            format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], {
              default: 'json',
            }),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(
            Type.Object({
              row: Type.Integer(),
              column: Type.Union([Type.String(), Type.Null()]),
              value: Type.Union([Type.String(), Type.Null()]),
              reason: Type.String(),
              severity: Type.String(),
            }),
          ),
        },
      },
    },
    async (request, reply) => {
      const job = await visibleJob(request.params.id, request.user!);
      const rows = await jobs.rejects(job.id, 1_000_000);
      if (request.query.format === 'json')
        return rows.map((r) => ({
          row: r.row_number,
          column: r.column_name,
          value: r.value,
          reason: r.reason,
          severity: r.severity,
        }));
      const lang = downloadLang(request);
      const kind = `importKind.${job.kind}` as const;
      const file = await tableFile<RejectRow>(
        request.query.format,
        `sidaksos-impor-ditolak-${job.id.slice(0, 8)}`,
        [
          t(lang, 'file.rejects.title', {
            file: job.file_name,
            kind: isMessageKey(kind) ? t(lang, kind) : job.kind,
            period: job.period_code ?? '-',
          }),
          t(lang, 'file.downloadedBy', { user: request.user!.username, at: new Date().toISOString() }),
        ].join(' · '),
        rejectColumns(lang, request.langAsked),
        rows,
      );
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/v1/imports/templates/:name',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import templates: households.csv, households.xlsx, enrolments.csv, enrolments.xlsx',
        params: Type.Object({ name: Type.String({ pattern: '^(households|enrolments)\\.(csv|xlsx)$' }) }),
      },
    },
    async (request, reply) => {
      const [kind, format] = request.params.name.split('.') as [string, 'csv' | 'xlsx'];
      const columns = TEMPLATES[kind]!;
      // Header row, then one example row; the preamble line says where the rules are.
      const file = await tableFile<TemplateColumn[]>(
        format,
        `sidaksos-template-${kind}`,
        'Sidaksos import template: replace the example row with your data; lines starting with # are skipped; rules in docs/import-template.md',
        columns.map((c) => ({
          header: c.name,
          value: () => c.example,
          width: Math.max(12, c.example.length + 2),
        })),
        [columns as TemplateColumn[]],
      );
      return sendFile(reply, file);
    },
  );
};

export default importsRoutes;
