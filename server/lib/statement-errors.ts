// Failed statements are reported by a hash of their SQL and their SQLSTATE, never by their text: knex puts
// the whole statement in front of the error message, and a compiled eligibility rule or an import batch is
// pages long (and its bound values may be NIKs). The hash is stable for one statement shape, so a log line
// can still be matched to the query that produced it (`statementHash(sql)` in a test or a REPL).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export function statementHash(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}

export interface StatementError {
  message: string;
  code?: string;
  sqlHash?: string;
}

/**
 * Rewrites the message of every failed statement of this knex instance (pool and transactions) to the
 * database's own message plus the statement's hash, and adds `sqlHash`. Needs `compileSqlOnError: false`
 * (set in createKnex), so that knex prefixes the SQL without inlining the bound values.
 */
export function hashFailedStatements(knex: Knex): void {
  knex.on('query-error', (err: StatementError, query: { sql?: string }) => {
    if (typeof query?.sql !== 'string' || typeof err?.message !== 'string') return;
    const prefix = `${query.sql} - `;
    const original = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    err.sqlHash = statementHash(query.sql);
    err.message = `${original} [statement ${err.sqlHash}${err.code ? `, SQLSTATE ${err.code}` : ''}]`;
  });
}

/** What the logs get of a database error: SQLSTATE, statement hash, message; no detail (it may hold values). */
export function loggableStatementError(err: unknown): Record<string, unknown> | undefined {
  const e = err as StatementError & { constraint?: unknown; table?: unknown; severity?: unknown };
  if (typeof e?.sqlHash !== 'string') return undefined;
  return {
    sqlstate: e.code,
    sqlHash: e.sqlHash,
    message: e.message,
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
  };
}
