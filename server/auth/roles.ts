// Roles and the scopes that narrow them (PRODUCT.md): operators to kelurahan, OPD staff to programs.
export type Role = 'admin' | 'planner' | 'opd' | 'operator';
export const ROLES: readonly Role[] = ['admin', 'planner', 'opd', 'operator'];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Kelurahan codes an operator may work in (empty for other roles). */
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
  }
}

/** Roles that may see NIK/KK unmasked, when they ask explicitly and give a reason. */
export const UNMASK_ROLES: readonly Role[] = ['admin', 'operator'];
