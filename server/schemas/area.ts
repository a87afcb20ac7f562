// Areas and periods: boundaries as GeoJSON (for the map and GIS tools) and the period list.
import { Type } from '@sinclair/typebox';
import { CodeField, KecamatanCode, Nullable } from './common.ts';
import { AREA_LEVELS, type AreaLevel } from './patterns.ts';

/** GET /regions/:level?: the map copy (any simplify above 0) or the stored geometry (0). */
export const RegionQuery = Type.Object(
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

export const AreaProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Unsafe<AreaLevel>(Type.String({ enum: [...AREA_LEVELS] })),
  kecamatan_code: Nullable(Type.String()),
  kecamatan: Nullable(Type.String()),
  area_km2: Type.Number(),
  boundary_source: Type.String(),
  synthetic_people: Type.Boolean(),
});

/** A GeoJSON FeatureCollection of areas; the geometry is typed by GeoJSON itself on the web. */
export const AreaCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    name: Type.String({ description: 'layer name for GIS clients' }),
    description: Nullable(Type.String(), {
      description: 'where the boundaries come from, and whether the registry is synthetic demo data',
    }),
    synthetic_people: Type.Boolean({
      description: 'true when the registry is the synthetic demo (the boundaries themselves are official)',
    }),
    boundary_set: Nullable(Type.String()),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.String(),
        properties: AreaProperties,
        geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }),
      }),
    ),
  },
  { description: 'GeoJSON FeatureCollection (EPSG:4326)' },
);

/** GET /periods: one period and whether it is finalized (the public sees finalized ones only). */
export const PeriodRow = Type.Object({ code: Type.String(), status: CodeField('periodStatus') });
