// Reviewing the audit log (admin): a filtered, paged list and a CSV export that names who exported it and
// when. Both are audited themselves (services/audit-log-service.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sendFile } from './file-reply.ts';
import { tableFile } from '../lib/table-file.ts';
import { auditColumns, downloadLang } from '../lib/download-tables.ts';
import { actorFromRequest } from '../services/actor.ts';
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
  const auditLog = app.services.auditLog;

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (filtered by user, action, route and dates)',
        querystring: Filter,
        response: { 200: Type.Array(Row) },
      },
    },
    (request) => auditLog.list(actorFromRequest(request), request.query),
  );

  app.get(
    '/api/v1/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'The filtered audit log as a CSV download',
        produces: ['text/csv'],
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
      const rows = await auditLog.export(actorFromRequest(request), filter);
      const at = new Date().toISOString();
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
