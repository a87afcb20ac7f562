// Greedy maximal covering: choose k sites that together reach the most demand points within a radius.
// The greedy choice is the textbook (1 - 1/e) approximation for this NP-hard problem; it is exact whenever
// the sites' reaches do not overlap. Pure and framework-free: the caller supplies projected coordinates
// (metres) so that distances are plain Euclidean.

export interface PlanarPoint {
  x: number;
  y: number;
}

export interface CoverPick {
  /** Index into the candidate list. */
  candidate: number;
  /** Demand points this site adds beyond the sites picked before it. */
  marginal: number;
  /** Demand points within the radius of this site, whether or not already covered. */
  reach: number;
  /** Covered after this pick, all picks so far. */
  cumulative: number;
}

/** For each candidate, the indices of the demand points within `radius` (a bucket grid keeps it near linear). */
export function coverageSets(
  demand: readonly PlanarPoint[],
  candidates: readonly PlanarPoint[],
  radius: number,
): Int32Array[] {
  const buckets = new Map<string, number[]>();
  const key = (i: number, j: number) => `${i}:${j}`;
  demand.forEach((p, idx) => {
    const k = key(Math.floor(p.x / radius), Math.floor(p.y / radius));
    const list = buckets.get(k);
    if (list) list.push(idx);
    else buckets.set(k, [idx]);
  });
  const r2 = radius * radius;
  return candidates.map((c) => {
    const ci = Math.floor(c.x / radius);
    const cj = Math.floor(c.y / radius);
    const hits: number[] = [];
    for (let i = ci - 1; i <= ci + 1; i++)
      for (let j = cj - 1; j <= cj + 1; j++)
        for (const idx of buckets.get(key(i, j)) ?? []) {
          const dx = demand[idx]!.x - c.x;
          const dy = demand[idx]!.y - c.y;
          if (dx * dx + dy * dy <= r2) hits.push(idx);
        }
    return Int32Array.from(hits);
  });
}

/**
 * Picks up to k candidates greedily by marginal coverage (ties: the lower candidate index, so results are
 * reproducible). Stops early when no candidate adds anything. Lazy evaluation: a candidate's stored gain only
 * ever shrinks, so it is recomputed only when it could still be the best.
 */
export function greedyMaxCover(sets: readonly Int32Array[], demandCount: number, k: number): CoverPick[] {
  const covered = new Uint8Array(demandCount);
  const gain = sets.map((s) => s.length);
  const picks: CoverPick[] = [];
  const used = new Uint8Array(sets.length);
  let cumulative = 0;
  while (picks.length < k) {
    const order = [...gain.keys()].filter((i) => !used[i]).sort((a, b) => gain[b]! - gain[a]! || a - b);
    let best = -1;
    let bestGain = 0;
    for (const i of order) {
      if (gain[i]! < bestGain || (gain[i] === bestGain && best !== -1 && i > best)) break;
      let g = 0;
      for (const idx of sets[i]!) if (!covered[idx]) g++;
      gain[i] = g;
      if (g > bestGain || (g === bestGain && g > 0 && (best === -1 || i < best))) {
        best = i;
        bestGain = g;
      }
    }
    if (best === -1 || bestGain === 0) break;
    used[best] = 1;
    for (const idx of sets[best]!) covered[idx] = 1;
    cumulative += bestGain;
    picks.push({ candidate: best, marginal: bestGain, reach: sets[best]!.length, cumulative });
  }
  return picks;
}
