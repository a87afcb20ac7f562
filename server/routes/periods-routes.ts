// The periods of the region (the public sees finalized ones only), and the semester cycle for admins: open a
// period by carrying the last one forward, finalize it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { PeriodSummary } from '../schemas/period.ts';
import { AdoptBody } from '../schemas/cycle.ts';
import { emptyBodyIsNone } from './cycle-routes.ts';
import { actorFromRequest } from '../services/actor.ts';

const periodsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { periodAccess, periods } = app.services;
  app.get(
    '/api/v1/periods',
    {
      schema: {
        tags: ['indicators'],
        summary: 'The periods the caller may see (the public: finalized ones), with their status',
        response: { 200: Type.Array(Type.Object({ code: Type.String(), status: Type.String() })) },
      },
    },
    async (request) =>
      (await periodAccess.visible(actorFromRequest(request))).map((p) => ({
        code: p.code,
        status: p.status,
      })),
  );

  const Opened = Type.Object({
    code: Type.String(),
    carriedFrom: Type.String(),
    copied: Type.Record(Type.String(), Type.Integer(), { description: 'rows copied per registry table' }),
  });

  app.post(
    '/api/v1/periods',
    {
      schema: {
        tags: ['periods'],
        summary: 'Open a new period (admin), carrying the last finalized period forward',
        body: Type.Object({ code: PeriodCode }, { additionalProperties: false }),
        response: { 201: Opened },
      },
    },
    async (request, reply) => {
      const { code } = request.body;
      const { carriedFrom, copied } = await periods.open(actorFromRequest(request), code);
      return reply.code(201).send({ code, carriedFrom, copied });
    },
  );

  app.get(
    '/api/v1/periods/:code/summary',
    {
      schema: {
        tags: ['periods'],
        summary: 'What finalizing a period freezes (admin): its registry counts and what is still unfinished',
        params: Type.Object({ code: PeriodCode }),
        response: { 200: PeriodSummary },
      },
    },
    async (request) => periods.summary(request.params.code),
  );

  app.post(
    '/api/v1/periods/:code/finalize',
    {
      preValidation: emptyBodyIsNone,
      schema: {
        tags: ['periods'],
        summary:
          'Adopt (penetapan) and finalize a period (admin): every kelurahan closed, or an override naming exactly those left open with a reason; from then on every write to it is refused',
        params: Type.Object({ code: PeriodCode }),
        body: AdoptBody,
        response: {
          200: Type.Object({
            code: Type.String(),
            status: Type.String(),
            leftOpen: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const { leftOpen } = await periods.finalize(
        actorFromRequest(request),
        request.params.code,
        request.body ?? {},
      );
      return { code: request.params.code, status: 'finalized', leftOpen };
    },
  );
};

export default periodsRoutes;
