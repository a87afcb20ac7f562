// Fixed legend sets: everyone reads them (they are styling, no person); admins save and delete one per
// indicator (and ?program=). The service validates, checks the role and audits.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  LegendSetAnswer,
  LegendSetBody,
  LegendSetList,
  LegendSetParams,
  LegendSetQuery,
} from '../schemas/legend-set.ts';
import { actorFromRequest } from '../services/actor.ts';

const legendSetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const sets = app.services.legendSets;

  app.get(
    '/api/v1/legend-sets',
    {
      schema: {
        tags: ['indicators'],
        summary: 'The fixed legend sets (breaks, colours, labels) maps use for an indicator in every period',
        response: { 200: LegendSetList },
      },
    },
    async (request) => ({ sets: await sets.list(actorFromRequest(request)) }),
  );

  app.put(
    '/api/v1/legend-sets/:indicator',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Save the fixed legend set of an indicator (admin; a program indicator takes ?program=)',
        params: LegendSetParams,
        querystring: LegendSetQuery,
        body: LegendSetBody,
        response: { 200: LegendSetAnswer },
      },
    },
    async (request) =>
      sets.save(actorFromRequest(request), request.params.indicator, request.query.program, request.body),
  );

  app.delete(
    '/api/v1/legend-sets/:indicator',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Delete the fixed legend set of an indicator (admin): maps go back to computed classes',
        params: LegendSetParams,
        querystring: LegendSetQuery,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await sets.remove(actorFromRequest(request), request.params.indicator, request.query.program);
      return reply.status(204).send(null);
    },
  );
};

export default legendSetsRoutes;
