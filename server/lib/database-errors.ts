import { HttpProblem, problem } from './problem.ts';
// Tells "the database is unreachable right now" apart from other failures, so that an outage answers 503 with
// Retry-After (clients and load balancers wait and retry) instead of 500 (a bug).

/** Error codes of refused or dropped connections and of a server that is shutting down or starting up. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000',
  '08001',
  '08003',
  '08006',
]);

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Knex: Timeout acquiring a connection/i,
  /the database system is (starting up|shutting down)/i,
  /Client has encountered a connection error/i,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((r) => r.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The SQLSTATEs the app reacts to, by name (PostgreSQL Appendix A). */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  exclusionViolation: '23P01',
  invalidTextRepresentation: '22P02',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  queryCanceled: '57014',
  insufficientPrivilege: '42501',
  /** raise exception without a code: the registry's finalized-period guard (migration 0002). */
  raiseException: 'P0001',
} as const;

export type SqlState = (typeof SQLSTATE)[keyof typeof SQLSTATE];

/** The SQLSTATE of a database error (also when wrapped), else undefined. */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function hasSqlState(err: unknown, state: SqlState): boolean {
  return sqlStateOf(err) === state;
}

/**
 * The one place database refusals become answers: a finalized period's guard is 409 in the caller's language,
 * a serialization failure or deadlock 503 with Retry-After (the client may simply retry). Anything else is
 * rethrown as it is (a constraint a service did not expect is a bug, 500, logged with its statement).
 */
export function translateDatabaseError(err: unknown): never {
  if (err instanceof HttpProblem) throw err;
  const state = sqlStateOf(err);
  if (state === SQLSTATE.raiseException) {
    const period = /period (\S+) is finalized/.exec((err as Error).message)?.[1];
    if (period) throw problem(409, 'period-finalized', 'period.finalized', { period });
  }
  if (state === SQLSTATE.serializationFailure || state === SQLSTATE.deadlockDetected)
    throw problem(503, 'busy', 'db.busy').withHeaders({ 'retry-after': '1' });
  throw err;
}
