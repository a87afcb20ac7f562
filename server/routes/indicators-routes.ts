// The indicator catalogue and indicator values by area and period, as JSON, CSV/XLSX or GeoJSON (for GIS
// tools). Anonymous callers see finalized periods only, with small cells suppressed (the indicator service);
// this file holds the HTTP side: the answer cache, the formats and their headers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DownloadLang, PeriodCode } from './shared-schemas.ts';
import { INDICATORS } from '../domain/indicators.ts';
import { downloadLang } from '../lib/download-tables.ts';
import { PreparedAnswer, sendPrepared } from '../lib/prepared-answer.ts';
import { actorFromRequest, type Actor } from '../services/actor.ts';
import type { IndicatorAnswer } from '../services/indicator-service.ts';
import { answerBody, rankingFile, withValues } from './indicator-formats.ts';
import { sendFile } from './file-reply.ts';
import { geoPackageFile } from './indicator-gis-formats.ts';

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
  uncertain: Type.Boolean({ description: 'a published value on a base below smallDenominator' }),
  coarsened: Type.Union([
    Type.Object({ level: Type.Literal('kecamatan'), code: Type.String(), value: Type.Number() }),
    Type.Null(),
  ]),
  previous: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  change: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: 'value − previous (null if either is missing)' }),
  ),
});

const indicatorsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const indicators = app.services.indicators;

  /**
   * A named finalized period never changes (writes to it are refused), so its answer may be kept by the
   * browser without asking again; an open period, or "the latest" (a new one may be finalized), is revalidated
   * each time (ETag, 304). Staff answers stay in their own browser (private).
   */
  async function cacheControl(
    requested: string | undefined,
    answer: IndicatorAnswer,
    actor: Actor,
  ): Promise<string> {
    const scope = actor.user ? 'private' : 'public';
    if (requested === undefined) return `${scope}, no-cache`;
    const status = new Map((await app.services.periodAccess.visible(actor)).map((p) => [p.code, p.status]));
    const fixed = [answer.period, ...(answer.compare ? [answer.compare] : [])];
    return fixed.every((p) => status.get(p) === 'finalized')
      ? `${scope}, max-age=86400, immutable`
      : `${scope}, no-cache`;
  }

  app.get(
    '/api/v1/indicators',
    {
      schema: {
        tags: ['indicators'],
        summary: 'The indicator catalogue (id, label, unit, levels)',
        response: { 200: Type.Array(Def) },
      },
    },
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
              [
                Type.Literal('json'),
                Type.Literal('geojson'),
                Type.Literal('csv'),
                Type.Literal('xlsx'),
                Type.Literal('gpkg'),
              ],
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
            smallDenominator: Type.Integer(),
            uncertaintyBase: Type.Union([Type.String(), Type.Null()]),
            values: Type.Array(Value),
          }),
        },
      },
    },
    async (request, reply) => {
      const { format, period, level, program, compare, kecamatan } = request.query;
      if (format === 'gpkg') {
        // GeoPackage for GIS tools: typed columns named in the caller's language (indicator-gis-formats.ts).
        const query = { id: request.params.id, period, level, program, compare, kecamatan };
        const answer = await indicators.read(query, actorFromRequest(request));
        const boundaries = await indicators.boundaries(answer, app.config.regionCode);
        return sendFile(reply, await geoPackageFile(answer, boundaries, downloadLang(request)));
      }
      const user = request.user;
      // JSON and GeoJSON answers are kept in memory, prepared (ETag, compressed forms), until the published
      // numbers change (see lib/answer-cache.ts); the key holds what decides the answer: the query, and public
      // vs the caller's program scope.
      const cacheKey =
        format === 'json' || format === 'geojson'
          ? `${request.url}|${user ? `${user.role}:${user.role === 'opd' ? user.programs.join(',') : ''}` : 'public'}`
          : undefined;
      // The public and staff get different values for the same URL: a browser must not reuse one for the other.
      const vary = ['Cookie', 'Authorization'];
      const cached = cacheKey ? app.answerCache.get(cacheKey) : undefined;
      if (cached) return sendPrepared(request, reply, cached, vary);
      const token = app.answerCache.token();
      const query = { id: request.params.id, period, level, program, compare, kecamatan };
      const actor = actorFromRequest(request);
      const answer = await indicators.read(query, actor);
      if (format === 'json' || format === 'geojson') {
        const body =
          format === 'json'
            ? JSON.stringify(answerBody(answer))
            : withValues(await indicators.boundaries(answer, app.config.regionCode), answer);
        const type = format === 'json' ? 'application/json; charset=utf-8' : 'application/geo+json';
        const prepared = new PreparedAnswer(body, type, await cacheControl(period, answer, actor));
        app.answerCache.set(cacheKey!, token, prepared);
        return sendPrepared(request, reply, prepared, vary);
      }
      return sendFile(reply, await rankingFile(answer, format, downloadLang(request)));
    },
  );
};

export default indicatorsRoutes;
