// Imports over HTTP: upload a file (multipart) to start a job, poll the job, download its rejects report;
// and the templates a social office fills in. Admins import anything; operators import households and
// enrolment lists of their own kelurahan and see only their own jobs.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
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
import { badRequest, HttpProblem, notFound } from '../lib/problem.ts';
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

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const jobs = new ImportJobsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const service = new ImportService(app.knex, app.config.regionCode, (msg, err) =>
    app.log.error({ err }, msg),
  );
  app.addHook('onClose', () => service.idle());
  await app.register(multipart, {
    limits: { fileSize: app.config.importMaxBytes, files: 1, fields: 10, fieldSize: 1024 },
  });
  const uploadDir = path.join(tmpdir(), 'sidaksos-uploads');

  const visibleJob = async (id: string, user: SessionUser) => {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await jobs.find(app.config.regionCode, id) : undefined;
    if (!job || (user.role !== 'admin' && job.created_by !== user.id))
      throw notFound(`No import job ${id} of yours.`);
    return job;
  };

  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload a file (multipart: kind, period, file) and start an import job; answers 202 with the job id',
        consumes: ['multipart/form-data'],
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
      if (!request.isMultipart())
        throw new HttpProblem(
          415,
          'unsupported-media-type',
          'Unsupported media type',
          'Send the file as multipart/form-data with the fields kind, period and file.',
        );
      const user = request.user!;
      const fields: Record<string, string> = {};
      let saved: { path: string; name: string; bytes: number } | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') fields[part.fieldname] = String(part.value);
          else {
            if (saved) throw badRequest('Send one file per import.');
            await mkdir(uploadDir, { recursive: true });
            const target = path.join(
              uploadDir,
              `${randomUUID()}${path.extname(part.filename).toLowerCase()}`,
            );
            await pipeline(part.file, createWriteStream(target));
            saved = { path: target, name: path.basename(part.filename), bytes: part.file.bytesRead };
          }
        }
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new HttpProblem(
            413,
            'file-too-large',
            'File too large',
            `The file is larger than ${app.config.importMaxBytes} bytes (IMPORT_MAX_BYTES); split it into smaller files.`,
          );
        throw err;
      }
      const kind = fields.kind as ImportKind;
      if (!KINDS.includes(kind)) throw badRequest(`Field "kind" must be one of ${KINDS.join(', ')}.`);
      if (!saved) throw badRequest('No file: add the file as the multipart field "file".');
      if (saved.bytes === 0) throw badRequest(`${saved.name} is empty.`);
      const ext = path.extname(saved.name).toLowerCase();
      if (!EXTENSIONS[kind].includes(ext))
        throw new HttpProblem(
          415,
          'unsupported-file-type',
          'Unsupported file type',
          `A ${kind} import takes ${EXTENSIONS[kind].join(', ')} files, not "${ext || 'no extension'}".`,
        );
      if (kind === 'boundaries' && user.role !== 'admin')
        throw new HttpProblem(403, 'forbidden', 'Forbidden', 'Only admins import boundaries.');
      const period = kind === 'boundaries' ? null : (fields.period ?? '');
      if (period !== null && !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(period))
        throw badRequest(`Field "period" must be a period code such as 2025-12 (got "${period}").`);
      const id = await service.start(
        { kind, period, filePath: saved.path, fileName: saved.name, fileBytes: saved.bytes },
        user,
      );
      await audit.append({
        ...auditContext(request),
        action: 'import',
        entity: kind,
        entityIds: [id],
        periodCode: period,
        changes: { file: saved.name, bytes: saved.bytes },
      });
      return reply.code(202).send({
        id,
        status: 'queued',
        statusUrl: `/api/v1/imports/${id}`,
        rejectsUrl: `/api/v1/imports/${id}/rejects`,
      });
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
        error: j.error,
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
      const file = await tableFile<RejectRow>(
        request.query.format,
        `sidaksos-impor-ditolak-${job.id.slice(0, 8)}`,
        `Sidaksos · baris ditolak dan peringatan · ${job.file_name} · ${job.kind} · periode ${job.period_code ?? '-'} · diunduh oleh ${request.user!.username} pada ${new Date().toISOString()}`,
        [
          { header: 'Baris', value: (r) => r.row_number, width: 8 },
          { header: 'Kolom', value: (r) => r.column_name, width: 18 },
          { header: 'Nilai', value: (r) => r.value, width: 24 },
          { header: 'Alasan', value: (r) => r.reason, width: 70 },
          { header: 'Jenis', value: (r) => (r.severity === 'error' ? 'ditolak' : 'peringatan'), width: 12 },
        ],
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
