// The rule editor's routes (admins): check a rule as it is typed (nothing stored, no SQL run) and read a
// program's rule history. Changing the rule is PUT /api/v1/programs/:code/rule (programs-routes.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { RULE_LIMITS_TEXT } from '../domain/rule-limits.ts';
import { ProgramCode } from '../schemas/index.ts';
import { RuleCheckAnswer, RuleHistoryAnswer } from '../schemas/program-rules.ts';
import { actorFromRequest } from '../services/actor.ts';

const Params = Type.Object({ code: ProgramCode });

const programRulesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const rules = app.services.programRules;

  app.post(
    '/api/v1/programs/:code/rule/check',
    {
      schema: {
        tags: ['programs'],
        summary:
          'Check an eligibility rule as it is edited (admin): valid, or where and why not; nothing stored',
        description: RULE_LIMITS_TEXT,
        params: Params,
        body: Type.Object({ rule: Type.Unknown() }, { additionalProperties: false }),
        response: { 200: RuleCheckAnswer },
      },
    },
    async (request) => rules.check(request.body.rule, request.lang),
  );

  app.get(
    '/api/v1/programs/:code/rule-history',
    {
      schema: {
        tags: ['programs'],
        summary: 'Who changed a program’s eligibility rule when, from what to what (admin; newest first)',
        params: Params,
        response: { 200: RuleHistoryAnswer },
      },
    },
    async (request) => rules.history(actorFromRequest(request), request.params.code),
  );
};

export default programRulesRoutes;
