// The periods screen's API types, derived from the server's schema (never retyped).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../../../server/schemas/period.ts';

export type PeriodSummary = Static<typeof S.PeriodSummary>;
