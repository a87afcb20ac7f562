// Reviewing the audit log (admin): a filtered, paged list and a CSV export that names who exported it and
// when (the export is itself audited).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { auditContext } from '../lib/request-context.ts';
import { sendFile } from './file-reply.ts';
import { tableFile, type TableColumn } from '../lib/table-file.ts';
import { AUDIT_COLUMNS, AuditRepository, type AuditRow } from '../repositories/audit-repository.ts';
import { CODE_LISTS } from '../domain/code-lists.ts';

const Filter = Type.Object(
  {
    action: Type.Optional(Type.Union(CODE_LISTS.auditAction.map((a) => Type.Literal(a.code)))),
    username: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' })),
    entity: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const Row = Type.Object({
  id: Type.Number(),
  at: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entity_ids: Type.Array(Type.String()),
  period_code: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
});

/** The log's columns as a file: JSON-valued cells (ids, changes) written as JSON text. */
const FILE_COLUMNS: Array<TableColumn<AuditRow>> = AUDIT_COLUMNS.map((c) => ({
  header: c,
  value: (r: AuditRow) => {
    const v = r[c];
    return v === null || typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v);
  },
}));

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const audit = new AuditRepository(app.knex);
  const query = (f: Static<typeof Filter>) => audit.list({ regionCode: app.config.regionCode, ...f });

  app.get(
    '/api/v1/audit',
    { schema: { tags: ['audit'], querystring: Filter, response: { 200: Type.Array(Row) } } },
    (request) => query(request.query),
  );

  app.get(
    '/api/v1/audit/export',
    { schema: { tags: ['audit'], querystring: Filter } },
    async (request, reply) => {
      const rows = await query(request.query);
      const at = new Date().toISOString();
      await audit.append({
        ...auditContext(request),
        action: 'export',
        entity: 'audit_log',
        changes: { filter: request.query, rows: rows.length },
      });
      const file = await tableFile(
        'csv',
        `sidaksos-audit-${at.slice(0, 10)}`,
        `Sidaksos audit log export by ${request.user!.username} at ${at}`,
        FILE_COLUMNS,
        rows,
      );
      return sendFile(reply, file);
    },
  );
};

export default auditRoutes;
