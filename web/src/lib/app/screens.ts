// Which screens each role may open: the header shows only these, and the app refuses the others. Each screen
// names the API route it cannot work without, and the server's access policy decides (the API enforces the same
// rules on every request; this only keeps people from screens they cannot use).
import type { Screen } from './router.svelte';
import { mayCall, type PolicyRoute } from '../types/roles';

type NavScreen = Exclude<Screen, 'login'>;

/** The route each screen cannot work without; null: anyone may open it. */
const NEEDS: Record<NavScreen, PolicyRoute | null> = {
  map: null,
  records: 'GET /api/v1/households',
  steps: 'GET /api/v1/steps',
  imports: 'POST /api/v1/imports',
  targeting: 'POST /api/v1/analysis/sites',
  audit: 'GET /api/v1/audit',
  users: 'GET /api/v1/users',
};

export function mayOpen(screen: Screen, role: string | undefined): boolean {
  if (screen === 'login') return role === undefined;
  const route = NEEDS[screen];
  return route === null || (role !== undefined && mayCall(route, role));
}

/** The screens in the header for this role, in order. */
export function screensFor(role: string | undefined): NavScreen[] {
  return (Object.keys(NEEDS) as NavScreen[]).filter((s) => mayOpen(s, role));
}
