// The area panel's data: one call per click.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { actorFromRequest } from '../services/actor.ts';

const Figure = Type.Object({
  indicator: Type.String(),
  program: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Union([Type.Number(), Type.Null()]),
  denominator: Type.Union([Type.Number(), Type.Null()]),
  suppressed: Type.Boolean(),
});

const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/areas/:code/profile',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Key figures, unmet needs, program coverage and trend of one area (kelurahan, kecamatan or city)',
        params: Type.Object({
          code: Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?$' }),
        }),
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            code: Type.String(),
            name: Type.String(),
            level: Type.String(),
            parent: Type.Union([Type.String(), Type.Null()]),
            period: Type.String(),
            figures: Type.Array(Figure),
            needs: Type.Array(Figure),
            programs: Type.Array(Figure),
            trend: Type.Array(
              Type.Object({
                period: Type.String(),
                value: Type.Union([Type.Number(), Type.Null()]),
                suppressed: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      app.services.areaProfiles.profile(request.params.code, request.query.period, actorFromRequest(request)),
  );
};

export default areasRoutes;
