// Roles and who may call what, from the server's own tables (server/auth/roles.ts and access-policy.ts: plain
// data with no imports but types), so a screen or a button shows for exactly the roles the API lets through.
// The API still checks every request; this only keeps people from controls they cannot use.
import { ACCESS_POLICY, allows } from '../../../../server/auth/access-policy.ts';
import { ROLES, UNMASK_ROLES, type Role } from '../../../../server/auth/roles.ts';

export { ROLES, UNMASK_ROLES };
export type { Role };

/**
 * A route as the access policy names it, e.g. 'PATCH /api/v1/households/:id'. The policy's keys are plain
 * strings, so a misspelt route is caught when it is asked (mayCall throws), not by the compiler.
 */
export type PolicyRoute = string;

export const isRole = (value: string | null | undefined): value is Role => ROLES.includes(value as Role);

/** Whether a user of `role` (undefined: not logged in) may call the route; unknown routes throw. */
export function mayCall(route: PolicyRoute, role: string | null | undefined): boolean {
  const access = ACCESS_POLICY[route];
  if (access === undefined) throw new Error(`no access policy for ${route}`);
  return allows(access, isRole(role) ? role : undefined);
}

/** The roles that may call the route. */
export const rolesFor = (route: PolicyRoute): Role[] => ROLES.filter((r) => mayCall(route, r));
