// Schemas several routes share.
import { Type } from '@sinclair/typebox';

/** A semester period code such as 2025-07. */
export const PeriodCode = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'period, e.g. 2025-07',
});
