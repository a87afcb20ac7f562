import { describe, expect, it } from 'vitest';
import { moransI } from '../../server/lib/spatial-stats.ts';

/** Rook neighbours on a w × h grid. */
function grid(w: number, h: number): number[][] {
  const out: number[][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const list: number[] = [];
      if (x > 0) list.push(y * w + x - 1);
      if (x < w - 1) list.push(y * w + x + 1);
      if (y > 0) list.push((y - 1) * w + x);
      if (y < h - 1) list.push((y + 1) * w + x);
      out.push(list);
    }
  }
  return out;
}

describe("Moran's I", () => {
  const nb = grid(4, 4);
  it.each([
    [
      'a checkerboard is perfectly negative',
      Array.from({ length: 16 }, (_, i) => ((i % 4) + Math.floor(i / 4)) % 2),
      -1,
    ],
    ['two halves cluster strongly', Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 1 : 0)), 2 / 3],
  ])('%s', (_name, values, expected) => {
    expect(moransI(values, nb)).toBeCloseTo(expected, 10);
  });

  it('is NaN for a constant value and refuses mismatched input', () => {
    expect(moransI(new Array(16).fill(3), nb)).toBeNaN();
    expect(() => moransI([1, 2], [[1], [0]])).toThrow(/at least 3/);
  });
});
