// One error handler: problem+json for every error; 4xx say what was wrong, 5xx are logged with the request
// and answered with a generic message (no stack traces or SQL ever reach a client).
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../../lib/database-errors.ts';
import fp from 'fastify-plugin';
import { HttpProblem, problemType } from '../../lib/problem.ts';
import { loggableStatementError } from '../../lib/statement-errors.ts';

function fromValidation(err: FastifyError) {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'request';
  const field = first?.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
  return {
    type: problemType('validation'),
    title: 'Invalid request',
    status: 400,
    detail: `${field} ${first?.message ?? err.message}`,
    errors: (err.validation ?? []).map((v) => ({ path: v.instancePath, message: v.message })),
  };
}

export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      let body: Record<string, unknown>;
      if (err instanceof HttpProblem) {
        body = { ...err.toBody() };
        void reply.headers(err.headers);
      } else if (err.validation) {
        body = fromValidation(err);
      } else if (isDatabaseUnavailable(err)) {
        request.log.warn({ err: err.message }, 'database unavailable');
        body = {
          type: problemType('database-unavailable'),
          title: 'Database unavailable',
          status: 503,
          detail: 'The database cannot be reached right now; try again in a few seconds.',
        };
      } else if (err.statusCode === 429) {
        body = {
          type: problemType('rate-limited'),
          title: 'Too many requests',
          status: 429,
          detail: err.message,
        };
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        body = {
          type: problemType(err.code ? err.code.toLowerCase() : 'client-error'),
          title: err.name === 'Error' ? 'Bad request' : err.name,
          status: err.statusCode,
          detail: err.message,
        };
      } else {
        // A database error is logged as SQLSTATE + statement hash, not with its SQL or detail (values).
        const statement = loggableStatementError(err);
        request.log.error(statement ? { statement } : { err }, 'unhandled error');
        body = {
          type: problemType('internal'),
          title: 'Internal server error',
          status: 500,
          detail: `The server could not complete this request; it has been logged as ${request.id}.`,
        };
      }
      const status = body.status as number;
      if (status === 503) void reply.header('retry-after', '5');
      return reply.code(status).type('application/problem+json').send(body);
    });

    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: problemType('not-found'),
          title: 'Not found',
          status: 404,
          detail: `No route for ${request.method} ${request.url.split('?')[0]}`,
        }),
    );
  },
  { name: 'error-handler' },
);
