// Household vector tiles for roles that may see household locations (never the public).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createHash } from 'node:crypto';
import { rowScope } from '../auth/roles.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';
import { SummariesRepository } from '../repositories/summaries-repository.ts';
import { POINT_ZOOM, TilesRepository } from '../repositories/tiles-repository.ts';
import { PeriodCode } from './shared-schemas.ts';

const tilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tiles = new TilesRepository(app.knex);
  const households = new HouseholdsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const summaries = new SummariesRepository(app.knex);
  const regionCode = app.config.regionCode;

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
      const { z, x, y } = request.params;
      if (x >= 2 ** z || y >= 2 ** z) throw badRequestT('tiles.outside', { z, x, y, max: 2 ** z });
      const period = request.query.period ?? (await households.latestPeriod(regionCode));
      if (!period) throw notFoundT('notFound.noPeriod');
      // Cluster zooms read the precomputed cells while the period's summaries are fresh (they are rebuilt
      // together); after a write, until the next refresh, the live query keeps tiles exact.
      const scope = rowScope(request.user!);
      const tile =
        z < POINT_ZOOM && (await summaries.isFresh(regionCode, period))
          ? await tiles.cellTile(regionCode, period, z, x, y, scope)
          : await tiles.householdTile(regionCode, period, z, x, y, scope, app.config.poorDesilMax);
      // Point tiles are person-level location data: each one is audited (hexagon counts are aggregates).
      if (z >= POINT_ZOOM) {
        await audit.append({
          ...auditContext(request),
          action: 'read',
          entity: 'household_tile',
          entityIds: [`${z}/${x}/${y}`],
          periodCode: period,
        });
      }
      const etag = `"${createHash('sha1').update(tile).digest('hex')}"`;
      void reply.header('etag', etag).header('cache-control', 'private, max-age=60').header('vary', 'Cookie');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/vnd.mapbox-vector-tile').send(tile);
    },
  );
};

export default tilesRoutes;
