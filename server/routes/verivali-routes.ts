// Verivali field work (#20 item 3): assignments of households to field verifiers, the verifier's list, visits
// (one, or a phone's offline queue) and progress. HTTP only; scope, versions, proposals and audit are the
// services' (services/verivali-service.ts, verivali-visit-service.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignAnswer,
  AssignBody,
  AssignmentList,
  AssignmentParams,
  AssignmentQuery,
  LangQuery,
  Progress,
  ProgressQuery,
  SelectionAnswer,
  SelectionBody,
  VerifierList,
  VerifierQuery,
  VisitAnswer,
  VisitBody,
} from '../schemas/verivali.ts';
import { Type } from '@sinclair/typebox';
import { DownloadLang, PeriodCode } from '../schemas/common.ts';
import { actorFromRequest } from '../services/actor.ts';

const verivaliRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { verivali, verivaliVisits } = app.services;

  app.post(
    '/api/v1/verivali/assignments',
    {
      schema: {
        tags: ['households'],
        summary:
          "Assign households to a field verifier with a due date: by ids, by kelurahan and RW, or by a map selection (operators: their kelurahan; the verifier's kelurahan must include them)",
        querystring: LangQuery,
        body: AssignBody,
        response: { 200: AssignAnswer },
      },
    },
    async (request) => verivali.assign(actorFromRequest(request), request.body),
  );

  app.post(
    '/api/v1/verivali/selection',
    {
      schema: {
        tags: ['households'],
        summary:
          'How many households a selection would assign (and how many of them would move from another verifier), before assigning: counts only',
        querystring: LangQuery,
        body: SelectionBody,
        response: { 200: SelectionAnswer },
      },
    },
    async (request) => verivali.count(actorFromRequest(request), request.body),
  );

  app.delete(
    '/api/v1/verivali/assignments/:id',
    {
      schema: {
        tags: ['households'],
        summary:
          'Take an open assignment back (operators: in their kelurahan); a visited one cannot be (409); audited',
        params: AssignmentParams,
        querystring: Type.Object(
          { period: Type.Optional(PeriodCode), lang: DownloadLang },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await verivali.cancel(actorFromRequest(request), request.params.id, request.query.period);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/verivali/assignments',
    {
      schema: {
        tags: ['households'],
        summary:
          'Field verification assignments: a verifier its own (with the form fields and versions), staff by kelurahan with verifier and status; NIK/KK masked; audited',
        querystring: AssignmentQuery,
        response: { 200: AssignmentList },
      },
    },
    async (request) => verivali.list(actorFromRequest(request), request.query),
  );

  app.post(
    '/api/v1/verivali/visits',
    {
      schema: {
        tags: ['households'],
        summary:
          "Record field visits (a verifier, its own assignments): one, or a phone's offline queue, each answered on its own and idempotent by clientId",
        description:
          'One visit: 201 recorded, 200 already recorded (a resend), 409 stale-version when the household changed since baseVersion (the visit is kept as a conflict with the current record, nothing overwritten), else its problem. Several: 207 with each result. A `changed` outcome becomes a change proposal, `moved` and `died` a removal proposal, for Dinsos review.',
        querystring: LangQuery,
        body: VisitBody,
        response: { 200: VisitAnswer, 201: VisitAnswer, 207: VisitAnswer },
      },
    },
    async (request, reply) => {
      const results = await verivaliVisits.record(actorFromRequest(request), request.body.visits);
      if (results.length === 1 && results[0]!.problem) throw results[0]!.problem;
      // A single visit that is not refused was recorded (201) or had been already (200).
      const status = (results.length === 1 ? results[0]!.status : 207) as 200 | 201 | 207;
      return reply.code(status).send({
        results: results.map((r) => ({ ...r, problem: r.problem?.toBody(request.lang) })),
      });
    },
  );

  app.get(
    '/api/v1/verivali/progress',
    {
      schema: {
        tags: ['households'],
        summary:
          'Field verification progress per kelurahan (or per RW inside the one named): assigned, visited, verified share, overdue; with the overdue list (audited)',
        querystring: ProgressQuery,
        response: { 200: Progress },
      },
    },
    async (request) => verivali.progress(actorFromRequest(request), request.query),
  );

  app.get(
    '/api/v1/verivali/verifiers',
    {
      schema: {
        tags: ['households'],
        summary:
          'The active field verifiers the caller may assign households to (operators: those working in their kelurahan), with their open assignments in the period',
        querystring: VerifierQuery,
        response: { 200: VerifierList },
      },
    },
    async (request) => verivali.verifiers(actorFromRequest(request), request.query),
  );
};

export default verivaliRoutes;
