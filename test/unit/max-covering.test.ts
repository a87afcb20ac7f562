import { describe, expect, it } from 'vitest';
import { coverageSets, greedyMaxCover, type PlanarPoint } from '../../server/domain/max-covering.ts';

/** n points on a small circle around (x, y): a cluster of demand. */
const cluster = (x: number, y: number, n: number): PlanarPoint[] =>
  Array.from({ length: n }, (_, i) => ({
    x: x + 10 * Math.cos((2 * Math.PI * i) / n),
    y: y + 10 * Math.sin((2 * Math.PI * i) / n),
  }));

/** Every subset of size k, for a brute-force optimum. */
function* subsets(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield acc;
    return;
  }
  for (let i = start; i < n; i++) yield* subsets(n, k, i + 1, [...acc, i]);
}

describe('coverage sets', () => {
  it.each([
    { radius: 100, point: { x: 0, y: 100 }, inside: true }, // on the circle counts
    { radius: 100, point: { x: 71, y: 71 }, inside: false }, // 100.4 m
    { radius: 100, point: { x: 70, y: 70 }, inside: true }, // 99.0 m
    { radius: 250, point: { x: -249, y: 0 }, inside: true }, // a neighbouring bucket
    { radius: 250, point: { x: 0, y: -251 }, inside: false },
  ])('radius $radius, point $point.x,$point.y → $inside', ({ radius, point, inside }) => {
    const [set] = coverageSets([point], [{ x: 0, y: 0 }], radius);
    expect(set!.length).toBe(inside ? 1 : 0);
  });

  it('matches a brute-force distance check on scattered points', () => {
    const demand = Array.from({ length: 400 }, (_, i) => ({ x: (i * 7919) % 2000, y: (i * 104729) % 1700 }));
    const candidates = Array.from({ length: 30 }, (_, i) => ({ x: (i * 331) % 2000, y: (i * 587) % 1700 }));
    const sets = coverageSets(demand, candidates, 300);
    candidates.forEach((c, ci) => {
      const expected = demand.flatMap((p, i) => (Math.hypot(p.x - c.x, p.y - c.y) <= 300 ? [i] : []));
      expect([...sets[ci]!].sort((a, b) => a - b)).toEqual(expected);
    });
  });
});

describe('greedy maximal covering', () => {
  // Three clusters far apart (50, 30 and 20 points) and a candidate on each plus decoys between them.
  const demand = [...cluster(0, 0, 50), ...cluster(5000, 0, 30), ...cluster(0, 5000, 20)];
  const candidates: PlanarPoint[] = [
    { x: 2500, y: 2500 }, // reaches nothing
    { x: 0, y: 5000 },
    { x: 5000, y: 0 },
    { x: 0, y: 0 },
    { x: 0, y: 30 }, // same cluster as the previous one
  ];
  const sets = coverageSets(demand, candidates, 500);

  it.each([
    { k: 1, picks: [3], marginals: [50] },
    { k: 2, picks: [3, 2], marginals: [50, 30] },
    { k: 3, picks: [3, 2, 1], marginals: [50, 30, 20] },
    // Nothing left to add: stops instead of returning useless sites.
    { k: 5, picks: [3, 2, 1], marginals: [50, 30, 20] },
  ])('k = $k picks the known optimum $picks', ({ k, picks, marginals }) => {
    const result = greedyMaxCover(sets, demand.length, k);
    expect(result.map((p) => p.candidate)).toEqual(picks);
    expect(result.map((p) => p.marginal)).toEqual(marginals);
    expect(result.at(-1)!.cumulative).toBe(marginals.reduce((a, b) => a + b, 0));
  });

  it('counts reach separately from the marginal gain of overlapping sites', () => {
    const overlapping = [Int32Array.from([0, 1, 2, 3]), Int32Array.from([2, 3, 4]), Int32Array.from([5])];
    expect(greedyMaxCover(overlapping, 6, 3)).toEqual([
      { candidate: 0, marginal: 4, reach: 4, cumulative: 4 },
      { candidate: 1, marginal: 1, reach: 3, cumulative: 5 },
      { candidate: 2, marginal: 1, reach: 1, cumulative: 6 },
    ]);
  });

  it('breaks ties by candidate order, so the answer is reproducible', () => {
    const tied = [Int32Array.from([0]), Int32Array.from([1]), Int32Array.from([2])];
    expect(greedyMaxCover(tied, 3, 2).map((p) => p.candidate)).toEqual([0, 1]);
  });

  it('equals the brute-force optimum on random instances without overlap', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const sizes = Array.from({ length: 7 }, (_, i) => ((seed * 31 + i * 17) % 9) + 1);
      let next = 0;
      const disjoint = sizes.map((n) => Int32Array.from({ length: n }, () => next++));
      let best = 0;
      for (const s of subsets(disjoint.length, 3))
        best = Math.max(
          best,
          s.reduce((a, i) => a + sizes[i]!, 0),
        );
      expect(greedyMaxCover(disjoint, next, 3).at(-1)!.cumulative).toBe(best);
    }
  });
});
