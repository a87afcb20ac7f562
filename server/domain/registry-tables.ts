// The registry tables of a period, parents before children (members reference households, disabilities
// reference members): the order for bulk loads and for carrying a period forward.
export const REGISTRY_TABLE_ORDER = [
  'households',
  'members',
  'member_disabilities',
  'household_problems',
  'household_needs',
  'handling_steps',
  'enrolments',
] as const;

export type RegistryTable = (typeof REGISTRY_TABLE_ORDER)[number];
