// Reviewing the audit log (admin): a filtered, paged list and a CSV export that names who exported it and
// when (the export is itself audited).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { auditContext } from '../lib/request-context.ts';
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

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote everything; a leading =,+,-,@ would be a formula in a spreadsheet: prefix it.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

function toCsv(rows: AuditRow[], who: string, at: string): string {
  const cols = AUDIT_COLUMNS;
  const lines = [`# Sidaksos audit log export by ${who} at ${at}`, cols.join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

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
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sidaksos-audit-${at.slice(0, 10)}.csv"`)
        .send(toCsv(rows, request.user!.username, at));
    },
  );
};

export default auditRoutes;
