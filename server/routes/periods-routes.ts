// The periods of the region: the public sees finalized ones only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SummariesRepository } from '../repositories/summaries-repository.ts';

const periodsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = new SummariesRepository(app.knex);
  app.get(
    '/api/v1/periods',
    {
      schema: {
        tags: ['indicators'],
        response: { 200: Type.Array(Type.Object({ code: Type.String(), status: Type.String() })) },
      },
    },
    async (request) =>
      (await repo.periods(app.config.regionCode))
        .filter((p) => request.user || p.status === 'finalized')
        .map((p) => ({ code: p.period_code, status: p.status })),
  );
};

export default periodsRoutes;
