// The area panel's data: one call per click, and the chosen indicator's trend beside the city's.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { IndicatorId, PeriodCode, ProgramCode } from './shared-schemas.ts';
import { actorFromRequest } from '../services/actor.ts';

const Figure = Type.Object({
  indicator: Type.String(),
  program: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Union([Type.Number(), Type.Null()]),
  denominator: Type.Union([Type.Number(), Type.Null()]),
  suppressed: Type.Boolean(),
});

const AreaCodeParams = Type.Object({
  code: Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?$' }),
});

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/areas/:code/profile',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Key figures, unmet needs, program coverage and trend of one area (kelurahan, kecamatan or city)',
        params: AreaCodeParams,
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

  app.get(
    '/api/v1/areas/:code/trend',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'One indicator of one area over every period the caller may see, with the city value for reference',
        params: AreaCodeParams,
        querystring: Type.Object(
          { indicator: IndicatorId, program: Type.Optional(ProgramCode) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            code: Type.String(),
            name: Type.String(),
            indicator: Type.String(),
            program: Nullable(Type.String()),
            unit: Type.String(),
            points: Type.Array(
              Type.Object({
                period: Type.String(),
                value: Nullable(Type.Number()),
                suppressed: Type.Boolean(),
                city: Nullable(Type.Number()),
                citySuppressed: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      app.services.areaProfiles.trend(
        request.params.code,
        request.query.indicator,
        request.query.program,
        actorFromRequest(request),
      ),
  );
};

export default areasRoutes;
