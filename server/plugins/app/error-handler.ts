// One error handler: problem+json for every error; 4xx say what was wrong, 5xx are logged with the request
// and answered with a generic message (no stack traces or SQL ever reach a client). Texts come from the
// message catalogues in the caller's language (request.lang); the `type` of each problem never changes.
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../../lib/database-errors.ts';
import fp from 'fastify-plugin';
import { HttpProblem, problemType } from '../../lib/problem.ts';
import { loggableStatementError } from '../../lib/statement-errors.ts';
import { t, type Lang } from '../../i18n/translate.ts';
import { validationProblem } from '../../i18n/validation.ts';

/** Fastify's own 4xx errors that users can meet, with catalogue texts (their `type` stays Fastify's code). */
function fastifyClientError(err: FastifyError, lang: Lang, contentType: string): Record<string, unknown> {
  const type = problemType(err.code ? err.code.toLowerCase() : 'client-error');
  if (err.statusCode === 413)
    return {
      type,
      title: t(lang, 'title.payload-too-large'),
      status: 413,
      detail: t(lang, 'limit.bodyTooLarge'),
    };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      type,
      title: t(lang, 'title.unsupported-media-type'),
      status: 415,
      detail: t(lang, 'limit.unsupportedContentType', { contentType }),
      params: { contentType },
    };
  const known =
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
      ? 'request.invalidJson'
      : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'request.emptyJson'
        : undefined;
  return {
    type,
    title: t(lang, 'title.client-error'),
    status: err.statusCode!,
    detail: known ? t(lang, known) : err.message,
  };
}

export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const lang = request.lang;
      let body: Record<string, unknown>;
      if (err instanceof HttpProblem) {
        body = { ...err.toBody(lang) };
        void reply.headers(err.headers);
      } else if (err.validation) {
        body = validationProblem(err, lang, request.langAsked);
      } else if (isDatabaseUnavailable(err)) {
        request.log.warn({ err: err.message }, 'database unavailable');
        body = {
          type: problemType('database-unavailable'),
          title: t(lang, 'title.database-unavailable'),
          status: 503,
          detail: t(lang, 'server.databaseUnavailable'),
        };
      } else if (err.statusCode === 429) {
        // @fastify/rate-limit says "Rate limit exceeded, retry in 1 minute" and sets Retry-After in seconds.
        const after = /retry in (.+)$/.exec(err.message)?.[1] ?? '1 minute';
        const seconds = Number(reply.getHeader('retry-after')) || 60;
        body = {
          type: problemType('rate-limited'),
          title: t(lang, 'title.rate-limited'),
          status: 429,
          detail: t(lang, 'limit.rate', { after, seconds }),
          params: { seconds },
        };
      } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        const contentType = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .slice(0, 80);
        body = fastifyClientError(err, lang, contentType);
      } else {
        // A database error is logged as SQLSTATE + statement hash, not with its SQL or detail (values).
        const statement = loggableStatementError(err);
        request.log.error(statement ? { statement } : { err }, 'unhandled error');
        body = {
          type: problemType('internal'),
          title: t(lang, 'title.internal'),
          status: 500,
          detail: t(lang, 'server.internal', { requestId: request.id }),
        };
      }
      const status = body.status as number;
      if (status === 503) void reply.header('retry-after', '5');
      return reply.code(status).type('application/problem+json').send(body);
    });

    app.setNotFoundHandler((request, reply) => {
      const params = { method: request.method, path: request.url.split('?')[0] ?? '' };
      return reply
        .code(404)
        .type('application/problem+json')
        .send({
          type: problemType('not-found'),
          title: t(request.lang, 'title.not-found'),
          status: 404,
          detail: t(request.lang, 'notFound.route', params),
          params,
        });
    });
  },
  { name: 'error-handler', dependencies: ['language'] },
);
