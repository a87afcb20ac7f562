// The boundary sets API's answer types, derived from the server's schemas with `import type` (nothing of the
// server reaches the bundle), so the screen cannot drift from what the API answers.
import type { Static } from '@sinclair/typebox';
import type * as B from '../../../../server/schemas/boundary.ts';

export type BoundarySet = Static<typeof B.BoundarySet>;
export type BoundaryReport = Static<typeof B.BoundaryReport>;
export type NamedArea = Static<typeof B.NamedArea>;
export type BoundarySetList = Static<typeof B.BoundarySetList>;
export type ActivateChoices = Static<typeof B.ActivateBody>;
/** The report's tables, one shown at a time. */
export type ReportPart = 'matched' | 'missing' | 'extra' | 'repaired';
