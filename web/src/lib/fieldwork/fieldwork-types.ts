// The verivali API's shapes as the staff screen uses them, from the server's own schemas (types only: nothing of
// the server reaches the bundle).
import type { Static } from '@sinclair/typebox';
import type * as V from '../../../../server/schemas/verivali.ts';

export type Progress = Static<typeof V.Progress>;
export type ProgressRow = Progress['rows'][number];
export type Assignment = Static<typeof V.Assignment>;
export type AssignmentList = Static<typeof V.AssignmentList>;
export type AssignAnswer = Static<typeof V.AssignAnswer>;
export type AssignBody = Static<typeof V.AssignBody>;
export type SelectionBody = Static<typeof V.SelectionBody>;
export type SelectionAnswer = Static<typeof V.SelectionAnswer>;
export type Verifier = Static<typeof V.VerifierList>['verifiers'][number];
export type VerifierList = Static<typeof V.VerifierList>;
