// Proposals and approval (maker–checker, #20 item 1): reviewers list proposals by kelurahan with their diff and
// approve or reject one or a batch; admins set which kinds of operators' changes need approval. The rules live
// in services/proposal-review-service.ts; here are the schemas and the HTTP answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApprovalPolicy,
  ApprovalPolicyBody,
  DecisionAnswer,
  DecisionBody,
  ProposalList,
  ProposalQuery,
} from '../schemas/index.ts';
import { actorFromRequest } from '../services/actor.ts';

const proposalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { proposals } = app.services;

  app.get(
    '/api/v1/proposals',
    {
      schema: {
        tags: ['households'],
        summary:
          'Proposals of a period (pending unless ?status=) by kelurahan, each with its before/after diff (operators: their kelurahan)',
        querystring: ProposalQuery,
        response: { 200: ProposalList },
      },
    },
    async (request) => proposals.list(actorFromRequest(request), request.query),
  );

  app.post(
    '/api/v1/proposals/decisions',
    {
      schema: {
        tags: ['households'],
        summary:
          'Approve or reject one proposal or a batch, all or none: never your own, a rejection with a reason; an approved change is applied as a direct edit would be',
        description:
          '409 stale-version when a household changed since its proposal (nothing applied), 409 conflict when one is already decided, 403 for your own proposal.',
        body: DecisionBody,
        response: { 200: DecisionAnswer },
      },
    },
    async (request) => proposals.decide(actorFromRequest(request), request.body, request.lang),
  );

  app.get(
    '/api/v1/approval-policy',
    {
      schema: {
        tags: ['households'],
        summary:
          "Which kinds of operators' changes wait for a reviewer's approval (the others apply at once)",
        response: { 200: ApprovalPolicy },
      },
    },
    async (request) => proposals.policy(actorFromRequest(request)),
  );

  app.put(
    '/api/v1/approval-policy',
    {
      schema: {
        tags: ['households'],
        summary: "Set which kinds of operators' changes need approval (admin; audited)",
        body: ApprovalPolicyBody,
        response: { 200: ApprovalPolicy },
      },
    },
    async (request) => proposals.savePolicy(actorFromRequest(request), request.body.requires),
  );
};

export default proposalsRoutes;
