// The kelurahan's part of the semester cycle over HTTP (#20 items 2 and 4): the records of a period's
// kelurahan, closing and reopening one, attaching the scanned berita acara (multipart, size-limited, type
// judged from the bytes), recording the musyawarah's decisions, and the adoption report (JSON, PDF, XLSX).
// HTTP only: scope, periods, audit are the services'.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { adoptionPdf, adoptionXlsx } from '../lib/adoption-report-file.ts';
import { downloadLang } from '../lib/download-tables.ts';
import { SCAN_EXTENSIONS } from '../lib/scan-type.ts';
import type { KelurahanCycleRow } from '../repositories/cycle-repository.ts';
import {
  BeritaAcara,
  CloseBody,
  DecisionsAnswer,
  DecisionsBody,
  KelurahanCode,
  KelurahanRecords,
} from '../schemas/cycle.ts';
import { actorFromRequest } from '../services/actor.ts';
import { sendFile } from './file-reply.ts';
import { fileMeta, readOneUpload } from './one-upload.ts';
import { DownloadLang, PeriodCode, Uuid } from './shared-schemas.ts';

/** A scan of a few signed pages; larger is a photo taken at full resolution (the message says what to do). */
export const BERITA_ACARA_MAX_BYTES = 10 * 1024 * 1024;

/** A POST whose body is all optional may come without one (curl -X POST): read it as `{}`. */
export async function emptyBodyIsNone(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}

const RecordParams = Type.Object({ code: PeriodCode, kelurahan: KelurahanCode });
const iso = (t: Date | null) => (t === null ? null : new Date(t).toISOString());

const record = (r: KelurahanCycleRow) => ({
  code: r.code,
  name: r.name,
  kecamatanCode: r.kecamatan_code,
  kecamatanName: r.kecamatan_name,
  status: r.status,
  muskelOn: r.muskel_on,
  closedAt: iso(r.closed_at),
  closedBy: r.closed_by,
  note: r.note,
  beritaAcara: r.berita_acara,
  active: r.active,
  verified: r.verified,
  proposals: { pending: r.pending, approved: r.approved, rejected: r.rejected },
  decisions: { keep: r.kept, remove: r.removed, add: r.added },
});

const scan = (b: Parameters<typeof fileMeta>[0] & { sha256: string }) => ({
  ...fileMeta(b),
  sha256: b.sha256,
});

const cycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { cycle, adoptionReport } = app.services;
  await app.register(multipart, {
    limits: { fileSize: BERITA_ACARA_MAX_BYTES, files: 1, fields: 0, fieldSize: 1024 },
  });

  app.get(
    '/api/v1/periods/:code/kelurahan',
    {
      schema: {
        tags: ['periods'],
        summary:
          "Every kelurahan's record in a period: open or closed, the muskel's day, berita acara, proposals and decisions (operators: their own)",
        params: Type.Object({ code: PeriodCode }),
        response: { 200: KelurahanRecords },
      },
    },
    async (request) => {
      const list = await cycle.list(actorFromRequest(request), request.params.code);
      return { period: list.period, status: list.status, kelurahan: list.kelurahan.map(record) };
    },
  );

  for (const [action, status] of [
    ['close', 'closed'],
    ['reopen', 'open'],
  ] as const)
    app.post(
      `/api/v1/periods/:code/kelurahan/:kelurahan/${action}`,
      {
        preValidation: emptyBodyIsNone,
        schema: {
          tags: ['periods'],
          summary:
            action === 'close'
              ? "Close a kelurahan's record for the period: its list is settled (admin; operator in own kelurahan)"
              : "Reopen a closed kelurahan's record (admin)",
          params: RecordParams,
          body: CloseBody,
          response: { 200: Type.Object({ code: Type.String(), status: Type.String() }) },
        },
      },
      async (request) => {
        const { code, kelurahan } = request.params;
        await cycle.setStatus(actorFromRequest(request), code, kelurahan, status, request.body);
        return { code: kelurahan, status };
      },
    );

  app.get(
    '/api/v1/periods/:code/kelurahan/:kelurahan/berita-acara',
    {
      schema: {
        tags: ['periods'],
        summary: "The berita acara attached to a kelurahan's period record (without their contents)",
        params: RecordParams,
        response: { 200: Type.Array(BeritaAcara) },
      },
    },
    async (request) => {
      const { code, kelurahan } = request.params;
      return (await cycle.beritaAcaraList(actorFromRequest(request), code, kelurahan)).map(scan);
    },
  );

  app.post(
    '/api/v1/periods/:code/kelurahan/:kelurahan/berita-acara',
    {
      schema: {
        tags: ['periods'],
        summary: `Attach the scanned, signed berita acara of the musyawarah kelurahan (multipart field "file": PDF, PNG or JPEG by its contents, at most ${BERITA_ACARA_MAX_BYTES / 1024 / 1024} MB)`,
        consumes: ['multipart/form-data'],
        params: RecordParams,
        response: { 201: BeritaAcara },
      },
    },
    async (request, reply) => {
      const { code, kelurahan } = request.params;
      const file = await readOneUpload(request, {
        maxBytes: BERITA_ACARA_MAX_BYTES,
        tooLarge: 'beritaAcara.tooLarge',
        noFile: 'beritaAcara.noFile',
        fallbackName: 'berita-acara',
      });
      const row = await cycle.attach(actorFromRequest(request), code, kelurahan, file);
      return reply.code(201).send(scan(row));
    },
  );

  app.get(
    '/api/v1/periods/:code/kelurahan/:kelurahan/berita-acara/:id',
    {
      schema: {
        tags: ['periods'],
        summary: 'Download one berita acara (it shows names and signatures: every download is audited)',
        params: Type.Object({ code: PeriodCode, kelurahan: KelurahanCode, id: Uuid }),
      },
    },
    async (request, reply) => {
      const { code, kelurahan, id } = request.params;
      const row = await cycle.beritaAcara(actorFromRequest(request), code, kelurahan, id);
      const ext = SCAN_EXTENSIONS[row.content_type] ?? 'bin';
      return sendFile(reply, {
        body: row.content,
        contentType: row.content_type,
        filename: `berita-acara-${kelurahan}-${code}.${ext}`,
      });
    },
  );

  app.post(
    '/api/v1/areas/:code/muskel/decisions',
    {
      schema: {
        tags: ['areas'],
        summary:
          "Record the musyawarah kelurahan's decisions on its list: keep, remove (becomes a removal proposal for review) or add (noted for registration)",
        params: Type.Object({ code: KelurahanCode }),
        body: DecisionsBody,
        response: { 201: DecisionsAnswer },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await cycle.decide(actorFromRequest(request), request.params.code, request.body)),
  );

  app.get(
    '/api/v1/periods/:code/adoption-report',
    {
      schema: {
        tags: ['periods'],
        summary:
          'The adoption report (penetapan): counts and indicators by kelurahan and kecamatan, entries and exits, verification, proposals, muskel decisions and berita acara (staff figures; audited). Before adoption: the draft',
        params: Type.Object({ code: PeriodCode }),
        querystring: Type.Object(
          {
            format: Type.Union([Type.Literal('json'), Type.Literal('pdf'), Type.Literal('xlsx')], {
              default: 'json',
            }),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const report = await adoptionReport.report(actorFromRequest(request), request.params.code, format);
      if (format === 'json') return report;
      const lang = downloadLang(request);
      const user = request.user!.username;
      if (format === 'xlsx') return sendFile(reply, await adoptionXlsx(lang, report, user, new Date()));
      return sendFile(reply, {
        body: await adoptionPdf(lang, report, user, new Date()),
        contentType: 'application/pdf',
        filename: `sidaksos-penetapan-${report.period}.pdf`,
      });
    },
  );
};

export default cycleRoutes;
