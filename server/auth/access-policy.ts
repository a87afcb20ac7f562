// Who may call which route: one table, next to nothing else, read by the app at boot. Every API route must
// have an entry (the app refuses to start otherwise, and a matrix test calls every route as every role).
import type { Role } from './roles.ts';

/** 'public': anyone; 'authenticated': any logged-in user; otherwise the roles listed. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export const ACCESS_POLICY: Readonly<Record<string, Access>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/v1/regions/kelurahan': 'public',
  'GET /api/v1/regions/kecamatan': 'public',
  'GET /api/v1/stats/households': 'public',
  'GET /api/v1/periods': 'public',
  'POST /api/v1/periods': ['admin'],
  'POST /api/v1/periods/:code/finalize': ['admin'],
  // What finalizing would freeze: registry counts, no person (the periods screen's confirmation).
  'GET /api/v1/periods/:code/summary': ['admin'],
  // The kelurahan's part of the cycle: operators close and attach the berita acara of their own kelurahan
  // (the service answers 404 elsewhere); only admins reopen. The adoption report is staff figures.
  'GET /api/v1/periods/:code/kelurahan': ['admin', 'planner', 'operator'],
  'POST /api/v1/periods/:code/kelurahan/:kelurahan/close': ['admin', 'operator'],
  'POST /api/v1/periods/:code/kelurahan/:kelurahan/reopen': ['admin'],
  'GET /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara': ['admin', 'planner', 'operator'],
  'POST /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara': ['admin', 'operator'],
  'GET /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara/:id': ['admin', 'planner', 'operator'],
  'GET /api/v1/periods/:code/adoption-report': ['admin', 'planner'],
  'GET /api/v1/indicators': 'public',
  'GET /api/v1/indicators/:id': 'public',
  // The semester atlas: aggregates only, always the public (suppressed) figures, whoever asks.
  'GET /api/v1/atlas.pdf': 'public',
  // OGC API – Features (GIS clients): aggregates only; staff collections (unsuppressed) check for a signed-in
  // caller in the service and answer 401 otherwise, public ones give the public answer to everyone.
  'GET /api/v1/ogc': 'public',
  'GET /api/v1/ogc/conformance': 'public',
  'GET /api/v1/ogc/collections': 'public',
  'GET /api/v1/ogc/collections/:collectionId': 'public',
  'GET /api/v1/ogc/collections/:collectionId/schema': 'public',
  'GET /api/v1/ogc/collections/:collectionId/items': 'public',
  'GET /api/v1/ogc/collections/:collectionId/items/:featureId': 'public',
  'GET /api/v1/areas/:code/profile': 'public',
  'GET /api/v1/areas/:code/trend': 'public',
  // Below the kelurahan (RT/RW figures, the muskel list): staff who may see its records, never the public;
  // operators only in their kelurahan (the service answers 404 elsewhere).
  'GET /api/v1/areas/:code/rt-rw': ['admin', 'planner', 'operator'],
  'GET /api/v1/areas/:code/muskel.pdf': ['admin', 'planner', 'operator'],
  'POST /api/v1/areas/:code/muskel/decisions': ['admin', 'operator'],
  // Fixed legend sets are styling (breaks, colours, labels): anyone reads them, admins set them.
  'GET /api/v1/legend-sets': 'public',
  'PUT /api/v1/legend-sets/:indicator': ['admin'],
  'DELETE /api/v1/legend-sets/:indicator': ['admin'],
  'GET /api/v1/flows': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'authenticated',
  'GET /api/v1/auth/me': 'public',
  'GET /api/v1/households': ['admin', 'planner', 'operator'],
  'GET /api/v1/households/:id': ['admin', 'planner', 'operator'],
  'GET /api/v1/households/by-map-id/:mapId': ['admin', 'planner', 'operator'],
  'GET /api/v1/households/:id/identifiers': ['admin', 'operator'],
  // Registry work: operators in their kelurahan and admins change records; planners read the history.
  'POST /api/v1/households': ['admin', 'operator'],
  'PATCH /api/v1/households/:id': ['admin', 'operator'],
  'PATCH /api/v1/households/:id/members/:memberId': ['admin', 'operator'],
  'POST /api/v1/households/:id/members': ['admin', 'operator'],
  'POST /api/v1/households/:id/leave': ['admin', 'operator'],
  'GET /api/v1/households/:id/history': ['admin', 'planner', 'operator'],
  // Proposals (maker–checker): Dinsos reviewers (admins) decide; operators follow their kelurahan's proposals
  // and read the policy that decides which of their edits wait for review.
  'GET /api/v1/proposals': ['admin', 'operator'],
  'POST /api/v1/proposals/decisions': ['admin'],
  // Evidence (a photo of the house, a scanned letter): its maker attaches it, reviewers open it.
  'POST /api/v1/proposals/:id/evidence': ['admin', 'operator'],
  'GET /api/v1/proposals/:id/evidence/:evidenceId': ['admin', 'operator'],
  'GET /api/v1/approval-policy': ['admin', 'operator'],
  'PUT /api/v1/approval-policy': ['admin'],
  // Verivali field work: admins and operators (their kelurahan) assign households to field verifiers; a
  // verifier lists and visits only its own assignments (the only records it ever sees), staff follow progress.
  'POST /api/v1/verivali/assignments': ['admin', 'operator'],
  // How many households a selection covers, before assigning it: counts, no household (not person-level).
  'POST /api/v1/verivali/selection': ['admin', 'operator'],
  'DELETE /api/v1/verivali/assignments/:id': ['admin', 'operator'],
  'GET /api/v1/verivali/assignments': ['admin', 'operator', 'verifier'],
  'POST /api/v1/verivali/visits': ['verifier'],
  'GET /api/v1/verivali/progress': ['admin', 'planner', 'operator'],
  // Who may be handed work: staff names and kelurahan, no household (so not person-level).
  'GET /api/v1/verivali/verifiers': ['admin', 'operator'],
  'GET /api/v1/duplicates': ['admin', 'operator'],
  'POST /api/v1/households/:id/merge': ['admin', 'operator'],
  'POST /api/v1/households/:id/verify': ['admin', 'operator'],
  // Case plans: operators and admins plan steps; the OPD that owns a step's program updates it.
  'GET /api/v1/households/:id/case-plan': ['admin', 'planner', 'operator'],
  'POST /api/v1/households/:id/steps': ['admin', 'operator'],
  'POST /api/v1/households/:id/problems': ['admin', 'operator'],
  'POST /api/v1/households/:id/needs': ['admin', 'operator'],
  'PATCH /api/v1/needs/:id': ['admin', 'operator'],
  'PATCH /api/v1/steps/:id': ['admin', 'operator', 'opd'],
  'GET /api/v1/steps/overdue': ['admin', 'planner', 'opd', 'operator'],
  'GET /api/v1/steps': ['admin', 'planner', 'opd', 'operator'],
  // Household locations: never public; OPD staff work with aggregates and target lists instead.
  'GET /api/v1/tiles/households/:z/:x/:y.mvt': ['admin', 'planner', 'operator'],
  // Program names and rules are public information (no person-level data); OPD staff still see only theirs.
  'GET /api/v1/programs': 'public',
  'GET /api/v1/programs/:code/coverage': ['admin', 'planner', 'opd'],
  'PUT /api/v1/programs/:code/rule': ['admin'],
  // The rule editor: a rule checked as it is typed (nothing run) and the rule's history (from the audit log).
  'POST /api/v1/programs/:code/rule/check': ['admin'],
  'GET /api/v1/programs/:code/rule-history': ['admin'],
  // Person-level (masked, audited): the agencies that must reach the people, and planners.
  'GET /api/v1/programs/:code/targets': ['admin', 'planner', 'opd'],
  // Targeting tools answer with counts and site coordinates, never people; OPD staff for their programs only.
  'POST /api/v1/analysis/sites': ['admin', 'planner', 'opd'],
  'POST /api/v1/analysis/what-if': ['admin', 'planner', 'opd'],
  // Imports: admins anything, operators households and enrolment lists of their kelurahan (own jobs only).
  'POST /api/v1/imports': ['admin', 'operator'],
  'GET /api/v1/imports': ['admin', 'operator'],
  'GET /api/v1/imports/:id': ['admin', 'operator'],
  'GET /api/v1/imports/:id/rejects': ['admin', 'operator'],
  'GET /api/v1/imports/templates/:name': 'authenticated',
  // Boundary sets: admins upload a set (stored inactive with its match report) and switch the map to it.
  'POST /api/v1/boundaries/imports': ['admin'],
  'GET /api/v1/boundaries/sets': ['admin'],
  'GET /api/v1/boundaries/sets/:id': ['admin'],
  'POST /api/v1/boundaries/sets/:id/activate': ['admin'],
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/users': ['admin'],
  'POST /api/v1/users/:id/disable': ['admin'],
  'POST /api/v1/users/:id/enable': ['admin'],
  'POST /api/v1/users/:id/password': ['admin'],
  'GET /api/v1/audit': ['admin'],
  'GET /api/v1/audit/export': ['admin'],
  // Personal access tokens: every signed-in user manages their own (plugins/app/auth.ts refuses token-made
  // changes); admins list and revoke anyone's.
  'GET /api/v1/tokens': 'authenticated',
  'POST /api/v1/tokens': 'authenticated',
  'DELETE /api/v1/tokens/:id': 'authenticated',
  'GET /api/v1/admin/tokens': ['admin'],
  'DELETE /api/v1/admin/tokens/:id': ['admin'],
  // Household tiles for GIS clients (QGIS vector tiles with a token): the tiles' description and a style.
  'GET /api/v1/tiles/households.json': ['admin', 'planner', 'operator'],
  'GET /api/v1/tiles/households/style.json': ['admin', 'planner', 'operator'],
};

/** Routes outside the API (documentation, static files) that need no entry. */
export function needsPolicy(url: string): boolean {
  return url.startsWith('/api/v1/') || url === '/healthz' || url === '/readyz';
}

export function policyFor(method: string, url: string): Access | undefined {
  return ACCESS_POLICY[`${method} ${url}`];
}

export function allows(access: Access, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'authenticated' || access.includes(role);
}

/**
 * Routes that read, export or change data about individual people (names, NIK/KK, home locations, household
 * records, their handling steps, import files, the audit log). Each call writes an audit row in the same
 * transaction as its work, and each refused attempt on one writes a 'denied' row (plugins/app/auth.ts);
 * test/integration/audit-matrix.test.ts proves both for every route listed here.
 */
export const PERSON_LEVEL_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/households',
  'GET /api/v1/households/:id',
  'GET /api/v1/households/by-map-id/:mapId',
  'GET /api/v1/households/:id/identifiers',
  'GET /api/v1/households/:id/history',
  'GET /api/v1/proposals',
  'POST /api/v1/proposals/decisions',
  'POST /api/v1/proposals/:id/evidence',
  'GET /api/v1/proposals/:id/evidence/:evidenceId',
  'POST /api/v1/verivali/assignments',
  'DELETE /api/v1/verivali/assignments/:id',
  'GET /api/v1/verivali/assignments',
  'POST /api/v1/verivali/visits',
  'GET /api/v1/verivali/progress',
  'POST /api/v1/households',
  'PATCH /api/v1/households/:id',
  'PATCH /api/v1/households/:id/members/:memberId',
  'POST /api/v1/households/:id/members',
  'POST /api/v1/households/:id/leave',
  'GET /api/v1/duplicates',
  'POST /api/v1/households/:id/merge',
  'POST /api/v1/households/:id/verify',
  'GET /api/v1/households/:id/case-plan',
  'POST /api/v1/households/:id/steps',
  'POST /api/v1/households/:id/problems',
  'POST /api/v1/households/:id/needs',
  'PATCH /api/v1/needs/:id',
  'PATCH /api/v1/steps/:id',
  'GET /api/v1/steps/overdue',
  'GET /api/v1/steps',
  'GET /api/v1/tiles/households/:z/:x/:y.mvt',
  'GET /api/v1/programs/:code/targets',
  // Below the kelurahan: the meeting list names people; RT/RW cells count a handful of households.
  'GET /api/v1/areas/:code/rt-rw',
  'GET /api/v1/areas/:code/muskel.pdf',
  // The meeting's decisions name households; a signed berita acara shows names and signatures.
  'POST /api/v1/areas/:code/muskel/decisions',
  'GET /api/v1/periods/:code/kelurahan/:kelurahan/berita-acara/:id',
  'POST /api/v1/imports',
  'GET /api/v1/imports/:id/rejects',
  'GET /api/v1/audit',
  'GET /api/v1/audit/export',
]);

export function isPersonLevel(method: string, url: string): boolean {
  return PERSON_LEVEL_ROUTES.has(`${method} ${url}`);
}
