// Programs and their coverage gaps and leakage by area (for planners, admins and the OPD that runs them).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DownloadLang, PeriodCode, TargetList, TargetSort } from './shared-schemas.ts';
import { RULE_LIMITS_TEXT } from '../domain/rule-limits.ts';
import { t } from '../i18n/translate.ts';
import { downloadLang, targetColumns } from '../lib/download-tables.ts';
import { tableFile } from '../lib/table-file.ts';
import { actorFromRequest } from '../services/actor.ts';
import { sendFile } from './file-reply.ts';

const Program = Type.Object({
  code: Type.String(),
  name: Type.String(),
  opd: Type.String(),
  unit: Type.String(),
  funding: Type.String(),
  rule: Type.Unknown({ description: 'eligibility rule (JSON rule language, docs/rules.md)' }),
  description: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

const Coverage = Type.Object({
  code: Type.String(),
  households: Type.Integer(),
  eligible: Type.Integer(),
  enrolled: Type.Integer(),
  eligibleEnrolled: Type.Integer(),
  gap: Type.Integer({ description: 'eligible, not enrolled' }),
  gapShare: Type.Union([Type.Number(), Type.Null()], {
    description: 'gap / eligible; null without eligible households',
  }),
  leakage: Type.Integer({ description: 'enrolled, not eligible' }),
});

const programsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const programs = app.services.programs;

  app.get(
    '/api/v1/programs/:code/targets',
    {
      schema: {
        tags: ['programs'],
        summary:
          'Target list: eligible households not enrolled in the program, in the city, a kecamatan or a kelurahan (masked, audited; paged with limit and offset)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9_]{1,20}$' }) }),
        querystring: Type.Object(
          {
            area: Type.Optional(
              Type.String({
                pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}(\\.[0-9]{4})?$',
                description: 'kelurahan or kecamatan code; none for the whole city',
              }),
            ),
            period: Type.Optional(PeriodCode),
            limit: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 500,
                description: 'one page (JSON); none: the whole list',
              }),
            ),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
            sort: Type.Optional(TargetSort),
            format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], {
              default: 'json',
            }),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
        response: {
          200: TargetList,
        },
      },
    },
    async (request, reply) => {
      const { area, period, format, limit, offset, sort } = request.query;
      const list = await programs.targets(actorFromRequest(request), request.params.code, {
        area,
        period,
        format,
        // A file is the whole list; paging is for the screen.
        ...(format === 'json' ? { limit, offset } : {}),
        sort,
      });
      if (format === 'json') return list;
      const lang = downloadLang(request);
      const file = await tableFile(
        format,
        `sidaksos-sasaran-${list.program}-${list.area}-${list.period}`,
        t(lang, 'file.targets.title', {
          program: list.programName,
          area: list.area,
          period: list.period,
          user: request.user!.username,
          at: new Date().toISOString(),
        }),
        targetColumns(lang),
        list.targets,
      );
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/v1/programs',
    {
      schema: {
        tags: ['programs'],
        summary: 'Programs with their eligibility rules (OPD staff: their own only)',
        response: { 200: Type.Array(Program) },
      },
    },
    async (request) => programs.list(actorFromRequest(request)),
  );

  app.put(
    '/api/v1/programs/:code/rule',
    {
      schema: {
        tags: ['programs'],
        summary:
          'Replace a program’s eligibility rule (admin); send the version you edited (409 if it changed)',
        description: RULE_LIMITS_TEXT,
        params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9_]{1,20}$' }) }),
        body: Type.Object(
          { rule: Type.Unknown(), version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ code: Type.String(), version: Type.Integer(), rule: Type.Unknown() }),
        },
      },
    },
    async (request) =>
      programs.updateRule(
        actorFromRequest(request),
        request.params.code,
        request.body.rule,
        request.body.version,
      ),
  );

  app.get(
    '/api/v1/programs/:code/coverage',
    {
      schema: {
        tags: ['programs'],
        summary: 'Eligible, enrolled, coverage gap and leakage per kelurahan for one program and period',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9_]{1,20}$' }) }),
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ program: Type.String(), period: Type.String(), areas: Type.Array(Coverage) }),
        },
      },
    },
    async (request) =>
      programs.coverage(actorFromRequest(request), request.params.code, request.query.period),
  );
};

export default programsRoutes;
