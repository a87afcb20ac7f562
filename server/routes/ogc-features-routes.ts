// OGC API – Features (Part 1: Core, GeoJSON, OpenAPI 3.0) under /api/v1/ogc, so QGIS ("WFS / OGC API –
// Features" in the data-source manager) and GDAL (OAPIF:) add our layers by URL. HTTP only: the collections,
// their values and who may read them come from OgcFeaturesService. Links are absolute (clients follow them
// as they are) and built from the request's own host, so they work behind the proxy as well.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseBbox } from '../domain/bbox.ts';
import { ogcText } from '../i18n/ogc-texts.ts';
import { downloadLang } from '../lib/download-tables.ts';
import { sendPreSerialized } from '../lib/pre-serialized.ts';
import { badRequestT } from '../lib/problem.ts';
import { featureCollectionJson, featureJson } from '../lib/typed-geojson.ts';
import { actorFromRequest } from '../services/actor.ts';
import type { CollectionInfo } from '../services/ogc-features-service.ts';
import { DownloadLang, PeriodCode } from './shared-schemas.ts';

const BASE = '/api/v1/ogc';
const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const CONFORMANCE = ['core', 'geojson', 'oas30'].map(
  (c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`,
);
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

const Link = Type.Object({
  href: Type.String(),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
});
const Links = Type.Array(Link);
const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  itemType: Type.Literal('feature'),
  crs: Type.Array(Type.String()),
  extent: Type.Optional(
    Type.Object({
      spatial: Type.Object({ bbox: Type.Array(Type.Array(Type.Number())), crs: Type.String() }),
    }),
  ),
  links: Links,
});
const Feature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.String({ description: 'the area code' }),
  properties: Type.Record(Type.String(), Type.Unknown(), {
    description: 'always the same fields per collection (see its schema link): counts integers, values reals',
  }),
  geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }),
  links: Type.Optional(Links),
});
const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  name: Type.String({ description: 'layer name for GIS clients' }),
  period: Type.Union([Type.String(), Type.Null()]),
  numberMatched: Type.Integer(),
  numberReturned: Type.Integer(),
  timeStamp: Type.String(),
  links: Links,
  features: Type.Array(Feature),
});
const Schema = Type.Object({
  $schema: Type.String(),
  $id: Type.String(),
  title: Type.String(),
  type: Type.Literal('object'),
  properties: Type.Record(Type.String(), Type.Unknown(), {
    description: 'a GeoJSON Feature: properties.properties.properties names each field and its JSON type',
  }),
});

const CollectionParams = Type.Object({ collectionId: Type.String({ pattern: '^[a-z0-9_-]{1,120}$' }) });
const Lang = Type.Object({ lang: DownloadLang }, { additionalProperties: false });
const ItemsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, default: 0, description: 'features to skip (the next link sets it)' }),
    bbox: Type.Optional(
      Type.String({ description: 'minLon,minLat,maxLon,maxLat (CRS84): only areas that intersect the box' }),
    ),
    period: Type.Optional(PeriodCode),
    lang: DownloadLang,
  },
  { additionalProperties: false },
);
const FeatureQuery = Type.Object(
  { period: Type.Optional(PeriodCode), lang: DownloadLang },
  { additionalProperties: false },
);

const json = (reply: FastifyReply, type: string, body: unknown) =>
  sendPreSerialized(reply, `${type}; charset=utf-8`, JSON.stringify(body));

function base(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${BASE}`;
}

/** The request's URL with some query parameters replaced (paging links keep bbox, period and lang). */
function withQuery(request: FastifyRequest, path: string, set: Record<string, string | number>): string {
  const url = new URL(`${base(request)}${path}`);
  const query = request.query as Record<string, string | number | undefined>;
  for (const [k, v] of Object.entries({ ...query, ...set }))
    if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

function collectionBody(request: FastifyRequest, c: CollectionInfo & { extent?: readonly number[] }) {
  const self = `${base(request)}/collections/${c.ref.id}`;
  return {
    id: c.ref.id,
    title: c.title,
    description: c.description,
    itemType: 'feature' as const,
    crs: [CRS84],
    ...(c.extent ? { extent: { spatial: { bbox: [[...c.extent]], crs: CRS84 } } } : {}),
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: c.title },
      { href: `${self}/items`, rel: 'items', type: GEOJSON, title: c.title },
      // The feature schema, so GIS clients type the fields before reading any feature (a first page of
      // nulls would otherwise make text fields). GDAL 3.6 looks for the camel-case spelling only.
      { href: `${self}/schema`, rel: 'describedby', type: 'application/schema+json', title: c.title },
      { href: `${self}/schema`, rel: 'describedBy', type: 'application/schema+json', title: c.title },
    ],
  };
}

const ogcFeaturesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ogc = app.services.ogcFeatures;
  const tags = ['ogc'];

  app.get(
    BASE,
    {
      schema: {
        tags,
        summary:
          'OGC API – Features landing page (links to the API description, conformance and collections)',
        querystring: Lang,
        response: { 200: Type.Object({ title: Type.String(), description: Type.String(), links: Links }) },
      },
    },
    async (request, reply) => {
      const lang = downloadLang(request);
      const b = base(request);
      return json(reply, JSON_TYPE, {
        title: ogcText(lang, 'serviceTitle'),
        description: ogcText(lang, 'serviceDescription'),
        links: [
          { href: b, rel: 'self', type: JSON_TYPE, title: 'this document' },
          {
            href: `${request.protocol}://${request.host}/api/docs/json`,
            rel: 'service-desc',
            type: 'application/vnd.oai.openapi+json;version=3.0',
            title: 'the API definition (OpenAPI 3.0)',
          },
          { href: `${request.protocol}://${request.host}/api/docs`, rel: 'service-doc', type: 'text/html' },
          { href: `${b}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
          { href: `${b}/collections`, rel: 'data', type: JSON_TYPE, title: 'collections' },
        ],
      });
    },
  );

  app.get(
    `${BASE}/conformance`,
    {
      schema: {
        tags,
        summary: 'OGC API – Features conformance classes (Core, GeoJSON, OpenAPI 3.0)',
        response: { 200: Type.Object({ conformsTo: Type.Array(Type.String()) }) },
      },
    },
    async (_request, reply) => json(reply, JSON_TYPE, { conformsTo: CONFORMANCE }),
  );

  app.get(
    `${BASE}/collections`,
    {
      schema: {
        tags,
        summary:
          'Feature collections: boundaries and one per indicator, level and program (staff ones with a token)',
        querystring: Lang,
        response: { 200: Type.Object({ links: Links, collections: Type.Array(Collection) }) },
      },
    },
    async (request, reply) => {
      const list = await ogc.collections(actorFromRequest(request), downloadLang(request));
      return json(reply, JSON_TYPE, {
        links: [{ href: `${base(request)}/collections`, rel: 'self', type: JSON_TYPE }],
        collections: list.map((c) => collectionBody(request, c)),
      });
    },
  );

  app.get(
    `${BASE}/collections/:collectionId`,
    {
      schema: {
        tags,
        summary: 'One feature collection: title, extent (CRS84), links to its items and schema',
        params: CollectionParams,
        querystring: Lang,
        response: { 200: Collection },
      },
    },
    async (request, reply) => {
      const c = await ogc.collection(
        request.params.collectionId,
        actorFromRequest(request),
        downloadLang(request),
      );
      return json(reply, JSON_TYPE, collectionBody(request, c));
    },
  );

  app.get(
    `${BASE}/collections/:collectionId/schema`,
    {
      schema: {
        tags,
        summary: "The collection's feature properties as a JSON Schema (fixed names and types)",
        params: CollectionParams,
        querystring: Lang,
        response: { 200: Schema },
      },
    },
    async (request, reply) => {
      const c = await ogc.collection(
        request.params.collectionId,
        actorFromRequest(request),
        downloadLang(request),
      );
      const types = { string: 'string', integer: 'integer', real: 'number', boolean: 'boolean' } as const;
      return json(reply, 'application/schema+json', {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `${base(request)}/collections/${c.ref.id}/schema`,
        title: c.title,
        type: 'object',
        // A GeoJSON Feature whose properties have one type each (any may be null); the shape GDAL reads.
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'string' },
          geometry: { type: 'object' },
          properties: {
            type: 'object',
            properties: Object.fromEntries(c.fields.map((f) => [f.name, { type: types[f.type] }])),
          },
        },
      });
    },
  );

  app.get(
    `${BASE}/collections/:collectionId/items`,
    {
      schema: {
        tags,
        summary: "A page of the collection's features (bbox, limit, offset, period; next and prev links)",
        params: CollectionParams,
        querystring: ItemsQuery,
        response: { 200: { content: { [GEOJSON]: { schema: FeatureCollection } } } },
      },
    },
    async (request, reply) => {
      const { limit, offset, period, bbox: bboxText } = request.query;
      const bbox = bboxText === undefined ? undefined : parseBbox(bboxText);
      if (bboxText !== undefined && !bbox) throw badRequestT('ogc.bbox', { bbox: bboxText });
      const id = request.params.collectionId;
      const page = await ogc.items(
        id,
        { limit, offset, ...(period ? { period } : {}), ...(bbox ? { bbox } : {}) },
        actorFromRequest(request),
        downloadLang(request),
      );
      const path = `/collections/${id}/items`;
      const links = [
        { href: withQuery(request, path, {}), rel: 'self', type: GEOJSON, title: 'this page' },
        { href: `${base(request)}/collections/${id}`, rel: 'collection', type: JSON_TYPE },
        ...(offset + limit < page.numberMatched
          ? [
              {
                href: withQuery(request, path, { offset: offset + limit, limit }),
                rel: 'next',
                type: GEOJSON,
              },
            ]
          : []),
        ...(offset > 0
          ? [
              {
                href: withQuery(request, path, { offset: Math.max(0, offset - limit), limit }),
                rel: 'prev',
                type: GEOJSON,
              },
            ]
          : []),
      ];
      const features = page.features.map((f) =>
        featureJson(f.id, f.properties, page.info.fields, f.geometry),
      );
      return sendPreSerialized(
        reply,
        GEOJSON,
        featureCollectionJson(
          {
            name: id,
            period: page.period,
            numberMatched: page.numberMatched,
            numberReturned: features.length,
            timeStamp: new Date().toISOString(),
            links,
          },
          features,
        ),
      );
    },
  );

  app.get(
    `${BASE}/collections/:collectionId/items/:featureId`,
    {
      schema: {
        tags,
        summary: 'One feature of a collection by its area code',
        params: Type.Object({
          collectionId: CollectionParams.properties.collectionId,
          featureId: Type.String({
            pattern: '^[0-9.]{1,20}$',
            description: 'the area code, e.g. 33.74.01.1001',
          }),
        }),
        querystring: FeatureQuery,
        response: { 200: { content: { [GEOJSON]: { schema: Feature } } } },
      },
    },
    async (request, reply) => {
      const { collectionId: id, featureId } = request.params;
      const { info, feature } = await ogc.feature(
        id,
        featureId,
        request.query.period,
        actorFromRequest(request),
        downloadLang(request),
      );
      const links = [
        { href: withQuery(request, `/collections/${id}/items/${featureId}`, {}), rel: 'self', type: GEOJSON },
        { href: `${base(request)}/collections/${id}`, rel: 'collection', type: JSON_TYPE },
      ];
      return sendPreSerialized(
        reply,
        GEOJSON,
        featureJson(feature.id, feature.properties, info.fields, feature.geometry, { links }),
      );
    },
  );
};

export default ogcFeaturesRoutes;
