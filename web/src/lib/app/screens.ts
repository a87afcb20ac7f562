// Which screens each role may open: the header shows only these, and the app refuses the others. Each screen
// names the API route it cannot work without, and the server's access policy decides (the API enforces the same
// rules on every request; this only keeps people from screens they cannot use).
import type { Screen } from './router.svelte';
import type { MessageKey } from '../i18n.svelte';
import { isRole, mayCall, type PolicyRoute } from '../types/roles';

type NavScreen = Exclude<Screen, 'login'>;
/** A screen any signed-in role may open (its data is public; the screen is for staff). */
const SIGNED_IN = 'signed-in';

/** The route each screen cannot work without; null: anyone may open it. In the header's order. */
const NEEDS: Record<NavScreen, PolicyRoute | null> = {
  map: null,
  records: 'GET /api/v1/households',
  // Usulan: reviewers decide, operators follow their kelurahan's proposals.
  proposals: 'GET /api/v1/proposals',
  // Verivali for staff: progress (planners too); admins and operators assign households to field verifiers.
  fieldwork: 'GET /api/v1/verivali/progress',
  // Field visits: the verifier's own screen (the only role that records visits).
  verivali: 'POST /api/v1/verivali/visits',
  steps: 'GET /api/v1/steps',
  targeting: 'POST /api/v1/analysis/sites',
  // Entries and exits between periods: aggregates (GET /api/v1/flows is public), a planning screen for staff.
  changes: SIGNED_IN,
  imports: 'POST /api/v1/imports',
  programs: 'PUT /api/v1/programs/:code/rule',
  periods: 'POST /api/v1/periods',
  boundaries: 'POST /api/v1/boundaries/imports',
  users: 'GET /api/v1/users',
  audit: 'GET /api/v1/audit',
  // Personal access tokens for QGIS and scripts: every signed-in role has its own.
  tokens: 'GET /api/v1/tokens',
};

/** Each screen's name in the header (short: the header stays one line). */
export const SCREEN_LABELS: Record<NavScreen, MessageKey> = {
  map: 'map',
  records: 'recordsTitle',
  proposals: 'propNav',
  fieldwork: 'fwNav',
  verivali: 'vvNav',
  steps: 'stepsNav',
  targeting: 'targetingTitle',
  changes: 'changesNav',
  imports: 'importsNav',
  programs: 'programsNav',
  periods: 'periods',
  boundaries: 'boundariesNav',
  users: 'usersNav',
  audit: 'auditTitle',
  tokens: 'tokensNav',
};

export function mayOpen(screen: Screen, role: string | undefined): boolean {
  if (screen === 'login') return role === undefined;
  const route = NEEDS[screen];
  if (route === SIGNED_IN) return isRole(role);
  return route === null || (role !== undefined && mayCall(route, role));
}

/** The screens in the header for this role, in order. */
export function screensFor(role: string | undefined): NavScreen[] {
  return (Object.keys(NEEDS) as NavScreen[]).filter((s) => mayOpen(s, role));
}
