// Reviewing the audit log (admins). The log names people and what was done to their records, so looking at it
// is itself a person-level read: every view and every export writes its own row, with the filter used, in the
// same transaction as the read (written after it, so a view never lists its own row).
import type { AuditQuery, AuditRow } from '../repositories/audit-repository.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';

export type AuditFilter = Omit<AuditQuery, 'regionCode'>;

export class AuditLogService {
  constructor(private readonly db: Db) {}

  /** A filtered page of the log, newest first. */
  list(actor: Actor, filter: AuditFilter): Promise<AuditRow[]> {
    return this.view(actor, filter, 'read');
  }

  /** The same rows for a file; the caller builds the file (its format and language are not the log's). */
  export(actor: Actor, filter: AuditFilter): Promise<AuditRow[]> {
    return this.view(actor, filter, 'export');
  }

  private view(actor: Actor, filter: AuditFilter, action: 'read' | 'export'): Promise<AuditRow[]> {
    return this.db.transaction(async (repos) => {
      const rows = await repos.audit.list({ ...filter, regionCode: actor.regionCode });
      await repos.audit.append({
        ...auditBy(actor),
        action,
        entity: 'audit_log',
        changes: { filter, rows: rows.length },
      });
      return rows;
    });
  }
}
