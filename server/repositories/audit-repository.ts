// The append-only audit log (the database refuses UPDATE, DELETE and TRUNCATE on it).
import type { Knex } from 'knex';
import type { Role } from '../auth/roles.ts';

export type AuditAction =
  | 'read'
  | 'export'
  | 'create'
  | 'update'
  | 'leave'
  | 'merge'
  | 'import'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'period_open'
  | 'period_finalize'
  | 'admin'
  | 'denied'
  | 'boundary_switch'
  | 'propose'
  | 'approve'
  | 'reject';

export interface AuditEntry {
  regionCode: string;
  userId?: string | null;
  username?: string | null;
  role?: Role | null;
  action: AuditAction;
  entity: string;
  entityIds?: readonly string[];
  periodCode?: string | null;
  changes?: unknown;
  reason?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** Which door the action came in by: the API (default), the CLI or the system itself. */
  via?: 'api' | 'cli' | 'system';
  /** The personal access token the request came with (its id, never the secret); null for a session. */
  tokenId?: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  role: string | null;
  action: string;
  entity: string;
  entity_ids: string[];
  period_code: string | null;
  changes: unknown;
  reason: string | null;
  ip: string | null;
}

/** The columns of a listed audit row, in order (also the CSV export's columns). */
export const AUDIT_COLUMNS = [
  'id',
  'at',
  'username',
  'role',
  'action',
  'entity',
  'entity_ids',
  'period_code',
  'changes',
  'reason',
  'ip',
] as const satisfies ReadonlyArray<keyof AuditRow>;

// Two columns need formatting in SQL: times as ISO-8601 UTC, addresses without a netmask.
const COLUMN_SQL: Partial<Record<(typeof AUDIT_COLUMNS)[number], string>> = {
  at: `to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`,
  ip: 'host(ip) as ip',
};

export interface AuditQuery {
  regionCode: string;
  action?: string;
  username?: string;
  entity?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Rows with id below this (keyset paging, newest first). */
  before?: number;
}

export class AuditRepository {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  async append(e: AuditEntry): Promise<void> {
    await this.knex('audit_log').insert(this.row(e));
  }

  /** Many entries in one statement per thousand (an import's batch of proposals, one row each). */
  async appendMany(entries: readonly AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000)
      await this.knex('audit_log').insert(entries.slice(i, i + 1000).map((e) => this.row(e)));
  }

  private row(e: AuditEntry) {
    return {
      region_code: e.regionCode,
      user_id: e.userId ?? null,
      username: e.username ?? null,
      role: e.role ?? null,
      action: e.action,
      entity: e.entity,
      entity_ids: [...(e.entityIds ?? [])],
      period_code: e.periodCode ?? null,
      changes: e.changes === undefined ? null : JSON.stringify(e.changes),
      reason: e.reason ?? null,
      ip: e.ip ?? null,
      request_id: e.requestId ?? null,
      via: e.via ?? 'api',
      token_id: e.tokenId ?? null,
    };
  }

  async list(q: AuditQuery): Promise<AuditRow[]> {
    const query = this.knex('audit_log')
      .where({ region_code: q.regionCode })
      .orderBy('id', 'desc')
      .limit(q.limit)
      .select<AuditRow[]>(AUDIT_COLUMNS.map((c) => (COLUMN_SQL[c] ? this.knex.raw(COLUMN_SQL[c]) : c)));
    if (q.action) void query.where({ action: q.action });
    if (q.username) void query.where({ username: q.username });
    if (q.entity) void query.where({ entity: q.entity });
    if (q.from) void query.where('at', '>=', q.from);
    if (q.to) void query.where('at', '<', q.to);
    if (q.before) void query.where('id', '<', q.before);
    return query;
  }

  /** The rule changes of one program, newest first: the audit log is where they are kept (no second copy). */
  async ruleChanges(regionCode: string, programCode: string, limit: number): Promise<RuleChangeRow[]> {
    return this.knex('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .where({ 'a.region_code': regionCode, 'a.entity': 'program_rule', 'a.action': 'update' })
      .whereRaw('a.entity_ids @> ?::text[]', [[programCode]])
      .orderBy('a.id', 'desc')
      .limit(limit)
      .select<RuleChangeRow[]>(
        'a.id',
        this.knex.raw(`to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`),
        'a.username',
        'u.display_name',
        'a.changes',
      );
  }
}

/** One change of a program's eligibility rule, as its audit row recorded it. */
export interface RuleChangeRow {
  id: number;
  at: string;
  username: string | null;
  display_name: string | null;
  /** `{ eligibility_rule: [before, after] }`, as ProgramService.updateRule writes it. */
  changes: unknown;
}
