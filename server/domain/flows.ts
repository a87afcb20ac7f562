// The flows between two period snapshots, in the order planners read them: into the register, out of and into
// poverty, moves within the city, and the ways out of the register. No imports, so the web bundles it as is.
export const FLOWS = [
  'entered',
  'left_poverty',
  'entered_poverty',
  'moved_in',
  'moved_out',
  'moved_away',
  'died',
  'left_registry',
] as const;
export type Flow = (typeof FLOWS)[number];
