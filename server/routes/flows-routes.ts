// Who entered, left poverty, fell into poverty, moved or died between two periods, by area.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { suppressCounts } from '../domain/suppression.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { FLOWS, FlowsRepository, type Flow } from '../repositories/flows-repository.ts';
import { RegionsRepository } from '../repositories/regions-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';

const Counts = Type.Object(
  Object.fromEntries(FLOWS.map((f) => [f, Type.Union([Type.Integer(), Type.Null()])])),
);

const flowsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const flows = new FlowsRepository(app.knex);
  const regions = new RegionsRepository(app.knex);
  const summaries = new SummariesRepository(app.knex);
  const regionCode = app.config.regionCode;

  app.get(
    '/api/v1/flows',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Households entering, leaving poverty, moving and dying between two periods, by area (null = suppressed)',
        querystring: Type.Object(
          {
            from: PeriodCode,
            to: PeriodCode,
            level: Type.Union([Type.Literal('kelurahan'), Type.Literal('kecamatan'), Type.Literal('city')], {
              default: 'kecamatan',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            level: Type.String(),
            areas: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                flows: Counts,
                suppressed: Type.Array(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { from, to, level } = request.query;
      if (from >= to) throw badRequestT('flows.order', { from, to });
      const visible = await summaries.visiblePeriods(regionCode, !request.user);
      for (const p of [from, to])
        if (!visible.includes(p)) throw notFoundT('notFound.periodNotAvailable', { period: p });
      const areas = await regions.areaList(regionCode);
      const parent = new Map<string, string | null>([
        [regionCode, null],
        ...areas.map((a) => [a.code, a.parent_code ?? regionCode] as const),
      ]);
      const names = new Map<string, string>([
        [regionCode, await regions.regionName(regionCode)],
        ...areas.map((a) => [a.code, a.name] as const),
      ]);
      const levelOf = new Map<string, string>([
        [regionCode, 'city'],
        ...areas.map((a) => [a.code, a.level] as const),
      ]);
      const counts = new Map<string, Record<Flow, number>>(
        [...parent.keys()].map((c) => [
          c,
          Object.fromEntries(FLOWS.map((f) => [f, 0])) as Record<Flow, number>,
        ]),
      );
      for (const row of await flows.flows(regionCode, from, to, app.config.poorDesilMax)) {
        for (let code: string | null = row.code; code; code = parent.get(code) ?? null)
          counts.get(code)![row.flow] += row.n;
      }
      const hidden = new Map<Flow, Set<string>>();
      if (!request.user) {
        for (const f of FLOWS) {
          hidden.set(
            f,
            suppressCounts(
              [...counts.entries()].map(([code, c]) => ({
                code,
                parent: parent.get(code) ?? null,
                count: c[f],
              })),
              app.config.suppressionK,
            ).suppressed,
          );
        }
      }
      return {
        from,
        to,
        level,
        areas: [...counts.entries()]
          .filter(([code]) => levelOf.get(code) === level)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([code, c]) => ({
            code,
            name: names.get(code) ?? code,
            flows: Object.fromEntries(FLOWS.map((f) => [f, hidden.get(f)?.has(code) ? null : c[f]])),
            suppressed: FLOWS.filter((f) => hidden.get(f)?.has(code)),
          })),
      };
    },
  );
};

export default flowsRoutes;
