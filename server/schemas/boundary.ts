// Boundary sets and their match reports as the API answers them (server/routes/boundaries-routes.ts); the web's
// boundaries screen derives its types from these.
import { Type } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A kelurahan by code with its name and its kecamatan's name (never a bare code on screen). */
export const NamedArea = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kecamatan: Type.String(),
});

export const BoundaryReport = Type.Object({
  fields: Type.Object({
    codeField: Nullable(Type.String()),
    nameField: Nullable(Type.String()),
    kecamatanField: Nullable(Type.String()),
  }),
  matched: Type.Array(
    Type.Composite([
      NamedArea,
      Type.Object({
        method: Type.String({ description: 'code or name' }),
        features: Type.Array(Type.Integer(), { description: '1-based feature numbers in the file' }),
      }),
    ]),
  ),
  missing: Type.Array(NamedArea),
  unmatched: Type.Array(
    Type.Object({
      feature: Type.Integer(),
      name: Nullable(Type.String()),
      reason: Type.Union([
        Type.Literal('noCodeNoName'),
        Type.Literal('codeNotInRegion'),
        Type.Literal('nameNotFound'),
      ]),
    }),
  ),
  ambiguous: Type.Array(
    Type.Object({
      feature: Type.Integer(),
      name: Nullable(Type.String()),
      candidates: Type.Array(NamedArea),
    }),
  ),
  repairs: Type.Array(
    Type.Composite([
      NamedArea,
      Type.Object({
        features: Type.Array(Type.Integer()),
        reason: Type.String({ description: 'ST_IsValidReason of the polygon as given' }),
      }),
    ]),
  ),
  overlaps: Type.Array(Type.Object({ a: NamedArea, b: NamedArea, m2: Type.Number() })),
});

export const BoundarySet = Type.Object({
  id: Type.String(),
  label: Type.String(),
  source: Type.String(),
  active: Type.Boolean(),
  importedAt: Type.String(),
  activatedAt: Nullable(Type.String()),
  kelurahan: Type.Integer({ description: 'kelurahan with a polygon in this set' }),
  report: Type.Union([BoundaryReport, Type.Null()]),
});

export const BoundarySetList = Type.Object({ sets: Type.Array(BoundarySet) });

export const ActivateBody = Type.Object(
  {
    acceptRepairs: Type.Boolean({ default: false }),
    allowPartial: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
