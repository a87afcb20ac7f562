// What the server writes about each request. Fastify's default, two info lines per request ("incoming request"
// and "request completed"), was the largest single cost of a cached answer: indicator throughput of the server
// as `npm start` runs it was 9.4k req/s with them and 15.6k with no logger at all (bench, 5k households). Here
// one line per request, when it has been answered, at a level that says whether anyone needs to read it:
// error for a failure (5xx), warn for a slow answer, info for a refusal (4xx: a wrong link, a rate limit, a
// token in a URL), debug for the rest (LOG_LEVEL=debug logs every request). Person-level reads are not
// traced here but in the audit log, in the database, in the same transaction as the read.
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { urlForLog } from '../auth/access-tokens.ts';

/** An answer slower than this is worth a look (the slowest routine screens answer in tens of ms). */
export const SLOW_REQUEST_MS = 2000;

export type RequestLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** The level of a request's one line (pure: tested without a server). */
export function requestLogLevel(statusCode: number, elapsedMs: number, failed: boolean): RequestLogLevel {
  if (failed || statusCode >= 500) return 'error';
  if (elapsedMs >= SLOW_REQUEST_MS) return 'warn';
  if (statusCode >= 400) return 'info';
  return 'debug';
}

export class RequestLog extends LogController {
  override incomingRequest(): void {
    // Nothing when a request arrives: its one line, written when it has been answered, names it.
  }

  override routeNotFound(): void {
    // Nothing extra for a 404: its line (a refusal, info) is written when it has been answered.
  }

  override requestCompleted(
    error: Error | null | undefined,
    _request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const elapsed = reply.elapsedTime;
    const level = requestLogLevel(reply.statusCode, elapsed, Boolean(error));
    // Checked first so that the routine answer (debug, off by default) costs no object at all. Without a
    // logger (tests, the bench's in-process app) Fastify's null logger has no isLevelEnabled: nothing to write.
    const log = reply.log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
    if (!log.isLevelEnabled?.(level)) return;
    const line = { req: reply.request, res: reply, responseTime: Math.round(elapsed * 10) / 10 };
    if (level === 'error') log.error({ ...line, err: error }, 'request failed');
    else if (level === 'warn') log.warn(line, 'slow request');
    else log[level](line, level === 'info' ? 'request refused' : 'request completed');
  }
}

/** The request as logged (Fastify's serializer, less the version and port): its URL without a token in it. */
export function requestForLog(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: urlForLog(req.url), host: req.host, remoteAddress: req.ip };
}
