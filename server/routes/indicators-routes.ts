// The indicator catalogue and indicator values by area and period, as JSON or GeoJSON (for GIS tools).
// Anonymous callers see finalized periods only, with small cells suppressed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DownloadLang, PeriodCode } from './shared-schemas.ts';
import { rowScope } from '../auth/roles.ts';
import { indicator, INDICATORS } from '../domain/indicators.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { sendFile } from './file-reply.ts';
import { tableFile } from '../lib/table-file.ts';
import { downloadLang, rankingColumns, rankingPreamble, type RankingRow } from '../lib/download-tables.ts';
import { sendPreSerialized } from '../lib/pre-serialized.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';
import { ProgramsRepository } from '../repositories/programs-repository.ts';
import { RegionsRepository } from '../repositories/regions-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';
import { IndicatorService } from '../services/indicator-service.ts';

const Def = Type.Object({
  id: Type.String(),
  label: Type.Object({ id: Type.String(), en: Type.String() }),
  unit: Type.String(),
  numerator: Type.String(),
  denominator: Type.Union([Type.String(), Type.Null()]),
  higherIsWorse: Type.Boolean(),
  program: Type.Boolean(),
  levels: Type.Array(Type.String()),
});

const Value = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  numerator: Type.Union([Type.Number(), Type.Null()]),
  denominator: Type.Union([Type.Number(), Type.Null()]),
  value: Type.Union([Type.Number(), Type.Null()], { description: 'null: no denominator, or suppressed' }),
  suppressed: Type.Boolean(),
  previous: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  change: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: 'value − previous (null if either is missing)' }),
  ),
});

const indicatorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = new IndicatorService(app.knex, app.config.poorDesilMax, app.answerCache);
  const households = new HouseholdsRepository(app.knex);
  const programs = new ProgramsRepository(app.knex);
  const regions = new RegionsRepository(app.knex);
  const summaries = new SummariesRepository(app.knex);
  const regionCode = app.config.regionCode;

  app.get(
    '/api/v1/indicators',
    { schema: { tags: ['indicators'], response: { 200: Type.Array(Def) } } },
    () =>
      INDICATORS.map((d) => ({
        id: d.id,
        label: d.label,
        unit: d.unit,
        numerator: d.numerator,
        denominator: d.denominator,
        higherIsWorse: d.higherIsWorse,
        program: d.program ?? false,
        levels: ['kelurahan', 'kecamatan', 'city'],
      })),
  );

  app.get(
    '/api/v1/indicators/:id',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Values of one indicator by area (numerator, denominator, value, suppressed)',
        params: Type.Object({ id: Type.String({ pattern: '^[a-z0-9_]{1,60}$' }) }),
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            level: Type.Union([Type.Literal('kelurahan'), Type.Literal('kecamatan'), Type.Literal('city')], {
              default: 'kelurahan',
            }),
            program: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{1,20}$' })),
            format: Type.Union(
              [Type.Literal('json'), Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('xlsx')],
              { default: 'json' },
            ),
            compare: Type.Optional(
              Type.String({
                pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
                description: 'an earlier period: adds previous and change',
              }),
            ),
            kecamatan: Type.Optional(
              Type.String({
                pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$',
                description:
                  'only the kelurahan of this kecamatan (a drill-down); suppression is decided city-wide first',
              }),
            ),
            lang: DownloadLang,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            indicator: Type.String(),
            period: Type.String(),
            level: Type.String(),
            program: Type.Union([Type.String(), Type.Null()]),
            suppressed: Type.Boolean(),
            values: Type.Array(Value),
          }),
        },
      },
    },
    async (request, reply) => {
      const def = indicator(request.params.id);
      if (!def) throw notFoundT('notFound.indicator', { id: request.params.id });
      const { level, format } = request.query;
      const user = request.user;
      // JSON answers are kept in memory until the published numbers change (see plugins/app/answer-cache.ts);
      // the key holds what decides the answer: the query, and public vs the caller's program scope.
      const cacheKey =
        format === 'json'
          ? `${request.url}|${user ? `${user.role}:${user.role === 'opd' ? user.programs.join(',') : ''}` : 'public'}`
          : undefined;
      const cached = cacheKey ? app.answerCache.get(cacheKey) : undefined;
      if (cached) return sendPreSerialized(reply, 'application/json; charset=utf-8', cached);
      const token = app.answerCache.token();
      if (def.program && !request.query.program) throw badRequestT('indicator.needsProgram', { id: def.id });
      if (!def.program && request.query.program) throw badRequestT('indicator.noProgram', { id: def.id });
      if (request.query.program) {
        // Public output may show any program's aggregates; logged-in OPD staff are held to their own programs.
        const scope = user ? rowScope(user) : {};
        if (!(await programs.find(regionCode, request.query.program, scope)))
          throw notFoundT('notFound.programToSee', { code: request.query.program });
      }
      const isPublic = !user;
      const latest = await households.latestPeriod(regionCode, isPublic ? 'finalized' : undefined);
      const period = request.query.period ?? latest;
      if (!period || (isPublic && period > latest!))
        throw period
          ? notFoundT('notFound.periodNotPublished', { period })
          : notFoundT('notFound.noPublishedPeriod');
      const periods = (await summaries.periods(regionCode)).map((p) => p.period_code);
      if (!periods.includes(period)) throw notFoundT('notFound.period', { period });
      const values = await service.values(def, {
        regionCode,
        period,
        level,
        program: request.query.program,
        suppressK: isPublic ? app.config.suppressionK : undefined,
      });
      const compare = request.query.compare;
      if (compare) {
        if (compare >= period) throw badRequestT('indicator.compareBefore', { compare, period });
        if (!periods.includes(compare)) throw notFoundT('notFound.periodNotAvailable', { period: compare });
        const before = await service.values(def, {
          regionCode,
          period: compare,
          level,
          program: request.query.program,
          suppressK: isPublic ? app.config.suppressionK : undefined,
        });
        const previous = new Map(before.map((v) => [v.code, v.value]));
        for (const v of values as Array<
          (typeof values)[number] & { previous?: number | null; change?: number | null }
        >) {
          v.previous = previous.get(v.code) ?? null;
          v.change = v.value !== null && v.previous !== null ? v.value - v.previous : null;
        }
      }
      // A drill-down's subset of the city-wide answer: suppression (and its complements) was decided over the
      // whole city, so a subset reveals nothing the whole did not.
      const kecamatan = request.query.kecamatan;
      const shown =
        kecamatan && level === 'kelurahan'
          ? values.filter((v) => v.code.startsWith(`${kecamatan}.`))
          : values;
      const body = {
        indicator: def.id,
        period,
        level,
        program: request.query.program ?? null,
        suppressed: isPublic,
        values: shown,
      };
      if (format === 'json') {
        const json = JSON.stringify(body);
        app.answerCache.set(cacheKey!, token, json);
        return sendPreSerialized(reply, 'application/json; charset=utf-8', json);
      }
      if (format === 'csv' || format === 'xlsx') {
        const lang = downloadLang(request);
        const file = await tableFile(
          format,
          `sidaksos-${def.id}${request.query.program ? `-${request.query.program}` : ''}-${level}${kecamatan ? `-${kecamatan}` : ''}-${period}`,
          rankingPreamble(lang, {
            indicator: def.label[lang],
            level,
            period,
            program: request.query.program,
            k: isPublic ? app.config.suppressionK : undefined,
          }),
          rankingColumns(lang, def.unit, compare !== undefined),
          shown as RankingRow[],
        );
        return sendFile(reply, file);
      }
      // GeoJSON: the same values joined to the active boundaries (simplified for transfer).
      const fc = JSON.parse(
        level === 'city'
          ? '{"type":"FeatureCollection","features":[]}'
          : await regions.featureCollection({
              regionCode,
              level,
              simplified: true,
              ...(kecamatan && level === 'kelurahan' ? { kecamatanCode: kecamatan } : {}),
              layerName: `sidaksos_${def.id}${request.query.program ? `_${request.query.program}` : ''}_${level}_${period}`,
            }),
      ) as { type: string; features: Array<{ id: string; properties: Record<string, unknown> }> };
      const byCode = new Map(shown.map((v) => [v.code, v]));
      for (const f of fc.features)
        Object.assign(f.properties, byCode.get(f.id) ?? {}, { indicator: def.id, period });
      return sendPreSerialized(reply, 'application/geo+json', JSON.stringify(fc));
    },
  );
};

export default indicatorsRoutes;
