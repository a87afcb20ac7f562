// The periods of the region (the public sees finalized ones only), and the semester cycle for admins: open a
// period by carrying the last one forward, finalize it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';
import { PeriodService } from '../services/period-service.ts';

const periodsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = new SummariesRepository(app.knex);
  const cycle = new PeriodService(app.knex, app.config.regionCode, app.config.poorDesilMax);
  const audit = new AuditRepository(app.knex);
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
      const { carriedFrom, copied } = await cycle.open(code);
      app.answerCache.invalidate();
      await audit.append({
        ...auditContext(request),
        action: 'period_open',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
        changes: { carriedFrom, copied },
      });
      return reply.code(201).send({ code, carriedFrom, copied });
    },
  );

  app.post(
    '/api/v1/periods/:code/finalize',
    {
      schema: {
        tags: ['periods'],
        summary: 'Finalize a period (admin): from then on every write to it is refused',
        params: Type.Object({ code: PeriodCode }),
        response: { 200: Type.Object({ code: Type.String(), status: Type.String() }) },
      },
    },
    async (request) => {
      const { code } = request.params;
      await cycle.finalize(code, request.user!.id);
      app.answerCache.invalidate();
      await audit.append({
        ...auditContext(request),
        action: 'period_finalize',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
      });
      return { code, status: 'finalized' };
    },
  );
};

export default periodsRoutes;
