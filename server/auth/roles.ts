// Roles and the scopes that narrow them (PRODUCT.md): operators to kelurahan, OPD staff to programs.
export type Role = 'admin' | 'planner' | 'opd' | 'operator' | 'verifier';
export const ROLES: readonly Role[] = ['admin', 'planner', 'opd', 'operator', 'verifier'];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Kelurahan codes an operator may work in, or a verifier may be assigned in (empty for other roles). */
  kelurahan: string[];
  /** Program codes an OPD user works with (empty for other roles). */
  programs: string[];
}

/**
 * The row filter a repository applies for a user: undefined = no restriction. Repositories take this and
 * add it to their WHERE clauses, so a route that forgets to check still cannot return other areas' rows.
 */
export interface RowScope {
  kelurahan?: readonly string[];
  programs?: readonly string[];
}

export function rowScope(user: SessionUser): RowScope {
  switch (user.role) {
    case 'admin':
    case 'planner':
      return {};
    case 'operator':
      return { kelurahan: user.kelurahan };
    case 'opd':
      return { programs: user.programs, kelurahan: [] };
    case 'verifier':
      // Field verifiers (verivali) see only the households assigned to them, through the verivali routes alone;
      // to every registry repository they see no kelurahan, so no other route can ever list a record to them.
      return { kelurahan: [] };
  }
}

/** Roles that may see NIK/KK unmasked, when they ask explicitly and give a reason. */
export const UNMASK_ROLES: readonly Role[] = ['admin', 'operator'];
