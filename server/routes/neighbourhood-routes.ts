// Below the kelurahan, for staff who may see its records: the RT/RW table of the indicators and the
// musyawarah kelurahan list (PDF). HTTP only; scope, masking and audit are the service's.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NEIGHBOURHOOD_INDICATORS } from '../domain/neighbourhood.ts';
import { t } from '../i18n/translate.ts';
import { downloadLang } from '../lib/download-tables.ts';
import { muskelPdf } from '../lib/muskel-pdf.ts';
import { rtRwColumns, rtRwLines } from '../lib/rt-rw-file.ts';
import { tableFile } from '../lib/table-file.ts';
import { actorFromRequest } from '../services/actor.ts';
import { sendFile } from './file-reply.ts';
import { DownloadLang, PeriodCode, RtRwTable } from './shared-schemas.ts';

const KelurahanParams = Type.Object({
  code: Type.String({
    pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$',
    description: 'kelurahan code',
  }),
});

const neighbourhoodRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.neighbourhood;

  app.get(
    '/api/v1/areas/:code/rt-rw',
    {
      schema: {
        tags: ['areas'],
        summary:
          'RT/RW detail of a kelurahan: the indicators per RW and RT (staff who may see its records; audited; never public)',
        params: KelurahanParams,
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], {
              default: 'json',
            }),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
        response: { 200: RtRwTable },
      },
    },
    async (request, reply) => {
      const { period, format } = request.query;
      const table = await service.table(actorFromRequest(request), request.params.code, period, format);
      if (format === 'json') return table;
      const lang = downloadLang(request);
      const file = await tableFile(
        format,
        `sidaksos-rt-rw-${table.kelurahan.code}-${table.period}`,
        t(lang, 'file.rtrw.title', {
          kelurahan: `${table.kelurahan.name} (${table.kelurahan.code})`,
          period: table.period,
          user: request.user!.username,
          at: new Date().toISOString(),
        }),
        rtRwColumns(lang, NEIGHBOURHOOD_INDICATORS),
        rtRwLines(table.rws),
      );
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/v1/areas/:code/muskel.pdf',
    {
      schema: {
        tags: ['areas'],
        summary:
          'The musyawarah kelurahan list (PDF): households by RW and RT with masked NIK/KK, no address, a decision column; every print audited',
        params: KelurahanParams,
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            rw: Type.Optional(Type.Integer({ minimum: 1, maximum: 999, description: 'one RW; none: all' })),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { period, rw } = request.query;
      const list = await service.muskelList(actorFromRequest(request), request.params.code, period, rw);
      const lang = downloadLang(request);
      const body = await muskelPdf({
        lang,
        kelurahan: `${list.kelurahan.name} (${list.kelurahan.code})`,
        period: list.period,
        rw: list.rw,
        user: request.user!.username,
        at: new Date(),
        households: list.households,
      });
      const rwPart = list.rw === null ? '' : `-rw${String(list.rw).padStart(3, '0')}`;
      return sendFile(reply, {
        body,
        contentType: 'application/pdf',
        filename: `sidaksos-muskel-${list.kelurahan.code}${rwPart}-${list.period}.pdf`,
      });
    },
  );
};

export default neighbourhoodRoutes;
