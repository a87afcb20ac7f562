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
      // The answer depends on who asks: a session cookie or an access token (Authorization).
      void reply
        .header('etag', etag)
        .header('cache-control', 'private, max-age=60')
        .header('vary', 'Cookie, Authorization');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/vnd.mapbox-vector-tile').send(tile);
    },
  );

  // For GIS clients (QGIS's vector tile connection with an access token in its auth configuration): the
  // tiles described as TileJSON 3.0.0, and a MapLibre style drawing them like the web map.
  const tileSet = (form: 'tilejson' | 'style', summary: string) => ({
    schema: {
      tags: ['tiles'],
      summary,
      querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
    },
  });
  for (const [url, form, summary] of [
    ['/api/v1/tiles/households.json', 'tilejson', 'Household tiles as TileJSON 3.0.0 (for GIS clients)'],
    ['/api/v1/tiles/households/style.json', 'style', 'A MapLibre style for the household tiles'],
  ] as const) {
    app.get(url, tileSet(form, summary), async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const body = await tiles.householdTileSet(
        actorFromRequest(request),
        origin,
        request.query.period,
        form,
      );
      void reply.header('cache-control', 'private, max-age=60').header('vary', 'Cookie, Authorization');
      return reply.type('application/json').send(body);
    });
  }
};

export default tilesRoutes;
