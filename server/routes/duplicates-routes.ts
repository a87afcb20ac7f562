// Duplicates and verification: list households that share a NIK or a KK, merge one into another (both
// histories kept, the merge recorded), and record a household's verification with who and when. The rules
// (period, scope, versions, audit) live in services/duplicates-service.ts; this file is the HTTP face.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { actorFromRequest } from '../services/actor.ts';
import { DuplicateGroup, IdParams as Params } from '../schemas/index.ts';

const duplicatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { duplicates } = app.services;

  app.get(
    '/api/v1/duplicates',
    {
      schema: {
        tags: ['households'],
        summary:
          'Households of a period that share an active member’s NIK, or a KK (identifiers masked; audited)',
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            period: Type.String(),
            groups: Type.Array(DuplicateGroup),
          }),
        },
      },
    },
    async (request) => duplicates.list(actorFromRequest(request), request.query.period),
  );

  app.post(
    '/api/v1/households/:id/merge',
    {
      schema: {
        tags: ['households'],
        summary:
          'Merge this household (a duplicate) into another: its own people move over, it stays as a merged record',
        params: Params,
        body: Type.Object(
          {
            into: Type.String({ format: 'uuid' }),
            version: Type.Integer({ minimum: 1 }),
            intoVersion: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Type.String(), into: Type.String(), movedMembers: Type.Integer() }),
        },
      },
    },
    async (request) => duplicates.merge(actorFromRequest(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/households/:id/verify',
    {
      schema: {
        tags: ['households'],
        summary: 'Record that a household was verified (or rejected) in the field: by whom and when',
        params: Params,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            status: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
            period: Type.Optional(PeriodCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.String(), verificationStatus: Type.String() }) },
      },
    },
    async (request) => duplicates.verify(actorFromRequest(request), request.params.id, request.body),
  );
};

export default duplicatesRoutes;
