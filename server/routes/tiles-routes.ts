// Household vector tiles for roles that may see household locations (never the public): the tile comes from
// the tiles service (period, scope, cluster rule, audit); here only its HTTP form (ETag, caching, type).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createHash } from 'node:crypto';
import { POINT_ZOOM } from '../repositories/tiles-repository.ts';
import { actorFromRequest } from '../services/actor.ts';
import { PeriodCode } from '../schemas/index.ts';

const tilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { tiles } = app.services;

  app.get(
    '/api/v1/tiles/households/:z/:x/:y.mvt',
    {
      schema: {
        tags: ['tiles'],
        summary: `Household tiles: clusters (households, poor) below zoom ${POINT_ZOOM}, points (id, desil) from ${POINT_ZOOM}`,
        params: Type.Object({
          z: Type.Integer({ minimum: 0, maximum: 20 }),
          x: Type.Integer({ minimum: 0 }),
          y: Type.Integer({ minimum: 0 }),
        }),
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const tile = await tiles.householdTile(actorFromRequest(request), request.params, request.query.period);
      const etag = `"${createHash('sha1').update(tile).digest('hex')}"`;
      void reply.header('etag', etag).header('cache-control', 'private, max-age=60').header('vary', 'Cookie');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/vnd.mapbox-vector-tile').send(tile);
    },
  );
};

export default tilesRoutes;
