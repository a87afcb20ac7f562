// Boundaries as GeoJSON for the map and for GIS tools (QGIS can open these URLs directly).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AreaLevel } from '../repositories/regions-repository.ts';
import { sendPreSerialized } from '../lib/pre-serialized.ts';

const KecamatanCode = Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$' });

const Query = Type.Object(
  {
    simplify: Type.Number({
      minimum: 0,
      maximum: 0.01,
      default: 0,
      description:
        'Any value above 0 serves the map copy: simplified once per boundary set along shared edges (neighbours ' +
        'meet exactly, no gaps or overlaps, 2 m tolerance); 0 serves the stored geometry as imported.',
    }),
    kecamatan: Type.Optional(KecamatanCode),
  },
  { additionalProperties: false },
);

const FeatureCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    name: Type.String({ description: 'layer name for GIS clients' }),
    description: Type.Union([Type.String(), Type.Null()], {
      description: 'where the boundaries come from, and whether the registry is synthetic demo data',
    }),
    synthetic_people: Type.Boolean({
      description: 'true when the registry is the synthetic demo (the boundaries themselves are official)',
    }),
    boundary_set: Type.Union([Type.String(), Type.Null()]),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.String(),
        properties: Type.Object({
          code: Type.String(),
          name: Type.String(),
          level: Type.String(),
          kecamatan_code: Type.Union([Type.String(), Type.Null()]),
          kecamatan: Type.Union([Type.String(), Type.Null()]),
          area_km2: Type.Number(),
          boundary_source: Type.String(),
          synthetic_people: Type.Boolean(),
        }),
        geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }),
      }),
    ),
  },
  { description: 'GeoJSON FeatureCollection (EPSG:4326)' },
);

const regionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const level of ['kelurahan', 'kecamatan'] as const satisfies readonly AreaLevel[]) {
    app.get(
      `/api/v1/regions/${level}`,
      {
        schema: {
          tags: ['regions'],
          summary: `${level} boundaries of the active boundary set as GeoJSON`,
          querystring: Query,
          response: { 200: FeatureCollection },
        },
      },
      async (request, reply) => {
        const { simplify, kecamatan } = request.query;
        const body = await app.services.regions.featureCollection({
          level,
          simplified: simplify > 0,
          ...(kecamatan ? { kecamatan } : {}),
        });
        void reply.header('cache-control', 'public, max-age=300');
        return sendPreSerialized(reply, 'application/geo+json', body);
      },
    );
  }
};

export default regionsRoutes;
