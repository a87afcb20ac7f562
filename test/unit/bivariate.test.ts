// The bivariate choropleth's pure part: tertiles per indicator that never collapse, the 3 × 3 scheme, fills,
// the square legend's cells, counts and axis labels, and the areas counted apart.
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../web/src/lib/api.ts';
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from '../../web/src/lib/map/base-style.ts';
import {
  BIVARIATE_COLORS,
  axisRanges,
  bivariateFills,
  classifyBivariate,
  legendCells,
  legendSpec,
  pairValues,
  tertileAxis,
  type Pair,
} from '../../web/src/lib/map/bivariate.ts';

const value = (code: string, v: number | null, suppressed = false): IndicatorValue =>
  ({ code, name: code, value: v, suppressed }) as IndicatorValue;

/** Relative luminance (WCAG), to check the scheme's ramps get darker along each axis. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('bivariate scheme', () => {
  it('has nine distinct colours, none the suppressed or no-data colour, darker towards high-high', () => {
    const all = BIVARIATE_COLORS.flat();
    expect(all).toHaveLength(9);
    expect(new Set(all).size).toBe(9);
    expect(all).not.toContain(SUPPRESSED_COLOR);
    expect(all).not.toContain(NO_DATA_COLOR);
    for (let i = 0; i < 3; i++)
      for (let j = 1; j < 3; j++) {
        expect(luminance(BIVARIATE_COLORS[i]![j]!)).toBeLessThan(luminance(BIVARIATE_COLORS[i]![j - 1]!));
        expect(luminance(BIVARIATE_COLORS[j]![i]!)).toBeLessThan(luminance(BIVARIATE_COLORS[j - 1]![i]!));
      }
  });
});

describe('tertiles', () => {
  it('cuts spread data into three classes of about a third each', () => {
    const values = Array.from({ length: 90 }, (_, i) => i);
    const axis = tertileAxis(values);
    expect(axis.thresholds).toHaveLength(2);
    expect(axis.positions).toEqual([0, 1, 2]);
    const counts = [0, 0, 0];
    for (const v of values) counts[v < axis.thresholds[0]! ? 0 : v < axis.thresholds[1]! ? 1 : 2]! += 1;
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(28);
  });

  it('does not collapse when most values tie (mostly zero): natural breaks take over', () => {
    const values = [...new Array<number>(60).fill(0), 1, 2, 3, 10, 11, 12, 30, 31];
    const axis = tertileAxis(values);
    expect(axis.thresholds.length).toBe(2);
    expect(
      new Set(values.map((v) => (v < axis.thresholds[0]! ? 0 : v < axis.thresholds[1]! ? 1 : 2))).size,
    ).toBe(3);
  });

  it('keeps zero apart and breaks on whole numbers for counts', () => {
    const axis = tertileAxis([0, 0, 0, 1, 2, 3, 4, 5, 8, 9, 12, 20], true);
    expect(axis.thresholds[0]).toBe(1);
    for (const t of axis.thresholds) expect(Number.isInteger(t)).toBe(true);
  });

  it('puts constant data in the middle, two classes at the ends', () => {
    expect(tertileAxis([4, 4, 4])).toEqual({ thresholds: [], integer: false, positions: [1] });
    expect(tertileAxis([1, 1, 1, 2, 2, 2]).positions).toEqual([0, 2]);
    expect(tertileAxis([])).toEqual({ thresholds: [], integer: false, positions: [1] });
  });
});

describe('bivariate classification', () => {
  const first = Array.from({ length: 30 }, (_, i) => value(`a${i}`, i));
  const second = Array.from({ length: 30 }, (_, i) => value(`a${i}`, (i * 7) % 30));
  const pairs: Pair[] = [
    ...pairValues(first, second),
    { code: 'hidden', x: 3, y: 4, suppressed: true },
    { code: 'empty', x: 3, y: null, suppressed: false },
  ];

  it('joins the two indicators by code; suppressed in either hides the pair', () => {
    const joined = pairValues(
      [value('1', 5), value('2', 6, true), value('3', 7)],
      [value('2', 1), value('1', 2), value('3', 1, true)],
    );
    expect(joined).toEqual([
      { code: '1', x: 5, y: 2, suppressed: false },
      { code: '2', x: 6, y: 1, suppressed: true },
      { code: '3', x: 7, y: 1, suppressed: true },
    ]);
    expect(pairValues([value('9', 1)], [])).toEqual([{ code: '9', x: 1, y: null, suppressed: false }]);
  });

  it('counts every shown area in exactly one cell and the rest apart', () => {
    const c = classifyBivariate(pairs);
    expect(c.counts.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(c.suppressed).toBe(1);
    expect(c.noData).toBe(1);
    // Suppressed and no-data areas do not shape the classes.
    expect(c.x).toEqual(tertileAxis(first.map((v) => v.value!)));
  });

  it('colours each area by its pair of classes; suppressed hatched, no data left to the fallback', () => {
    const c = classifyBivariate(pairs);
    const fills = bivariateFills(pairs, c);
    expect(fills.get('hidden')).toBe(SUPPRESSED_COLOR);
    expect(fills.has('empty')).toBe(false);
    // The lowest of both and the highest of both.
    expect(fills.get('a0')).toBe(BIVARIATE_COLORS[0]![0]);
    expect(fills.get('a29')).toBe(BIVARIATE_COLORS[2]![2]); // y = 29 * 7 % 30 = 23
    const used = new Set([...fills.values()].filter((f) => f !== SUPPRESSED_COLOR));
    const cells = legendCells(c);
    for (const colour of used) expect(cells.find((k) => k.color === colour)!.count).toBeGreaterThan(0);
  });

  it('lists nine legend cells, top row the second indicator’s high class, with counts', () => {
    const c = classifyBivariate(pairs);
    const cells = legendCells(c);
    expect(cells).toHaveLength(9);
    expect(cells[0]).toMatchObject({ x: 0, y: 2, color: BIVARIATE_COLORS[2]![0] });
    expect(cells[8]).toMatchObject({ x: 2, y: 0, color: BIVARIATE_COLORS[0]![2] });
    expect(cells.map((k) => k.count).reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('labels both axes with their ranges and titles', () => {
    const c = classifyBivariate(pairs);
    const fmt = (v: number) => v.toFixed(0);
    const spec = legendSpec(c, { x: 'Miskin (%)', y: 'Disabilitas (per 1.000)' }, { x: fmt, y: fmt }, 'all');
    expect(spec.xTitle).toBe('Miskin (%)');
    expect(spec.xRanges).toEqual([
      `< ${fmt(c.x.thresholds[0]!)}`,
      `${fmt(c.x.thresholds[0]!)} – < ${fmt(c.x.thresholds[1]!)}`,
      `≥ ${fmt(c.x.thresholds[1]!)}`,
    ]);
    expect(spec.noData).toBe(1);
    expect(axisRanges(tertileAxis([2, 2]), fmt, 'all')).toEqual([null, 'all', null]);
    expect(axisRanges(tertileAxis([0, 0, 0, 3, 5, 9], true), fmt, 'all')[0]).toBe('0');
  });
});
