// The imports API's answer types, derived from the route's own schemas with `import type` (nothing of the server
// reaches the bundle), so the screen cannot drift from what the API answers.
import type { Static } from '@sinclair/typebox';
import type * as R from '../../../../server/routes/imports-routes.ts';

export type ImportJob = Static<typeof R.Job>;
export type ImportJobList = Static<typeof R.JobList>;
export type RejectEntry = Static<typeof R.RejectAnswer>;
/** The kinds this screen uploads (boundaries have their own workflow). */
export type UploadKind = 'households' | 'enrolments';

export const finished = (job: ImportJob): boolean => job.status === 'succeeded' || job.status === 'failed';
