import { describe, expect, it } from 'vitest';
import {
  classify,
  classOf,
  METHODS,
  paletteColors,
  PALETTES,
  thresholds,
} from '../../web/src/lib/map/classify.ts';

const VALUES = [1, 2, 2, 3, 4, 5, 7, 9, 12, 20, 21, 22, 40, 41, 43, 80];

describe('thresholds', () => {
  it.each([
    ['equal', 4, [20.75, 40.5, 60.25]],
    ['pretty', 4, [20, 40, 60]],
    ['jenks', 3, [40, 80]], // optimal clusters: 1–22 | 40–43 | 80
  ] as const)('%s with %i classes', (method, classes, expected) => {
    expect(thresholds(VALUES, method, classes)).toEqual(expected);
  });

  it('quantile puts about the same number of areas in each class', () => {
    const c = classify(VALUES, 'quantile', 4, 'YlOrRd');
    expect(c.counts).toEqual([4, 4, 4, 4]);
  });

  it('stddev centres classes on the mean', () => {
    const ts = thresholds([0, 10, 20, 30, 40], 'stddev', 4);
    expect(ts[1]).toBeCloseTo(20, 10);
    expect(ts[2]! - ts[1]!).toBeCloseTo(Math.sqrt(200), 10);
  });

  it.each(METHODS)('%s copes with ties, one value and no values', (method) => {
    expect(thresholds([5, 5, 5], method, 5)).toEqual([]);
    expect(thresholds([], method, 5)).toEqual([]);
    const ts = thresholds([0, 0, 0, 0, 1, 100], method, 5);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(new Set(ts).size).toBe(ts.length);
  });

  it.each(METHODS.flatMap((m) => [3, 5, 9].map((k) => [m, k] as const)))(
    '%s gives at most %i classes',
    (method, k) => {
      expect(thresholds(VALUES, method, k).length).toBeLessThanOrEqual(k - 1);
    },
  );
});

describe('classOf', () => {
  it.each([
    [0, 0],
    [20, 1],
    [39.9, 1],
    [40, 2],
    [1000, 3],
  ])('%d → class %i', (v, c) => expect(classOf(v, [20, 40, 60])).toBe(c));
});

describe('palettes', () => {
  it.each(PALETTES.flatMap((p) => [3, 5, 9].map((n) => [p, n] as const)))(
    '%s gives %i distinct colours',
    (p, n) => {
      const colors = paletteColors(p, n);
      expect(colors).toHaveLength(n);
      expect(new Set(colors).size).toBe(n);
      for (const c of colors) expect(c).toMatch(/^(#[0-9a-f]{6}|rgb\(\d+, \d+, \d+\))$/);
    },
  );
});
