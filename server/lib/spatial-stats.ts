// Global Moran's I: spatial autocorrelation of a value over areas with binary contiguity weights.
// Positive = like values cluster; ≈ −1/(n−1) = no pattern; negative = a checkerboard.

/** `neighbours[i]` lists the indices of the areas adjacent to area i (symmetric). */
export function moransI(values: readonly number[], neighbours: ReadonlyArray<readonly number[]>): number {
  const n = values.length;
  if (n < 3 || neighbours.length !== n)
    throw new Error('Moran\u2019s I needs at least 3 areas and one neighbour list per area');
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const dev = values.map((v) => v - mean);
  let cross = 0;
  let weightSum = 0;
  neighbours.forEach((list, i) => {
    for (const j of list) {
      cross += dev[i]! * dev[j]!;
      weightSum += 1;
    }
  });
  const variance = dev.reduce((a, d) => a + d * d, 0);
  if (weightSum === 0 || variance === 0) return Number.NaN;
  return (n / weightSum) * (cross / variance);
}
