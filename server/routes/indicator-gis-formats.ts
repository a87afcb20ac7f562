// The GIS formats of an indicator answer: GeoJSON with typed properties (counts integers, values reals, the
// same fields whatever the values) and GeoPackage with typed columns named in the caller's language. Both are
// named after what they hold (the layer name GIS tools show). The values and their suppression were decided
// by the indicator service.
import type { PolygonalGeometry } from '../domain/bbox.ts';
import type { Field, FieldType } from '../domain/ogc-collections.ts';
import { gpkgFieldName } from '../i18n/ogc-texts.ts';
import type { Lang } from '../i18n/translate.ts';
import { geoPackage } from '../lib/geopackage.ts';
import type { TableFile } from '../lib/table-file.ts';
import { featureCollectionJson, featureJson } from '../lib/typed-geojson.ts';
import type { IndicatorAnswer } from '../services/indicator-service.ts';

interface BoundaryFc {
  type: 'FeatureCollection';
  name: string;
  description: string | null;
  features: Array<{ id: string; properties: Record<string, unknown>; geometry: PolygonalGeometry }>;
  [member: string]: unknown;
}

const f = (name: string, type: FieldType): Field => ({ name, type });

/** The properties of an indicator layer, in order, each always of one type. */
export function indicatorLayerFields(a: IndicatorAnswer): Field[] {
  const den = a.def.denominator;
  return [
    f('code', 'string'),
    f('name', 'string'),
    f('level', 'string'),
    f('kecamatan_code', 'string'),
    f('kecamatan', 'string'),
    f('area_km2', 'real'),
    f('indicator', 'string'),
    ...(a.program ? [f('program', 'string')] : []),
    f('period', 'string'),
    f('numerator', 'integer'),
    // A count has no denominator: no field, rather than one that is always null (GDAL would make it text).
    ...(den === null ? [] : [f('denominator', den === 'area_km2' ? 'real' : 'integer')]),
    f('value', 'real'),
    f('suppressed', 'boolean'),
    f('uncertain', 'boolean'),
    // GIS tools read flat scalar attributes: the coarsening is three columns, always present (null when not
    // coarsened), rather than a nested object.
    f('coarsened_level', 'string'),
    f('coarsened_code', 'string'),
    f('coarsened_value', 'real'),
    ...(a.compare ? [f('previous', 'real'), f('change', 'real')] : []),
    f('boundary_source', 'string'),
    f('synthetic_people', 'boolean'),
  ];
}

function joined(boundaries: string, a: IndicatorAnswer) {
  const fc = JSON.parse(boundaries) as BoundaryFc;
  const byCode = new Map(
    a.values.map(({ coarsened, ...v }) => [
      v.code,
      {
        ...v,
        coarsened_level: coarsened?.level ?? null,
        coarsened_code: coarsened?.code ?? null,
        coarsened_value: coarsened?.value ?? null,
      },
    ]),
  );
  const rows = fc.features.map((feature) => {
    const props: Record<string, unknown> = {
      ...feature.properties,
      ...(byCode.get(feature.id) ?? {}),
      indicator: a.def.id,
      program: a.program,
      period: a.period,
    };
    // No field that is always null (see indicatorLayerFields): a count has no denominator, most no program.
    if (a.def.denominator === null) delete props.denominator;
    if (a.program === null) delete props.program;
    return { feature, props };
  });
  return { fc, rows };
}

/** The boundaries (a FeatureCollection as JSON text) with each area's values in its typed properties. */
export function typedWithValues(boundaries: string, a: IndicatorAnswer): string {
  const { fc, rows } = joined(boundaries, a);
  const fields = indicatorLayerFields(a);
  const members: Record<string, unknown> = { ...fc };
  delete members.type;
  delete members.features;
  return featureCollectionJson(
    members,
    // Fields other services add to the values later travel along after the typed ones.
    rows.map((r) => featureJson(r.feature.id, r.props, fields, r.feature.geometry, {}, true)),
  );
}

/** The layer's name: what, where and when, in letters, digits and underscores (a GeoPackage table name). */
function layerName(a: IndicatorAnswer): string {
  return ['sidaksos', a.def.id, a.program, a.level, a.kecamatan, a.period]
    .filter((p) => p !== null)
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
}

/** The answer as a GeoPackage file: one layer, columns typed and named in `lang`. */
export async function geoPackageFile(a: IndicatorAnswer, boundaries: string, lang: Lang): Promise<TableFile> {
  const { fc, rows } = joined(boundaries, a);
  const fields = indicatorLayerFields(a);
  const title = [a.def.label[lang], a.program, a.level, a.kecamatan, a.period].filter((p) => p !== null);
  const body = await geoPackage({
    table: layerName(a),
    identifier: title.join(' — '),
    description: fc.description ?? '',
    columns: fields.map((c) => ({ name: gpkgFieldName(lang, c.name), type: c.type })),
    features: rows.map((r) => ({ geometry: r.feature.geometry, values: fields.map((c) => r.props[c.name]) })),
  });
  return {
    body,
    contentType: 'application/geopackage+sqlite3',
    filename: `${layerName(a).replace(/_/g, '-')}.gpkg`,
  };
}
