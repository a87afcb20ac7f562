// The periods of the region (the public sees finalized ones only), and the semester cycle for admins: open a
// period by carrying the last one forward, finalize it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { HttpProblem, notFound } from '../lib/problem.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { PeriodsRepository } from '../repositories/periods-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';
import { IndicatorService } from '../services/indicator-service.ts';

const conflict = (detail: string) => new HttpProblem(409, 'conflict', 'Conflict', detail);

const periodsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = new SummariesRepository(app.knex);
  const periods = new PeriodsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const indicators = new IndicatorService(app.knex, app.config.poorDesilMax);
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
      const regionCode = app.config.regionCode;
      const all = await periods.list(regionCode);
      const open = all.find((p) => p.status === 'open');
      if (open)
        throw conflict(`Period ${open.period_code} is still open; finalize it before opening ${code}.`);
      const latest = all.at(-1);
      if (latest && code <= latest.period_code)
        throw conflict(`Period ${code} must come after the latest period, ${latest.period_code}.`);
      if (!latest) throw conflict('There is no finalized period to carry forward; import or seed one first.');
      const copied = await periods.open(regionCode, code, latest.period_code);
      app.answerCache.invalidate();
      await audit.append({
        ...auditContext(request),
        action: 'period_open',
        entity: 'period',
        entityIds: [code],
        periodCode: code,
        changes: { carriedFrom: latest.period_code, copied },
      });
      return reply.code(201).send({ code, carriedFrom: latest.period_code, copied });
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
      const regionCode = app.config.regionCode;
      // The published numbers of the period are its summaries as finalized: bring them up to date first.
      const result = await periods.finalize(regionCode, code, request.user!.id);
      if (result === 'missing') throw notFound(`No period ${code}.`);
      if (result === 'finalized') throw conflict(`Period ${code} is already finalized.`);
      await indicators.ensureFresh(regionCode, code);
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
