// GeoJSON features written with their schema's types: GDAL (and so QGIS) types a GeoJSON field by the JSON
// it reads (`5` is an Integer, `5.0` a Real), so a real field whose values happen to be whole numbers would
// flip to Integer from one period to the next. JSON.stringify cannot write `5.0`; these writers can.
import type { Field } from '../domain/ogc-collections.ts';

/** A real number's JSON with a decimal point or exponent, so JSON readers see a double. */
export function realJson(v: number): string {
  const s = JSON.stringify(v);
  return /[.eE]/.test(s) || !Number.isFinite(v) ? s : `${s}.0`;
}

function valueJson(v: unknown, field: Field): string {
  if (v === null || v === undefined) return 'null';
  if (field.type === 'real' && typeof v === 'number') return realJson(v);
  if (field.type === 'integer' && typeof v === 'number') return JSON.stringify(Math.round(v));
  if (field.type === 'boolean') return v ? 'true' : 'false';
  if (field.type === 'string') return JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v));
  return JSON.stringify(v);
}

/**
 * Every field of the schema, in its order and type (missing ones null); other keys only with `passThrough`
 * (after the schema's, as JSON.stringify writes them).
 */
export function propertiesJson(
  props: Readonly<Record<string, unknown>>,
  fields: readonly Field[],
  passThrough = false,
): string {
  const typed = fields.map((f) => `${JSON.stringify(f.name)}:${valueJson(props[f.name], f)}`);
  const named = new Set(fields.map((f) => f.name));
  const rest = passThrough
    ? Object.entries(props)
        .filter(([k, v]) => !named.has(k) && v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    : [];
  return `{${[...typed, ...rest].join(',')}}`;
}

/** One Feature; `extra` members (links…) are serialised as they are. */
export function featureJson(
  id: string,
  props: Readonly<Record<string, unknown>>,
  fields: readonly Field[],
  geometry: unknown,
  extra: Readonly<Record<string, unknown>> = {},
  passThrough = false,
): string {
  const more = Object.entries(extra)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join('');
  return `{"type":"Feature","id":${JSON.stringify(id)},"properties":${propertiesJson(props, fields, passThrough)},"geometry":${JSON.stringify(geometry ?? null)}${more}}`;
}

/** A FeatureCollection around features already serialised; `members` (name, links, counts…) come first. */
export function featureCollectionJson(
  members: Readonly<Record<string, unknown>>,
  features: readonly string[],
): string {
  const head = Object.entries(members)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');
  return `{"type":"FeatureCollection",${head}"features":[${features.join(',')}]}`;
}
