// Indicators: the catalogue, values by area (numerator, denominator, value, suppressed) and an area's profile.
// Every count that reaches the public passes the suppression path first; these are the shapes it leaves in.
import { Type } from '@sinclair/typebox';
import type { Unit } from '../domain/indicators.ts';
import { Nullable } from './common.ts';

// A record over Unit, so a unit added to the catalogue's type must be added here too.
const UNIT_NAMES: Record<Unit, true> = {
  households: true,
  persons: true,
  per_km2: true,
  percent: true,
  per_1000: true,
};
const UNITS = Object.keys(UNIT_NAMES) as Unit[];

/** GET /indicators: one entry of the catalogue. */
export const IndicatorDef = Type.Object({
  id: Type.String(),
  label: Type.Object({ id: Type.String(), en: Type.String() }),
  unit: Type.Unsafe<Unit>(Type.String({ enum: UNITS })),
  numerator: Type.String(),
  denominator: Nullable(Type.String()),
  higherIsWorse: Type.Boolean(),
  program: Type.Boolean(),
  levels: Type.Array(Type.String()),
});

/** A suppressed kelurahan's stand-in: its kecamatan's published value (domain/coarsening.ts). */
export const Coarsened = Type.Object({
  level: Type.Literal('kecamatan'),
  code: Type.String(),
  value: Type.Number(),
});

/** One area's value. */
export const IndicatorValue = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parent: Nullable(Type.String()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  value: Nullable(Type.Number(), { description: 'null: no denominator, or suppressed' }),
  suppressed: Type.Boolean(),
  uncertain: Type.Boolean({ description: 'a published value on a base below smallDenominator' }),
  coarsened: Nullable(Coarsened, {
    description: 'public kelurahan answers: the kecamatan value standing in for a suppressed kelurahan',
  }),
  previous: Type.Optional(Nullable(Type.Number())),
  change: Type.Optional(
    Nullable(Type.Number(), { description: 'value − previous (null if either is missing)' }),
  ),
});

/** GET /indicators/:id as JSON. */
export const IndicatorValues = Type.Object({
  indicator: Type.String(),
  period: Type.String(),
  level: Type.String(),
  program: Nullable(Type.String()),
  suppressed: Type.Boolean(),
  smallDenominator: Type.Integer(),
  uncertaintyBase: Nullable(Type.String(), { description: 'the count smallDenominator is compared with' }),
  values: Type.Array(IndicatorValue),
});

/** One figure of an area profile. */
export const AreaFigure = Type.Object({
  indicator: Type.String(),
  program: Nullable(Type.String()),
  value: Nullable(Type.Number()),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
});

/** GET /areas/:code/profile: key figures, unmet needs, program coverage and the trend of one area. */
export const AreaProfile = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parent: Nullable(Type.String()),
  period: Type.String(),
  figures: Type.Array(AreaFigure),
  needs: Type.Array(AreaFigure),
  programs: Type.Array(AreaFigure),
  trend: Type.Array(
    Type.Object({ period: Type.String(), value: Nullable(Type.Number()), suppressed: Type.Boolean() }),
  ),
});
