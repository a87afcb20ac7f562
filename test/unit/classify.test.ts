import { describe, expect, it } from 'vitest';
import {
  classify,
  classLabels,
  decimalsFor,
  classOf,
  METHODS,
  paletteColors,
  PALETTES,
  thresholds,
} from '../../web/src/lib/map/classify.ts';
import { divergingClassification, NO_CHANGE_COLOR } from '../../web/src/lib/map/diverging.ts';

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

describe('honest defaults', () => {
  // 150 kelurahan with nothing, 27 with a few: the shape of leakage or unmet elderly care.
  const skewed = [
    ...new Array<number>(150).fill(0),
    1,
    1,
    1,
    2,
    2,
    3,
    3,
    4,
    5,
    5,
    6,
    7,
    8,
    9,
    11,
    12,
    14,
    15,
    18,
    20,
    22,
    25,
    28,
    30,
    33,
    40,
    52,
  ];

  it('never collapses a skewed indicator into one class: natural breaks take over from coinciding quantiles', () => {
    const c = classify(skewed, 'quantile', 5, 'YlOrRd');
    expect(c.thresholds.length).toBeGreaterThanOrEqual(3);
    expect(c.counts.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
  });

  it('gives zero a class of its own for counts, and whole-number breaks', () => {
    const c = classify(skewed, 'quantile', 5, 'YlOrRd', { integer: true });
    expect(c.thresholds[0]).toBe(1);
    expect(c.counts[0]).toBe(150);
    expect(c.thresholds.every((t) => Number.isInteger(t))).toBe(true);
    const labels = classLabels(c, String, 'all');
    expect(labels[0]).toBe('0');
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.some((l) => l.includes('.'))).toBe(false);
  });

  it('keeps counts whole even where values are large and spread', () => {
    const c = classify([3, 17, 48, 131, 132, 133, 250, 400, 401], 'equal', 4, 'Blues', { integer: true });
    expect(c.thresholds.every((t) => Number.isInteger(t))).toBe(true);
  });

  it('keeps one class for constant data and none for no data', () => {
    expect(classify([4, 4, 4], 'quantile', 5, 'YlOrRd', { integer: true }).thresholds).toEqual([]);
    expect(classify([], 'quantile', 5, 'YlOrRd').thresholds).toEqual([]);
  });

  it('works on tiny data', () => {
    const c = classify([0.2, 0.9], 'quantile', 5, 'YlOrRd');
    expect(c.thresholds.length).toBe(1);
    expect(c.counts).toEqual([1, 1]);
  });

  it('picks enough decimals that no two breaks read alike', () => {
    expect(decimalsFor([0.61, 0.64, 0.9])).toBe(2);
    expect(decimalsFor([1.5, 2.5, 3.5])).toBe(1);
    expect(decimalsFor([0.1234, 0.1235])).toBe(4);
  });

  it('handles negative changes without losing classes', () => {
    const change = [-12, -5, -3, -1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 9];
    const c = classify(change, 'quantile', 5, 'RdBu');
    expect(c.thresholds.length).toBeGreaterThanOrEqual(3);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(change.length);
  });
});

describe('change maps', () => {
  const change = [-12, -5, -3, -1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 9, 15];

  it('are symmetric about zero with "no change" a class of its own, coloured unlike no data', () => {
    const c = divergingClassification(change, 'quantile', 5);
    const mid = c.thresholds.length / 2;
    expect(c.colors).toHaveLength(c.thresholds.length + 1);
    c.thresholds.forEach((t, i) => expect(t).toBeCloseTo(-c.thresholds[c.thresholds.length - 1 - i]!, 9));
    expect(c.counts[mid]).toBe(8);
    expect(c.colors[mid]).toBe(NO_CHANGE_COLOR);
    expect(c.colors[mid]).not.toBe('#ffffff');
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(change.length);
    const labels = classLabels(c, String, 'all', 'no change');
    expect(labels[mid]).toBe('no change');
  });

  it('counts whole changes in whole-number classes', () => {
    const c = divergingClassification(change, 'quantile', 5, true);
    const labels = classLabels(c, String, 'all', 'no change');
    expect(labels.some((l) => l.includes('.'))).toBe(false);
    expect(labels[labels.length - 1]).toMatch(/^≥ \d+$/);
    expect(labels[0]).toMatch(/^≤ -\d+$/);
  });

  it('still has a no-change class when nothing changed', () => {
    const c = divergingClassification([0, 0, 0], 'quantile', 5);
    expect(c.counts[c.thresholds.length / 2]).toBe(3);
  });
});
