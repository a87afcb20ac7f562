// Liveness and readiness. /readyz answers 503 while the database is unreachable or migrations are pending,
// so a load balancer stops sending traffic instead of the app answering 500s.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { HttpProblem } from '../lib/problem.ts';

const Status = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Status } } },
    () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database is reachable and migrated (503 otherwise)',
        response: { 200: Status },
      },
    },
    async () => {
      const readiness = await app.services.health.readiness();
      if (readiness === 'database-unavailable')
        throw new HttpProblem(503, readiness, 'Database unavailable', 'The database is not reachable.');
      if (readiness === 'migrations-pending')
        throw new HttpProblem(503, readiness, 'Not ready', 'Database migrations have not been applied.');
      return { status: 'ready', checks: { database: 'ok', migrations: 'ok' } };
    },
  );
};

export default healthRoutes;
