// Public counts of registered and poor households by area, through the one public-aggregate path: small
// cells suppressed (primary, complements, complementary), never person-level data.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { actorFromRequest } from '../services/actor.ts';

const Row = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  households: Type.Union([Type.Integer(), Type.Null()], { description: 'null when suppressed' }),
  poor: Type.Union([Type.Integer(), Type.Null()], { description: 'desil 1–4; null when suppressed' }),
  suppressed: Type.Object({ households: Type.Boolean(), poor: Type.Boolean() }),
});

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/stats/households',
    {
      schema: {
        tags: ['stats'],
        summary: 'Registered and poor households by area (public: finalized periods, small cells suppressed)',
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            level: Type.Union([Type.Literal('kelurahan'), Type.Literal('kecamatan'), Type.Literal('city')], {
              default: 'kelurahan',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ period: Type.String(), k: Type.Integer(), areas: Type.Array(Row) }) },
      },
    },
    // Public output whoever asks: finalized periods, small cells suppressed (services/public-stats-service.ts).
    async (request) => app.services.publicStats.households(request.query, actorFromRequest(request)),
  );
};

export default statsRoutes;
