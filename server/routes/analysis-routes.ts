// Targeting tools for planners and OPDs: where to put k service sites, and what a changed rule would do.
// Both read only; OPD staff may run them for their own programs.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { ANALYSIS_LIMITS, ANALYSIS_LIMITS_TEXT, ANALYSIS_SLOT_TEXT } from '../domain/analysis-limits.ts';
import { RULE_LIMITS_TEXT } from '../domain/rule-limits.ts';
import { actorFromRequest } from '../services/actor.ts';
import { Nullable, ProgramCode } from '../schemas/index.ts';

const SitesBody = Type.Object(
  {
    program: ProgramCode,
    period: Type.Optional(PeriodCode),
    k: Type.Integer({
      minimum: 1,
      maximum: ANALYSIS_LIMITS.maxSites,
      description: 'number of sites to choose',
    }),
    radius: Type.Integer({
      minimum: ANALYSIS_LIMITS.minRadius,
      maximum: ANALYSIS_LIMITS.maxRadius,
      description: 'reach of a site in metres',
    }),
    candidates: Type.Union([Type.Literal('grid'), Type.Literal('kelurahan'), Type.Literal('points')], {
      default: 'grid',
      description:
        'grid: cells of radius size holding unmet households; kelurahan: a point inside each kelurahan; points: your list',
    }),
    points: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            label: Type.Optional(Type.String({ maxLength: 120 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: ANALYSIS_LIMITS.maxCandidates },
      ),
    ),
  },
  { additionalProperties: false },
);

const Site = Type.Object({
  rank: Type.Integer(),
  lon: Type.Number(),
  lat: Type.Number(),
  kelurahan: Nullable(Type.String()),
  label: Nullable(Type.String()),
  marginal: Type.Integer({ description: 'unmet households this site adds to those before it' }),
  reach: Type.Integer({ description: 'unmet households within the radius' }),
  cumulative: Type.Integer(),
});

const Change = {
  current: Type.Integer(),
  proposed: Type.Integer(),
  gained: Type.Integer(),
  lost: Type.Integer(),
  lostEnrolled: Type.Integer({ description: 'lost households that are enrolled today' }),
};

const analysisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const targeting = app.services.targeting;

  app.post(
    '/api/v1/analysis/sites',
    {
      schema: {
        tags: ['analysis'],
        summary:
          'Recommend k sites that reach the most eligible-but-unenrolled households (greedy maximal covering)',
        description: `${ANALYSIS_LIMITS_TEXT} ${ANALYSIS_SLOT_TEXT}`,
        body: SitesBody,
        response: {
          200: Type.Object({
            program: Type.String(),
            period: Type.String(),
            radius: Type.Integer(),
            candidates: Type.Object({ kind: Type.String(), count: Type.Integer() }),
            demand: Type.Integer({ description: 'located unmet households' }),
            covered: Type.Integer(),
            coveredShare: Nullable(Type.Number()),
            sites: Type.Array(Site),
          }),
        },
      },
    },
    async (request) => targeting.recommendSites(actorFromRequest(request), request.body),
  );

  app.post(
    '/api/v1/analysis/what-if',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Households gained and lost per kelurahan if a program’s rule changed (nothing is stored)',
        description: `${RULE_LIMITS_TEXT} ${ANALYSIS_SLOT_TEXT}`,
        body: Type.Object(
          { program: ProgramCode, period: Type.Optional(PeriodCode), rule: Type.Unknown() },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            program: Type.String(),
            period: Type.String(),
            currentRule: Type.Unknown(),
            proposedRule: Type.Unknown(),
            total: Type.Object(Change),
            areas: Type.Array(Type.Object({ code: Type.String(), ...Change })),
          }),
        },
      },
    },
    async (request) => {
      const { program, period, rule } = request.body;
      return targeting.whatIf(actorFromRequest(request), program, period, rule);
    },
  );
};

export default analysisRoutes;
