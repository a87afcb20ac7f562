// Building blocks of request and answer schemas: periods, levels, codes, ids, nullable fields, languages.
import { Type, type SchemaOptions, type TLiteral, type TSchema } from '@sinclair/typebox';
import { CODE_LISTS, codesOf, type CodeListName, type CodeOf } from '../domain/code-lists.ts';
import { AREA_LEVELS, INDICATOR_LEVELS, LANGS, PATTERNS } from './patterns.ts';

/** A semester period code such as 2025-07. */
export const PeriodCode = Type.String({ pattern: PATTERNS.period, description: 'period, e.g. 2025-07' });
export const ProgramCode = Type.String({ pattern: PATTERNS.program });
export const IndicatorId = Type.String({ pattern: PATTERNS.indicator });
export const CategoryCode = Type.String({ pattern: PATTERNS.category });
export const KecamatanCode = Type.String({ pattern: PATTERNS.kecamatan });
export const AreaCode = Type.String({ pattern: PATTERNS.area, description: 'kelurahan or kecamatan code' });
export const Uuid = Type.String({ format: 'uuid' });
export const DateString = Type.String({ format: 'date' });
/** The version a write was based on (optimistic locking: a stale one is answered with 409). */
export const Version = Type.Integer({ minimum: 1 });

/** `:id` of a household, step, need or job. */
export const IdParams = Type.Object({ id: Uuid });

/** The field, or null (a cleared value). */
export const Nullable = <T extends TSchema>(schema: T, options?: SchemaOptions) =>
  Type.Union([schema, Type.Null()], options);

const literals = <V extends string>(values: readonly V[]) => values.map((v) => Type.Literal(v));

/** kelurahan or kecamatan. */
export const Level = Type.Union(literals(AREA_LEVELS));
/** kelurahan, kecamatan or city. */
export const IndicatorLevel = Type.Union(literals(INDICATOR_LEVELS), { default: 'kelurahan' });

/**
 * A request field taking one code of a list (server/domain/code-lists.ts): any other value is refused with the
 * allowed ones named. Its static type is the literal union of the list's codes.
 */
export function Codes<L extends CodeListName>(list: L, options?: SchemaOptions) {
  return Type.Union<TLiteral<CodeOf<L>>[]>(literals(codesOf(list)), options);
}

/**
 * An answer field holding a code: serialized as a plain string (the database's CHECK constraints keep it in the
 * list), the list named in the OpenAPI document, typed as the literal union.
 */
export function CodeField<L extends CodeListName>(list: L, options?: SchemaOptions) {
  return Type.Unsafe<CodeOf<L>>(Type.String({ enum: CODE_LISTS[list].map((c) => c.code), ...options }));
}

/** The language of a downloaded file, for links that cannot send Accept-Language (default: Indonesian). */
export const DownloadLang = Type.Optional(
  Type.Union(literals(LANGS), {
    description:
      'language of a CSV/XLSX download (title line, headers, labels): id or en; else Accept-Language; else id. ' +
      'Error messages follow it too.',
  }),
);

/** A point in WGS 84 (a household's location, a candidate site). */
export const LonLat = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

/** A write's answer field by field: { field: [before, after] }. */
export const Changes = Type.Record(Type.String(), Type.Unknown(), { description: 'field: [before, after]' });
