// Fixed legend sets over HTTP (routes/legend-sets-routes.ts; the web reads the types with `import type`).
// The sizes here only keep hostile bodies out; the service refuses what cannot colour a map in the caller's
// language (too many breaks, not ascending, colours not one per class).
import { Type, type Static } from '@sinclair/typebox';
import { IndicatorId, Nullable, ProgramCode } from './common.ts';

const SIZE_CAP = 64;

export const LegendSetBody = Type.Object(
  {
    breaks: Type.Array(Type.Number(), { maxItems: SIZE_CAP }),
    colors: Type.Array(Type.String({ maxLength: 32 }), { maxItems: SIZE_CAP + 1 }),
    labels: Type.Optional(
      Type.Object(
        {
          id: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: SIZE_CAP + 1 })),
          en: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: SIZE_CAP + 1 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const LegendSetAnswer = Type.Object({
  indicator: Type.String(),
  program: Nullable(Type.String()),
  breaks: Type.Array(Type.Number()),
  colors: Type.Array(Type.String()),
  labels: Nullable(Type.Object({ id: Type.Array(Type.String()), en: Type.Array(Type.String()) })),
  savedAt: Type.String(),
  savedBy: Nullable(Type.Object({ username: Type.String(), displayName: Type.String() })),
});
export type LegendSetAnswer = Static<typeof LegendSetAnswer>;

export const LegendSetList = Type.Object({ sets: Type.Array(LegendSetAnswer) });

export const LegendSetParams = Type.Object({ indicator: IndicatorId });
export const LegendSetQuery = Type.Object(
  { program: Type.Optional(ProgramCode) },
  { additionalProperties: false },
);
