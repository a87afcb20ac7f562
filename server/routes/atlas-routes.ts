// GET /api/v1/atlas.pdf: the semester atlas as a print-ready vector PDF (a city page and one page per
// kecamatan), the same file `npm run cli -- atlas` writes. HTTP only: the service decides the figures (always
// the public ones), the layout and the bytes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PAGE_SIZES } from '../domain/atlas/layout.ts';
import { downloadLang } from '../lib/download-tables.ts';
import { actorFromRequest } from '../services/actor.ts';
import { DownloadLang, IndicatorId, PeriodCode, ProgramCode } from './shared-schemas.ts';

const atlasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/atlas.pdf',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Semester atlas: a vector PDF, one page for the city and one per kecamatan (public figures)',
        querystring: Type.Object(
          {
            indicator: IndicatorId,
            period: Type.Optional(PeriodCode),
            program: Type.Optional(ProgramCode),
            size: Type.Union([Type.Literal('A4'), Type.Literal('A3')], {
              default: 'A4',
              description: `paper, landscape: ${PAGE_SIZES.join(' or ')}`,
            }),
            date: Type.Optional(
              Type.String({
                format: 'date',
                description: 'the date printed on the pages and in the metadata (YYYY-MM-DD); default today',
              }),
            ),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { indicator, period, program, size, date } = request.query;
      const file = await app.services.atlas.pdf(
        { indicator, period, program, size, date, lang: downloadLang(request) },
        actorFromRequest(request),
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
};

export default atlasRoutes;
