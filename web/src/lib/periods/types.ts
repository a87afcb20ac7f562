// The periods screen's API types, derived from the server's schema (never retyped).
import type { Static } from '@sinclair/typebox';
import type * as S from '../../../../server/schemas/period.ts';

export type PeriodSummary = Static<typeof S.PeriodSummary>;
import type * as C from '../../../../server/schemas/cycle.ts';

export type KelurahanRecords = Static<typeof C.KelurahanRecords>;
export type KelurahanRecord = Static<typeof C.KelurahanRecord>;
export type BeritaAcara = Static<typeof C.BeritaAcara>;
export type CloseInput = Static<typeof C.CloseBody>;
