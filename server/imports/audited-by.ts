// Who an import's audit rows name. The importers write their audit rows in their own transaction (a boundary
// switch commits with its audit row or not at all) but sit below the services, so they take the actor's audit
// fields (services/actor.ts auditBy) rather than the Actor itself.
import type { AuditEntry } from '../repositories/audit-repository.ts';

export type AuditedBy = Pick<
  AuditEntry,
  'regionCode' | 'userId' | 'username' | 'role' | 'ip' | 'requestId' | 'via'
>;

/** The system itself: start-up loads, and importers called directly (tests, scripts) without an actor. */
export const bySystem = (regionCode: string): AuditedBy => ({ regionCode, via: 'system' });
