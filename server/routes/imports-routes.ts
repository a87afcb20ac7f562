// Imports over HTTP: upload a file (multipart) to start a job, poll the job, download its rejects report;
// and the templates a social office fills in. Admins import anything; operators import households and
// enrolment lists of their own kelurahan and see only their own jobs.
// An upload is judged before its body is read: kind, role, scope, period, the user's uploads in flight and the
// file's type are all checked from the query string or the form fields that precede the file, so a refused
// upload never reaches the disk. Accepted files go to a private folder under the data directory and are deleted
// on every path: refusals, errors and however the job ends.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { sendFile } from './file-reply.ts';
import {
  ENROLMENT_COLUMNS,
  HOUSEHOLD_COLUMNS,
  type TemplateColumn,
} from '../imports/households/household-template.ts';
import { badRequestT, problem } from '../lib/problem.ts';
import { isMessageKey, t, type Lang } from '../i18n/translate.ts';
import { translateJobError } from '../i18n/import-messages.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import { downloadLang, rejectColumns } from '../lib/download-tables.ts';
import { DownloadLang } from './shared-schemas.ts';
import { assertNoControlCharacters } from '../plugins/app/input-hygiene.ts';
import { tableFile } from '../lib/table-file.ts';
import type { ImportJobRow, RejectRow } from '../repositories/import-jobs-repository.ts';
import { actorFromRequest, type Actor } from '../services/actor.ts';
import {
  IMPORT_FLAGS,
  type CheckedImport,
  type ImportFile,
  type ImportService,
} from '../services/import-service.ts';

const FIELDS = new Set<string>(['kind', 'period', ...IMPORT_FLAGS]);

/** An import job as the API answers it (the web derives its type from this). */
export const Job = Type.Object({
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
  rowsProposed: Type.Integer({
    description:
      "rows of households held for a reviewer as proposals (an operator's file under an approval policy)",
  }),
  householdsProposed: Type.Integer(),
  report: Type.Unknown(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

/** A page of the job history, newest first. */
export const JobList = Type.Object({
  jobs: Type.Array(Job),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

/** A rejected row or warning; its reason in the caller's language when they asked for one. */
export const RejectAnswer = Type.Object({
  row: Type.Integer(),
  column: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  severity: Type.String(),
});

const TEMPLATES: Record<string, readonly TemplateColumn[]> = {
  households: HOUSEHOLD_COLUMNS,
  enrolments: ENROLMENT_COLUMNS,
};

const UploadQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 20 })),
    period: Type.Optional(Type.String({ maxLength: 7 })),
    ...Object.fromEntries(IMPORT_FLAGS.map((f) => [f, Type.Optional(Type.String({ maxLength: 5 }))])),
  },
  { additionalProperties: false },
);

/** The proposals a households job made (kept in its report, which holds the apply's counts). */
function proposedOf(report: unknown): { rowsProposed: number; householdsProposed: number } {
  const r = (report ?? {}) as { rowsProposed?: unknown; householdsProposed?: unknown };
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return { rowsProposed: n(r.rowsProposed), householdsProposed: n(r.householdsProposed) };
}

/** A job as the API shows it; a failure's reason in the caller's language when they asked for one. */
function jobAnswer(j: ImportJobRow, lang: Lang | undefined) {
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
    ...proposedOf(j.report),
    report: j.report,
    error: j.error && lang ? translateJobError(lang, j.error) : j.error,
    createdAt: new Date(j.created_at).toISOString(),
    finishedAt: j.finished_at ? new Date(j.finished_at).toISOString() : null,
  };
}

/** What reading an upload's body found, so far: the file (once saved) is the caller's to clean up on refusal. */
interface Received {
  fields: Record<string, string>;
  checked?: CheckedImport;
  file?: ImportFile;
}

/**
 * Reads the multipart body: form fields (each at most once, agreeing with the query), then one file, judged
 * with its fields before a byte of it is read and saved to the private upload folder. What was saved is in
 * `got` as soon as it exists, so the caller can delete it if the upload is refused after all.
 */
async function receive(
  request: FastifyRequest,
  imports: ImportService,
  actor: Actor,
  got: Received,
): Promise<{ file: ImportFile; checked: CheckedImport }> {
  const { multipartErrors, config } = request.server;
  try {
    await readParts(request, imports, actor, got);
  } catch (err) {
    if (err instanceof multipartErrors.RequestFileTooLargeError)
      throw problem(413, 'file-too-large', 'import.fileTooLarge', { bytes: config.importMaxBytes });
    throw err;
  }
  const checked = got.checked ?? (await imports.check(got.fields, actor));
  if (!got.file) throw badRequestT('import.noFile');
  if (got.file.bytes === 0) throw badRequestT('import.emptyFile', { name: got.file.name });
  return { file: got.file, checked };
}

async function readParts(request: FastifyRequest, imports: ImportService, actor: Actor, got: Received) {
  const query = request.query as Record<string, string | undefined>;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      const { fieldname: field, value } = part;
      if (got.file) throw badRequestT('import.fieldsAfterFile');
      if (!FIELDS.has(field))
        throw badRequestT('import.unknownField', { field, fields: [...FIELDS].join(', ') });
      if (query[field] !== undefined && query[field] !== String(value))
        throw badRequestT('import.fieldTwice', { field });
      assertNoControlCharacters(String(value), `form field ${field}`);
      got.fields[field] = String(value);
      continue;
    }
    if (got.file) throw badRequestT('import.oneFile');
    if (got.fields.kind === undefined) throw badRequestT('import.fieldsFirst');
    // The fields are complete: judge the upload, and the file's type by its name, before reading it.
    got.checked = await imports.check(got.fields, actor);
    assertNoControlCharacters(part.filename, 'the file name');
    const name = imports.fileName(got.checked, part.filename, request.lang);
    const saved = await imports.save(part.file, name);
    got.file = { path: saved, name, bytes: part.file.bytesRead };
  }
}

/** A reject report as a CSV or XLSX download: a title line naming the file and who downloaded it, then the rows. */
async function rejectsFile(
  request: FastifyRequest,
  job: ImportJobRow,
  rows: RejectRow[],
  format: 'csv' | 'xlsx',
) {
  const lang = downloadLang(request);
  const kind = `importKind.${job.kind}` as const;
  const title = [
    t(lang, 'file.rejects.title', {
      file: job.file_name,
      kind: isMessageKey(kind) ? t(lang, kind) : job.kind,
      period: job.period_code ?? '-',
    }),
    t(lang, 'file.downloadedBy', { user: request.user!.username, at: new Date().toISOString() }),
  ].join(' · ');
  const name = `sidaksos-impor-ditolak-${job.id.slice(0, 8)}`;
  return tableFile<RejectRow>(format, name, title, rejectColumns(lang, request.langAsked), rows);
}

const rejectAnswer = (r: RejectRow, lang: Lang | undefined) => ({
  row: r.row_number,
  column: r.column_name,
  value: r.value,
  reason: lang ? translateRejectReason(lang, r.reason) : r.reason,
  severity: r.severity,
});

/**
 * A template: the preamble line (in the language of the link: where the rules are), the header row, then one
 * example row. Column names and codes are the file format's identifiers, the same in every language; a yes/no
 * example is written in the reader's language, since the importer reads both (field-parsers.ts).
 */
function templateFile(name: string, lang: Lang) {
  const [kind, format] = name.split('.') as [string, 'csv' | 'xlsx'];
  const columns = TEMPLATES[kind]!;
  const example = (c: TemplateColumn) =>
    c.yesNo ? t(lang, c.example === 'ya' ? 'file.yes' : 'file.no') : c.example;
  return tableFile<TemplateColumn[]>(
    format,
    `sidaksos-template-${kind}`,
    t(lang, 'file.template.title'),
    columns.map((c) => ({
      header: c.name,
      value: () => example(c),
      width: Math.max(12, c.example.length + 2),
    })),
    [columns as TemplateColumn[]],
  );
}

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const imports = app.services.imports;
  await imports.recover((msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)));
  app.addHook('onClose', () => imports.close());
  await app.register(multipart, {
    limits: { fileSize: app.config.importMaxBytes, files: 1, fields: 10, fieldSize: 1024 },
  });

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
      const actor = actorFromRequest(request);
      const fields = Object.fromEntries(
        Object.entries(request.query).filter((e): e is [string, string] => e[1] !== undefined),
      );
      // Nothing of the body has been read yet: refuse now what the query already shows to be refused.
      const early = fields.kind !== undefined ? await imports.check(fields, actor) : undefined;
      const release = imports.reserve(actor);
      const got: Received = { fields, checked: early };
      let id: string;
      try {
        const { file, checked } = await receive(request, imports, actor, got);
        id = await imports.start(file, checked, actor, release);
      } catch (err) {
        // Refused or failed before the job took the file over: the file and the slot are given up here.
        release();
        await imports.discard(got.file?.path);
        throw err;
      }
      const urls = { statusUrl: `/api/v1/imports/${id}`, rejectsUrl: `/api/v1/imports/${id}/rejects` };
      return reply.code(202).send({ id, status: 'queued', ...urls });
    },
  );

  app.get(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'The import job history, newest first: admins see every job, operators their own',
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: JobList },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const { rows, total } = await imports.jobs(actorFromRequest(request), { limit, offset });
      const lang = request.langAsked ? request.lang : undefined;
      return { jobs: rows.map((j) => jobAnswer(j, lang)), total, limit, offset };
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
      const job = await imports.job(request.params.id, actorFromRequest(request));
      return jobAnswer(job, request.langAsked ? request.lang : undefined);
    },
  );

  app.get(
    '/api/v1/imports/:id/rejects',
    {
      schema: {
        tags: ['imports'],
        summary: 'Rejected rows and warnings of an import: row, column, value, reason (JSON, CSV or XLSX)',
        description:
          'The rows hold the file’s values (NIKs, names): every download, in any format, is audited.',
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
        response: { 200: Type.Array(RejectAnswer) },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const { job, rows } = await imports.rejects(request.params.id, actorFromRequest(request), format);
      const lang = request.langAsked ? request.lang : undefined;
      if (format === 'json') return rows.map((r) => rejectAnswer(r, lang));
      return sendFile(reply, await rejectsFile(request, job, rows, format));
    },
  );

  app.get(
    '/api/v1/imports/templates/:name',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import templates: households.csv, households.xlsx, enrolments.csv, enrolments.xlsx',
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        params: Type.Object({ name: Type.String({ pattern: '^(households|enrolments)\\.(csv|xlsx)$' }) }),
        querystring: Type.Object({ lang: DownloadLang }, { additionalProperties: false }),
      },
    },
    async (request, reply) => sendFile(reply, await templateFile(request.params.name, downloadLang(request))),
  );
};

export default importsRoutes;
