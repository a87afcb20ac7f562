// Reviewing the audit log (admin): a filtered, paged list and a CSV export that names who exported it and
// when (the export is itself audited).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { auditContext } from '../lib/request-context.ts';
import { sendFile } from './file-reply.ts';
import { tableFile } from '../lib/table-file.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { auditColumns, downloadLang } from '../lib/download-tables.ts';
import { t } from '../i18n/translate.ts';
import { DownloadLang } from './shared-schemas.ts';
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
    {
      schema: {
        tags: ['audit'],
        querystring: Type.Object(
          { ...Filter.properties, lang: DownloadLang },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      // The file's language is not a filter of the log.
      const filter = { ...request.query };
      delete filter.lang;
      const rows = await query(filter);
      const at = new Date().toISOString();
      await audit.append({
        ...auditContext(request),
        action: 'export',
        entity: 'audit_log',
        changes: { filter, rows: rows.length },
      });
      const file = await tableFile(
        'csv',
        `sidaksos-audit-${at.slice(0, 10)}`,
        t(downloadLang(request), 'file.audit.title', { user: request.user!.username, at }),
        auditColumns(downloadLang(request)),
        rows,
      );
      return sendFile(reply, file);
    },
  );
};

export default auditRoutes;
