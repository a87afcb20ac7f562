// Who entered, left poverty, fell into poverty, moved or died between two periods, by area (the public:
// finalized periods, small cells suppressed; services/flows-service.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { FlowsAnswer } from '../schemas/period.ts';
import { actorFromRequest } from '../services/actor.ts';

const flowsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/flows',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Households entering, leaving poverty, moving and dying between two periods, by area (null = suppressed)',
        querystring: Type.Object(
          {
            from: PeriodCode,
            to: PeriodCode,
            level: Type.Union([Type.Literal('kelurahan'), Type.Literal('kecamatan'), Type.Literal('city')], {
              default: 'kecamatan',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: FlowsAnswer,
        },
      },
    },
    async (request) => app.services.flows.between(request.query, actorFromRequest(request)),
  );
};

export default flowsRoutes;
