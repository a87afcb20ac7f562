// The per-route half of the OpenAPI document: @fastify/swagger's `transform` hook sees each route's schema and
// returns a copy for the document only (Fastify validates and serializes with the original). It fixes what the
// route schemas say wrongly for a reader, the same way for every route, so routes added later need no help:
// - a query parameter with a default is optional to the caller (Ajv fills it in), not "required";
// - the media types a route really answers: `format=csv|xlsx|gpkg|geojson` downloads, `.mvt` tiles, or an
//   explicit `produces` list in the route schema;
// - property names that are JSON Schema keywords (`$id`, `$ref` in an OGC schema document) would be read by
//   the swagger plugin's reference resolver as keywords and crash the whole document.
import type { FastifySchema } from 'fastify';

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  gpkg: 'application/geopackage+sqlite3',
  pdf: 'application/pdf',
  mvt: 'application/vnd.mapbox-vector-tile',
  zip: 'application/zip',
} as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Media types that are JSON text: the route's JSON Schema describes them. */
const JSON_MEDIA = new Set<string>([MEDIA.json, MEDIA.geojson, 'application/problem+json']);

const BINARY = { type: 'string', format: 'binary' };
const TEXT = { type: 'string' };

/** A GeoJSON answer whose features carry the JSON answer's values (the JSON schema does not describe it). */
const GEOJSON_COLLECTION = {
  type: 'object',
  description: 'A GeoJSON FeatureCollection (EPSG:4326); each feature carries the values as properties',
  required: ['type', 'features'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    features: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  additionalProperties: true,
};

function schemaFor(media: string, jsonSchema: unknown, only: boolean): unknown {
  if (media === MEDIA.json) return jsonSchema ?? { type: 'object', additionalProperties: true };
  // A route that only answers GeoJSON describes it in its schema; one with format=geojson beside JSON does not.
  if (media === MEDIA.geojson) return only && jsonSchema ? jsonSchema : GEOJSON_COLLECTION;
  if (media === MEDIA.csv) return TEXT;
  return BINARY;
}

/** The values of an enum-like schema (TypeBox unions of literals, `enum`, `const`). */
function enumValues(schema: unknown): string[] {
  if (!isObject(schema)) return [];
  if (Array.isArray(schema.enum)) return schema.enum.filter((v): v is string => typeof v === 'string');
  if (typeof schema.const === 'string') return [schema.const];
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  return Array.isArray(branches) ? branches.flatMap(enumValues) : [];
}

/** What the route answers with on success, in the order the route prefers. */
export function producedMedia(schema: Json, url: string): string[] {
  if (Array.isArray(schema.produces))
    return schema.produces.filter((v): v is string => typeof v === 'string');
  const suffix = /\.([a-z]+)$/.exec(url)?.[1];
  if (suffix && suffix in MEDIA) return [MEDIA[suffix as keyof typeof MEDIA]];
  const query = schema.querystring;
  const formats = isObject(query) && isObject(query.properties) ? enumValues(query.properties.format) : [];
  if (formats.length > 0) return formats.flatMap((f) => (f in MEDIA ? [MEDIA[f as keyof typeof MEDIA]] : []));
  // A GeoJSON body declared with its JSON Schema (type: FeatureCollection or Feature) is sent as GeoJSON.
  const responses = isObject(schema.response) ? schema.response : {};
  const ok = responses['200'] ?? responses[200];
  const type = isObject(ok) && isObject(ok.properties) ? enumValues(ok.properties.type) : [];
  if (type.length === 1 && (type[0] === 'FeatureCollection' || type[0] === 'Feature')) return [MEDIA.geojson];
  return [];
}

/** A query schema whose defaulted properties are not listed as required. */
function withoutRequiredDefaults(query: unknown): unknown {
  if (!isObject(query) || !Array.isArray(query.required) || !isObject(query.properties)) return query;
  const properties = query.properties;
  const required = (query.required as unknown[]).filter((name) => {
    const property = typeof name === 'string' ? properties[name] : undefined;
    return !(isObject(property) && 'default' in property);
  });
  const copy: Json = { ...query, required };
  if (required.length === 0) delete copy.required;
  return copy;
}

/** Keywords that the swagger plugin's `$ref`/`$id` resolver would misread as a property name's schema. */
const RESOLVER_KEYWORDS = new Set(['$id', '$ref']);

/** A schema copy without properties named like resolver keywords (their names are listed in the description). */
function withoutKeywordProperties(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutKeywordProperties);
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) out[key] = withoutKeywordProperties(value);
  if (isObject(out.properties)) {
    const dropped = Object.keys(out.properties).filter((k) => RESOLVER_KEYWORDS.has(k));
    if (dropped.length > 0) {
      out.properties = Object.fromEntries(
        Object.entries(out.properties).filter(([k]) => !RESOLVER_KEYWORDS.has(k)),
      );
      if (Array.isArray(out.required))
        out.required = out.required.filter((k) => !RESOLVER_KEYWORDS.has(String(k)));
      const note = `Also has ${dropped.map((k) => `"${k}"`).join(', ')} (string).`;
      out.description = typeof out.description === 'string' ? `${out.description} ${note}` : note;
    }
  }
  return out;
}

/** The success responses with the media types the route really answers. */
function withMedia(response: unknown, media: string[]): unknown {
  if (media.length === 0) return response;
  const responses: Json = isObject(response) ? { ...response } : {};
  const okKey = Object.keys(responses).find((k) => /^2\d\d$/.test(k)) ?? '200';
  const ok = responses[okKey];
  if (isObject(ok) && isObject(ok.content)) return responses; // the route already names its media types
  const content = Object.fromEntries(
    media.map((m) => [m, { schema: schemaFor(m, JSON_MEDIA.has(m) ? ok : undefined, media.length === 1) }]),
  );
  const description =
    isObject(ok) && typeof ok.description === 'string'
      ? ok.description
      : media.length > 1
        ? `The answer in the requested format (${media.join(', ')})`
        : 'The answer';
  responses[okKey] = { description, content };
  return responses;
}

/** The document's copy of one route schema. */
export function documentSchema(schema: FastifySchema | undefined, url: string): FastifySchema | undefined {
  if (!schema) return schema;
  const copy = withoutKeywordProperties(schema) as Json;
  if (copy.querystring) copy.querystring = withoutRequiredDefaults(copy.querystring);
  copy.response = withMedia(copy.response, producedMedia(copy, url));
  if (copy.response === undefined) delete copy.response;
  // `produces` is the swagger plugin's own keyword too, but it would give every status the same media types.
  delete copy.produces;
  return copy;
}
