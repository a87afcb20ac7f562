// Targeting tools for planners and OPDs: where to put k service sites, and what a changed rule would do.
// Both read only; OPD staff may run them for their own programs.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANALYSIS_LIMITS_TEXT, ANALYSIS_SLOT_TEXT } from '../domain/analysis-limits.ts';
import { RULE_LIMITS_TEXT } from '../domain/rule-limits.ts';
import { actorFromRequest } from '../services/actor.ts';
import { SitesAnswer, SitesBody, WhatIfAnswer, WhatIfBody } from '../schemas/index.ts';

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
          200: SitesAnswer,
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
        body: WhatIfBody,
        response: {
          200: WhatIfAnswer,
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
