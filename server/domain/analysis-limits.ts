// Limits on the site recommender's inputs, in one place: the route schema, the service and the OpenAPI text
// use these. The recommender's work grows with k × candidates × demand, and grid candidates grow with the
// area over the radius squared, so each factor a caller controls is capped.
export const ANALYSIS_LIMITS = {
  /** Sites to choose (k). */
  maxSites: 50,
  /** Reach of a site, metres. */
  minRadius: 100,
  maxRadius: 5000,
  /** Candidate sites, from any source (a points list, grid cells, kelurahan). */
  maxCandidates: 2000,
} as const;

export const ANALYSIS_LIMITS_TEXT =
  `Limits: k 1–${ANALYSIS_LIMITS.maxSites}, radius ${ANALYSIS_LIMITS.minRadius}–${ANALYSIS_LIMITS.maxRadius} m, ` +
  `at most ${ANALYSIS_LIMITS.maxCandidates} candidate sites (a grid with more cells is refused: use a larger ` +
  'radius).';

/** How analyses are bounded while they run (server/lib/heavy-work.ts), for the OpenAPI descriptions. */
export const ANALYSIS_SLOT_TEXT =
  'One analysis (what-if or sites) per user at a time: a second one in parallel gets 429 with Retry-After. ' +
  'Its queries stop after ANALYSIS_STATEMENT_TIMEOUT_MS (503 analysis-timeout).';
