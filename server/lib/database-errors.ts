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
