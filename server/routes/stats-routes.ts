// Public counts of registered and poor households by area, through the one public-aggregate path: small
// cells suppressed (primary and complementary), never person-level data.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { notFoundT } from '../lib/problem.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';
import { publicCounts } from '../services/public-aggregates.ts';

const Row = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  households: Type.Union([Type.Integer(), Type.Null()], { description: 'null when suppressed' }),
  poor: Type.Union([Type.Integer(), Type.Null()], { description: 'desil 1–4; null when suppressed' }),
  suppressed: Type.Object({ households: Type.Boolean(), poor: Type.Boolean() }),
});

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = new HouseholdsRepository(app.knex);
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
    async (request) => {
      const regionCode = app.config.regionCode;
      // The public sees finalized snapshots only: an open period is work in progress.
      const period = request.query.period ?? (await repo.latestPeriod(regionCode, 'finalized'));
      const finalized = period ? await repo.latestPeriod(regionCode, 'finalized') : undefined;
      if (!period || !finalized || period > finalized) {
        throw period
          ? notFoundT('notFound.periodNotFinalized', { period })
          : notFoundT('notFound.noFinalizedPeriod');
      }
      const counts = await repo.countsByKelurahan(regionCode, period);
      if (counts.every((c) => c.households === 0))
        throw notFoundT('notFound.periodNoData', { period: period ?? '' });
      const areas = await publicCounts(
        app.knex,
        regionCode,
        counts,
        app.config.suppressionK,
        request.query.level,
      );
      return { period, k: app.config.suppressionK, areas };
    },
  );
};

export default statsRoutes;
