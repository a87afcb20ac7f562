// Every screen but the map, loaded when first opened (a chunk of its own each, #21 item 2): the first screen
// then downloads only the map and its controls. Vite turns each import() into a separate hashed chunk.
import type { Component } from 'svelte';
import type { Screen } from './router.svelte';

type Loader = () => Promise<{ default: Component<any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const SCREEN_MODULES: Partial<Record<Screen, Loader>> = {
  login: () => import('../components/LoginForm.svelte'),
  audit: () => import('../components/AuditView.svelte'),
  users: () => import('../components/users/UsersView.svelte'),
  steps: () => import('../components/StepsView.svelte'),
  records: () => import('../components/RecordsView.svelte'),
  imports: () => import('../components/imports/ImportsView.svelte'),
  programs: () => import('../components/programs/ProgramsView.svelte'),
  periods: () => import('../components/periods/PeriodsView.svelte'),
  changes: () => import('../components/changes/ChangesView.svelte'),
  boundaries: () => import('../components/boundaries/BoundariesView.svelte'),
  targeting: () => import('../components/TargetingView.svelte'),
  tokens: () => import('../components/tokens/TokensView.svelte'),
  proposals: () => import('../components/proposals/ProposalsView.svelte'),
  verivali: () => import('../components/verivali/VerivaliView.svelte'),
  fieldwork: () => import('../components/fieldwork/FieldworkView.svelte'),
};

const loaded = new Map<Screen, Promise<{ default: Component<any> }>>(); // eslint-disable-line @typescript-eslint/no-explicit-any

/** The screen's module, fetched once (the same promise for every later visit). */
export function screenModule(screen: Screen) {
  let p = loaded.get(screen);
  if (!p) {
    p = SCREEN_MODULES[screen]!();
    loaded.set(screen, p);
  }
  return p;
}
