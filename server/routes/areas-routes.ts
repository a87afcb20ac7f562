// The area panel's data: one call per click.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { notFoundT } from '../lib/problem.ts';
import { ProgramsRepository } from '../repositories/programs-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';
import { AreaProfileService } from '../services/area-profile-service.ts';

const Figure = Type.Object({
  indicator: Type.String(),
  program: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Union([Type.Number(), Type.Null()]),
  denominator: Type.Union([Type.Number(), Type.Null()]),
  suppressed: Type.Boolean(),
});

const areasRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new AreaProfileService(app.knex, app.config.poorDesilMax, app.answerCache);
  const summaries = new SummariesRepository(app.knex);
  const programs = new ProgramsRepository(app.knex);
  const regionCode = app.config.regionCode;

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
    async (request) => {
      const isPublic = !request.user;
      const visible = await summaries.visiblePeriods(regionCode, isPublic);
      const period = request.query.period ?? visible.at(-1);
      if (!period || !visible.includes(period))
        throw period
          ? notFoundT('notFound.periodNotAvailable', { period })
          : notFoundT('notFound.noPublishedPeriod');
      const programCodes = (
        await programs.list(
          regionCode,
          request.user?.role === 'opd' ? { programs: request.user.programs } : {},
        )
      ).map((p) => p.program_code);
      const profile = await service.profile(
        regionCode,
        request.params.code,
        period,
        visible,
        programCodes,
        isPublic ? app.config.suppressionK : undefined,
      );
      if (!profile) throw notFoundT('notFound.area', { code: request.params.code });
      return profile;
    },
  );
};

export default areasRoutes;
