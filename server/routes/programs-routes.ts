// Programs and their coverage gaps and leakage by area (for planners, admins and the OPD that runs them).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DownloadLang, PeriodCode } from './shared-schemas.ts';
import { rowScope } from '../auth/roles.ts';
import { RULE_LIMITS_TEXT } from '../domain/rule-limits.ts';
import { notFoundT, problem } from '../lib/problem.ts';
import { auditContext } from '../lib/request-context.ts';
import { maskId } from '../domain/nik.ts';
import { sendFile } from './file-reply.ts';
import { tableFile } from '../lib/table-file.ts';
import { downloadLang, targetColumns } from '../lib/download-tables.ts';
import { t } from '../i18n/translate.ts';
import { AnalysisRepository } from '../repositories/analysis-repository.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';
import { ProgramsRepository } from '../repositories/programs-repository.ts';
import { checkRule } from '../services/targeting-service.ts';

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

/** A target list row as it leaves the server: KK masked, no NIK, no coordinates. */
const Target = Type.Object({
  id: Type.String(),
  kk: Type.String({ description: 'masked' }),
  head: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  rt: Type.Union([Type.Integer(), Type.Null()]),
  rw: Type.Union([Type.Integer(), Type.Null()]),
  kelurahanCode: Type.String(),
  kelurahan: Type.String(),
  desil: Type.Union([Type.Integer(), Type.Null()]),
  members: Type.Integer(),
});

const TARGET_LIMIT = 20_000;

const programsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const programs = new ProgramsRepository(app.knex);
  const households = new HouseholdsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const regionCode = app.config.regionCode;

  app.get(
    '/api/v1/programs/:code/targets',
    {
      schema: {
        tags: ['programs'],
        summary:
          'Target list: eligible households not enrolled in the program, in one kelurahan or kecamatan (masked, audited)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9_]{1,20}$' }) }),
        querystring: Type.Object(
          {
            area: Type.String({
              pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}(\\.[0-9]{4})?$',
              description: 'kelurahan or kecamatan code',
            }),
            period: Type.Optional(PeriodCode),
            format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], {
              default: 'json',
            }),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            program: Type.String(),
            period: Type.String(),
            area: Type.String(),
            truncated: Type.Boolean(),
            targets: Type.Array(Target),
          }),
        },
      },
    },
    async (request, reply) => {
      const { area, format } = request.query;
      const program = await programs.find(regionCode, request.params.code, rowScope(request.user!));
      if (!program) throw notFoundT('notFound.programToSee', { code: request.params.code });
      const period = request.query.period ?? (await households.latestPeriod(regionCode));
      if (!period) throw notFoundT('notFound.noPeriod');
      if (!area.startsWith(`${regionCode}.`))
        throw notFoundT('notFound.areaNotInRegion', { area, region: regionCode });
      const rows = await app.heavyWork.bounded((trx) =>
        new AnalysisRepository(trx).targets({
          regionCode,
          periodCode: period,
          program,
          areaCode: area,
          limit: TARGET_LIMIT + 1,
        }),
      );
      const truncated = rows.length > TARGET_LIMIT;
      const targets = rows.slice(0, TARGET_LIMIT).map((r) => ({
        id: r.id,
        kk: maskId(r.kk),
        head: r.head,
        address: r.address,
        rt: r.rt,
        rw: r.rw,
        kelurahanCode: r.kelurahan_code,
        kelurahan: r.kelurahan,
        desil: r.desil,
        members: r.members,
      }));
      await audit.append({
        ...auditContext(request),
        action: format === 'json' ? 'read' : 'export',
        entity: 'target_list',
        entityIds: targets.map((t) => t.id),
        periodCode: period,
        changes: { program: program.program_code, area, format, rows: targets.length },
      });
      if (format === 'json') return { program: program.program_code, period, area, truncated, targets };
      const at = new Date().toISOString();
      const file = await tableFile(
        format,
        `sidaksos-sasaran-${program.program_code}-${area}-${period}`,
        t(downloadLang(request), 'file.targets.title', {
          program: program.name,
          area,
          period,
          user: request.user!.username,
          at,
        }),
        targetColumns(downloadLang(request)),
        targets,
      );
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/v1/programs',
    { schema: { tags: ['programs'], response: { 200: Type.Array(Program) } } },
    async (request) =>
      (await programs.list(regionCode, request.user ? rowScope(request.user) : {})).map((p) => ({
        code: p.program_code,
        name: p.name,
        opd: p.opd_code,
        unit: p.unit,
        funding: p.funding,
        rule: p.eligibility_rule,
        description: p.description,
        version: p.version,
      })),
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
    async (request) => {
      checkRule(request.body.rule); // the same validation (limits, then meaning) every use of the rule gets
      const result = await programs.updateRule(
        regionCode,
        request.params.code,
        request.body.rule,
        request.body.version,
      );
      if (result === 'missing') throw notFoundT('notFound.program', { code: request.params.code });
      if (result === 'stale') {
        const current = await programs.find(regionCode, request.params.code, {});
        throw problem(
          409,
          'stale-version',
          'record.staleProgram',
          { code: request.params.code, version: current?.version ?? 0 },
          {
            currentVersion: current?.version,
            currentRule: current?.eligibility_rule,
          },
        );
      }
      app.answerCache.invalidate(); // coverage figures change with the rule
      await audit.append({
        ...auditContext(request),
        action: 'update',
        entity: 'program_rule',
        entityIds: [request.params.code],
        changes: { eligibility_rule: [result.before, request.body.rule] },
      });
      return { code: request.params.code, version: result.version, rule: request.body.rule };
    },
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
    async (request) => {
      const program = await programs.find(regionCode, request.params.code, rowScope(request.user!));
      if (!program) throw notFoundT('notFound.programToSee', { code: request.params.code });
      const period = request.query.period ?? (await households.latestPeriod(regionCode));
      if (!period) throw notFoundT('notFound.noPeriod');
      const rows = await app.heavyWork.bounded((trx) =>
        new ProgramsRepository(trx).coverage(regionCode, period, program),
      );
      return {
        program: program.program_code,
        period,
        areas: rows.map((r) => ({
          code: r.kelurahan_code,
          households: r.households,
          eligible: r.eligible,
          enrolled: r.enrolled,
          eligibleEnrolled: r.eligible_enrolled,
          gap: r.gap,
          gapShare: r.eligible > 0 ? r.gap / r.eligible : null,
          leakage: r.leakage,
        })),
      };
    },
  );
};

export default programsRoutes;
