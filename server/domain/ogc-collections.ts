// The collections of the OGC API – Features service and the fixed schema of each. One collection per indicator,
// level and program, because GDAL's OAPIF driver and QGIS treat a collection as one layer with one schema and
// give the user no way to pass per-layer parameters from the data-source manager; the period stays a query
// parameter (default: the latest period the caller may see). Each indicator collection has a public variant
// (suppressed, as the public API) and a staff variant (`…-staff`: nothing suppressed, open periods, a token).
import { INDICATORS, indicator, type IndicatorDef } from './indicators.ts';

export type OgcLevel = 'kelurahan' | 'kecamatan';
export const OGC_LEVELS: readonly OgcLevel[] = ['kelurahan', 'kecamatan'];

export type FieldType = 'string' | 'integer' | 'real' | 'boolean';

/** One property of a collection's features: always present, always of this type (or null). */
export interface Field {
  name: string;
  type: FieldType;
}

export type CollectionRef =
  | { kind: 'boundaries'; id: string; level: OgcLevel }
  | {
      kind: 'indicator';
      id: string;
      def: IndicatorDef;
      level: OgcLevel;
      program: string | null;
      /** Unsuppressed, for signed-in callers (a personal access token) only. */
      staff: boolean;
    };

export function indicatorCollectionId(
  def: IndicatorDef,
  level: OgcLevel,
  program: string | null,
  staff: boolean,
): string {
  return [def.id, program, level, staff ? 'staff' : null].filter((p) => p !== null).join('-');
}

/** Every collection: boundaries first, then each indicator (per program) at both levels, public then staff. */
export function allCollections(programs: readonly string[], withStaff: boolean): CollectionRef[] {
  const out: CollectionRef[] = OGC_LEVELS.map((level) => ({ kind: 'boundaries', id: level, level }));
  for (const staff of withStaff ? [false, true] : [false])
    for (const def of INDICATORS)
      for (const program of def.program ? programs : [null])
        for (const level of OGC_LEVELS)
          out.push({
            kind: 'indicator',
            id: indicatorCollectionId(def, level, program, staff),
            def,
            level,
            program,
            staff,
          });
  return out;
}

/** The collection an id names, or undefined; program collections only for the programs given. */
export function parseCollectionId(id: string, programs: readonly string[]): CollectionRef | undefined {
  if (id === 'kelurahan' || id === 'kecamatan') return { kind: 'boundaries', id, level: id };
  const parts = id.split('-');
  const staff = parts.at(-1) === 'staff';
  if (staff) parts.pop();
  const level = parts.pop();
  if (level !== 'kelurahan' && level !== 'kecamatan') return undefined;
  const def = indicator(parts[0] ?? '');
  if (!def) return undefined;
  const program = parts[1] ?? null;
  if (parts.length > 2 || (def.program ? program === null || !programs.includes(program) : program !== null))
    return undefined;
  return { kind: 'indicator', id, def, level, program, staff };
}

const f = (name: string, type: FieldType): Field => ({ name, type });

/**
 * The properties of a collection's features, in order. Numbers are typed by what they count, not by the
 * values of the day (GDAL infers a field's type from the values it reads first): counts are integers, the
 * indicator value and areas are reals. Fields that would always be null are left out (a count indicator has
 * no denominator, a kecamatan no kecamatan), so no field comes out as a string of nulls.
 */
export function fieldsOf(ref: CollectionRef): Field[] {
  const area = [
    f('code', 'string'),
    f('name', 'string'),
    ...(ref.level === 'kelurahan' ? [f('kecamatan_code', 'string'), f('kecamatan', 'string')] : []),
  ];
  if (ref.kind === 'boundaries')
    return [...area, f('area_km2', 'real'), f('boundary_source', 'string'), f('synthetic_people', 'boolean')];
  const def = ref.def;
  return [
    ...area,
    f('indicator', 'string'),
    f('indicator_label', 'string'),
    f('unit', 'string'),
    ...(ref.program ? [f('program', 'string')] : []),
    f('period', 'string'),
    f('numerator', 'integer'),
    ...(def.denominator === null
      ? []
      : [f('denominator', def.denominator === 'area_km2' ? 'real' : 'integer')]),
    f('value', 'real'),
    f('suppressed', 'boolean'),
    f('synthetic_people', 'boolean'),
  ];
}
