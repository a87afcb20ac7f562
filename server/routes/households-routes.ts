// Household records: person-level reads, scoped to the caller, masked by default and audit-logged
// (services/household-read-service.ts). Unmasked NIK/KK need a role allowed to see them and a stated reason,
// which is logged.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { actorFromRequest } from '../services/actor.ts';
import { Household, HouseholdSearch, IdParams as Params, RtRw } from '../schemas/index.ts';

const householdsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reads = app.services.householdReads;

  app.get(
    '/api/v1/households',
    {
      schema: {
        tags: ['households'],
        summary:
          'Search households by exact KK or NIK (16 digits) or ≥ 3 characters of a name or address; audit-logged',
        querystring: Type.Object(
          {
            q: Type.String({
              minLength: 3,
              maxLength: 100,
              description: 'KK or NIK (16 digits), or part of a name or address',
            }),
            period: Type.Optional(PeriodCode),
            kelurahan: Type.Optional(
              Type.String({
                pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$',
                description: 'only this kelurahan (still within the caller scope)',
              }),
            ),
            rw: Type.Optional(RtRw),
          },
          { additionalProperties: false },
        ),
        response: {
          200: HouseholdSearch,
        },
      },
    },
    async (request) => {
      const { q, period, kelurahan, rw } = request.query;
      return reads.search(actorFromRequest(request), q, period, {
        ...(kelurahan ? { kelurahan } : {}),
        ...(rw !== undefined ? { rw } : {}),
      });
    },
  );

  app.get(
    '/api/v1/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'One household with its members; NIK and KK masked; the read is audit-logged',
        params: Params,
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: { 200: Household },
      },
    },
    async (request) => reads.detail(actorFromRequest(request), request.params.id, request.query.period),
  );

  app.get(
    '/api/v1/households/by-map-id/:mapId',
    {
      schema: {
        tags: ['households'],
        summary:
          'The household drawn as a point of the household tiles (their feature id), as GET /api/v1/households/:id',
        params: Type.Object(
          {
            mapId: Type.Integer({
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description: 'MVT feature id',
            }),
          },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: { 200: Household },
      },
    },
    async (request) =>
      reads.detailOfMapPoint(actorFromRequest(request), request.params.mapId, request.query.period),
  );

  app.get(
    '/api/v1/households/:id/identifiers',
    {
      schema: {
        tags: ['households'],
        summary: 'Unmasked KK and NIKs of one household, for a stated reason (logged)',
        params: Params,
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            reason: Type.String({
              minLength: 10,
              maxLength: 500,
              description: 'why the identifiers are needed (logged)',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            kk: Type.String(),
            members: Type.Array(
              Type.Object({ id: Type.String(), nik: Type.Union([Type.String(), Type.Null()]) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { reason, period } = request.query;
      return reads.identifiers(actorFromRequest(request), request.params.id, reason, period);
    },
  );
};

export default householdsRoutes;
