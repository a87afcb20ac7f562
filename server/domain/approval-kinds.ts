// Which kind of change a household edit is, for the approval policy (#20 item 1): a change's fields fall into
// groups a policy names one by one (desil needs a reviewer, an address typo does not). Pure; the services ask.
import type { CodeOf } from './code-lists.ts';

export type ApprovalKind = CodeOf<'approvalKind'>;
export type ProposalKind = CodeOf<'proposalKind'>;
export type ProposalStatus = CodeOf<'proposalStatus'>;

/** The group of each household field an edit may change (the names the edit's changes and audit rows use). */
const FIELD_GROUP: Readonly<Record<string, ApprovalKind>> = {
  desil: 'desil',
  desil_source: 'desil',
  address: 'address',
  rt: 'address',
  rw: 'address',
  location: 'location',
  unfit_house: 'housing',
  floor_area_m2: 'housing',
  lighting: 'housing',
  floor_type: 'housing',
  wall_type: 'housing',
  roof_type: 'housing',
  toilet: 'housing',
  water_source: 'housing',
  cooking_fuel: 'housing',
  ownership: 'housing',
};

/** The groups the changed fields belong to, in a stable order; a field of no group counts as housing. */
export function fieldGroupsOf(fields: Iterable<string>): ApprovalKind[] {
  const groups = new Set<ApprovalKind>();
  for (const f of fields) groups.add(FIELD_GROUP[f] ?? 'housing');
  return [...groups].sort();
}

/**
 * Whether a role's edits are checked by a reviewer at all. Only operators' are: the maker–checker rule is that a
 * kelurahan's own data entry is checked by Dinsos, and admins are the Dinsos reviewers themselves (PRODUCT.md:
 * operators "propose changes for approval", admins approve), so an admin's edit is already the checked one. The
 * CLI and the system act for the city with the database's credentials.
 */
export const isReviewedRole = (role: string | null): boolean => role === 'operator';

/** Whether an edit touching these kinds waits for approval under a policy requiring `required`. */
export const needsApproval = (required: readonly string[], kinds: readonly ApprovalKind[]): boolean =>
  kinds.some((k) => required.includes(k));
