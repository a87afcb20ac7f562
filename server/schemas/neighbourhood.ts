// Below the kelurahan, for staff: the RT/RW table of the indicators (#20 item 5).
import { Type, type Static } from '@sinclair/typebox';
import { PeriodCode, Nullable } from './common.ts';

const Cell = Type.Object({
  numerator: Type.Integer(),
  denominator: Nullable(Type.Integer()),
  value: Nullable(Type.Number(), { description: 'null when the denominator is 0' }),
});

const RtRow = Type.Object({
  rt: Nullable(Type.Integer(), { description: 'null: not recorded (or, for an RW row, the whole RW)' }),
  households: Type.Integer(),
  persons: Type.Integer(),
  values: Type.Record(Type.String(), Cell, { description: 'indicator id → its value here' }),
});

export const RtRwTable = Type.Object({
  period: PeriodCode,
  kelurahan: Type.Object({ code: Type.String(), name: Type.String() }),
  indicators: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.Object({ id: Type.String(), en: Type.String() }),
      unit: Type.String(),
    }),
  ),
  total: RtRow,
  rws: Type.Array(
    Type.Intersect([
      RtRow,
      Type.Object({
        rw: Nullable(Type.Integer(), { description: 'null: not recorded' }),
        rts: Type.Array(RtRow),
      }),
    ]),
  ),
});
export type RtRwTableAnswer = Static<typeof RtRwTable>;
