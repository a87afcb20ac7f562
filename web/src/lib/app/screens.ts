// Which screens each role may open: the header shows only these, and the app refuses the others (the API
// enforces the same rules on every request; this only keeps people from screens they cannot use).
import type { Screen } from './router.svelte';

export type Role = 'admin' | 'planner' | 'opd' | 'operator';
type NavScreen = Exclude<Screen, 'login'>;

const ACCESS: Record<NavScreen, readonly Role[] | 'everyone'> = {
  map: 'everyone',
  records: ['admin', 'planner', 'operator'],
  steps: ['admin', 'planner', 'opd', 'operator'],
  targeting: ['admin', 'planner', 'opd'],
  audit: ['admin'],
};

export function mayOpen(screen: Screen, role: string | undefined): boolean {
  if (screen === 'login') return role === undefined;
  const who = ACCESS[screen];
  return who === 'everyone' || (role !== undefined && (who as readonly string[]).includes(role));
}

/** The screens in the header for this role, in order. */
export function screensFor(role: string | undefined): NavScreen[] {
  return (Object.keys(ACCESS) as NavScreen[]).filter((s) => mayOpen(s, role));
}
