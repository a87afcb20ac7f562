import { describe, expect, it } from 'vitest';
import { suppressCounts, type HierarchyCell } from '../../server/domain/suppression.ts';
import { createRandom } from '../../server/lib/random.ts';
import { disclosedCells } from '../support/disclosure.ts';

/** city → kecamatan → kelurahan with the given kelurahan counts; parents are the sums. */
function hierarchy(kel: Record<string, number[]>): HierarchyCell[] {
  const cells: HierarchyCell[] = [];
  let city = 0;
  for (const [kec, counts] of Object.entries(kel)) {
    const sum = counts.reduce((a, b) => a + b, 0);
    city += sum;
    cells.push({ code: kec, parent: 'city', count: sum });
    counts.forEach((n, i) => cells.push({ code: `${kec}.${i + 1}`, parent: kec, count: n }));
  }
  cells.push({ code: 'city', parent: null, count: city });
  return cells;
}

const disclosed = (cells: HierarchyCell[], suppressed: Set<string>) => disclosedCells(cells, suppressed);

describe('suppressCounts', () => {
  it.each<[string, Record<string, number[]>, string[]]>([
    ['nothing small: nothing hidden', { A: [20, 30], B: [15, 40] }, []],
    ['zeros are shown', { A: [0, 30], B: [15, 40] }, []],
    [
      'one small cell gets a complement (its smallest sibling)',
      { A: [4, 30, 12], B: [15, 40] },
      ['A.1', 'A.3'],
    ],
    ['two small siblings protect each other', { A: [4, 3, 30], B: [15, 40] }, ['A.1', 'A.2']],
    // A (5) is small and so is its one non-zero child (A = A.1 + 0: two unknowns, fine). The city relation then
    // needs a second hidden kecamatan (B, the smallest), and B must hide a child (B.1) or it is the sum of them.
    ['a small kecamatan', { A: [5, 0], B: [15, 40], C: [25, 60] }, ['A', 'A.1', 'B', 'B.1']],
  ])('%s', (_name, kel, expected) => {
    const cells = hierarchy(kel);
    const { suppressed } = suppressCounts(cells, 10);
    expect([...suppressed].sort()).toEqual(expected);
    expect(disclosed(cells, suppressed)).toEqual([]);
  });

  it('a small complement (denominator − count) makes a cell primary, and it gets a complementary cell', () => {
    const cells = hierarchy({ A: [25, 30, 12], B: [15, 40] }).map((c) => ({
      ...c,
      // A.2: 30 of 33 — the three others would be singled out.
      complements: c.code === 'A.2' ? [3] : [0, 20],
    }));
    const { suppressed, primary } = suppressCounts(cells, 10);
    expect([...primary]).toEqual(['A.2']);
    expect([...suppressed].sort()).toEqual(['A.2', 'A.3']);
    expect(disclosed(cells, suppressed)).toEqual([]);
  });

  it('the attack finds what primary suppression alone leaves open', () => {
    const cells = hierarchy({ A: [4, 30, 12], B: [15, 40] });
    expect(disclosed(cells, suppressCounts(cells, 10).primary)).toEqual(['A.1']);
  });

  it('never leaves a suppressed count recoverable from published totals (random hierarchies)', () => {
    const rng = createRandom(2024);
    for (let trial = 0; trial < 300; trial++) {
      const kel: Record<string, number[]> = {};
      const kecamatan = rng.int(2, 6);
      for (let k = 0; k < kecamatan; k++) {
        kel[`K${k}`] = Array.from({ length: rng.int(1, 6) }, () =>
          rng.chance(0.3) ? rng.int(0, 9) : rng.int(10, 80),
        );
      }
      const cells = hierarchy(kel);
      const { suppressed, primary } = suppressCounts(cells, 10);
      for (const c of cells) if (c.count > 0 && c.count < 10) expect(primary.has(c.code)).toBe(true);
      expect(disclosed(cells, suppressed), JSON.stringify(kel)).toEqual([]);
    }
  });
});
