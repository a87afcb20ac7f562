// Who is acting, in the form every service takes: the caller of an API request, a CLI user, or the system
// itself (start-up, background jobs). Services read the scope and the audit fields from it, so an action audits
// the same way whichever door it came in by.
import type { FastifyRequest } from 'fastify';
import { userInfo } from 'node:os';
import { rowScope, type Role, type RowScope, type SessionUser } from '../auth/roles.ts';
import type { AuditEntry } from '../repositories/audit-repository.ts';

export type Via = 'api' | 'cli' | 'system';

export interface Actor {
  regionCode: string;
  /** The logged-in user; null for the public, the CLI and the system. */
  user: SessionUser | null;
  /** For audit rows: the user's name, or the OS user for the CLI. */
  username: string | null;
  role: Role | null;
  ip: string | null;
  requestId: string | null;
  via: Via;
  /** The personal access token a request came with (its id), so audit rows say so; null otherwise. */
  tokenId?: string | null;
}

export function actorFromRequest(request: FastifyRequest): Actor {
  const u = request.user;
  return {
    regionCode: request.server.config.regionCode,
    user: u,
    username: u?.username ?? null,
    role: u?.role ?? null,
    ip: request.ip,
    requestId: request.id,
    via: 'api',
    tokenId: request.tokenId,
  };
}

/** The CLI acts with full rights (it needs the database's credentials); its rows name the OS user. */
export function cliActor(regionCode: string): Actor {
  let osUser: string;
  try {
    osUser = userInfo().username;
  } catch {
    osUser = process.env.USER ?? 'unknown';
  }
  return { regionCode, user: null, username: osUser, role: null, ip: null, requestId: null, via: 'cli' };
}

export function systemActor(regionCode: string): Actor {
  return { regionCode, user: null, username: null, role: null, ip: null, requestId: null, via: 'system' };
}

/** The rows an actor may touch: the user's scope; none for the CLI and the system (they act for the city). */
export function scopeOf(actor: Actor): RowScope {
  return actor.user ? rowScope(actor.user) : {};
}

/** The audit fields of an actor, to spread into an audit entry. */
export function auditBy(
  actor: Actor,
): Pick<AuditEntry, 'regionCode' | 'userId' | 'username' | 'role' | 'ip' | 'requestId' | 'via' | 'tokenId'> {
  return {
    regionCode: actor.regionCode,
    userId: actor.user?.id ?? null,
    username: actor.username,
    role: actor.role,
    ip: actor.ip,
    requestId: actor.requestId,
    via: actor.via,
    tokenId: actor.tokenId ?? null,
  };
}
