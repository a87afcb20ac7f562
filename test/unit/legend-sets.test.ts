// Fixed legend sets (#18 item 6) and the area panel's trend chart geometry (#18 item 5), both pure: a saved
// set classifies any period's values into its own classes (values beyond the breaks in the end classes, the
// counts adding up to every area with a figure), its labels replace the written ranges, and a suppressed
// period breaks the trend line instead of being drawn across.
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../web/src/lib/api.ts';
import { trendGeometry } from '../../web/src/lib/app/trend-chart.ts';
import { classifyFigures, fillsOf, legendEntries } from '../../web/src/lib/map/choropleth.ts';
import {
  bodyFrom,
  findSet,
  fixedClassification,
  sameClasses,
  type LegendSet,
} from '../../web/src/lib/map/legend-sets.ts';

const value = (code: string, v: number | null, suppressed = false): IndicatorValue => ({
  code,
  name: code,
  numerator: null,
  denominator: null,
  value: suppressed ? null : v,
  suppressed,
});

const SET: LegendSet = {
  indicator: 'poor_share',
  program: null,
  breaks: [10, 20, 30],
  colors: ['#ffffb2', '#fecc5c', '#fd8d3c', '#e31a1c'],
  labels: null,
  savedAt: '2026-12-02T10:00:00.000Z',
  savedBy: { username: 't.admin', displayName: 'Admin' },
};

describe('fixed legend sets', () => {
  it('puts values beyond the breaks in the end classes and counts every area with a figure', () => {
    const vs = [
      value('a', -5),
      value('b', 0),
      value('c', 10),
      value('d', 19.99),
      value('e', 30),
      value('f', 250),
      value('g', null),
      value('h', 12, true),
    ];
    const c = fixedClassification(SET, vs, 'id');
    expect(c.thresholds).toEqual([10, 20, 30]);
    expect(c.counts).toEqual([2, 2, 0, 2]);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(6); // 8 areas: one without a figure, one suppressed
    const fills = fillsOf(vs, c, false);
    expect(fills.get('a')).toBe('#ffffb2');
    expect(fills.get('f')).toBe('#e31a1c');
    expect(fills.has('g')).toBe(false);
  });

  it('classifies two periods with different spreads into the same classes and labels', () => {
    const july = Array.from({ length: 177 }, (_, i) => value(`k${i}`, i / 10));
    const december = Array.from({ length: 177 }, (_, i) => value(`k${i}`, 5 + i / 3));
    const a = fixedClassification(SET, july, 'en');
    const b = fixedClassification(SET, december, 'en');
    const fmt = (v: number) => String(v);
    const labels = (c: typeof a) => legendEntries(c, fmt, 'all').map((e) => e.range);
    expect(labels(a)).toEqual(labels(b));
    expect(labels(a)).toEqual(['< 10', '10 – < 20', '20 – < 30', '≥ 30']);
    expect(a.counts.reduce((x, y) => x + y, 0)).toBe(177);
    expect(b.counts.reduce((x, y) => x + y, 0)).toBe(177);
    expect(a.counts).not.toEqual(b.counts);
    // Computed classes of the same two periods differ: that is what the fixed set is for.
    const computed = (vs: IndicatorValue[]) =>
      classifyFigures(vs, { method: 'quantile', classes: 4, palette: 'YlOrRd', change: false });
    expect(sameClasses(computed(july), computed(december))).toBe(false);
  });

  it('uses the set’s own labels in the language asked, when it has them', () => {
    const labelled = {
      ...SET,
      labels: {
        id: ['rendah', 'sedang', 'tinggi', 'sangat tinggi'],
        en: ['low', 'mid', 'high', 'very high'],
      },
    };
    const fmt = (v: number) => String(v);
    expect(
      legendEntries(fixedClassification(labelled, [value('a', 25)], 'id'), fmt, '').map((e) => e.range),
    ).toEqual(['rendah', 'sedang', 'tinggi', 'sangat tinggi']);
    expect(legendEntries(fixedClassification(labelled, [value('a', 25)], 'en'), fmt, '')[2]).toEqual({
      color: '#fd8d3c',
      range: 'high',
      count: 1,
    });
  });

  it('finds the set of an indicator and program, and saves only classes that can be fixed', () => {
    const pkh = { ...SET, indicator: 'coverage_gap_share', program: 'pkh' };
    expect(findSet([SET, pkh], 'coverage_gap_share', 'pkh')).toBe(pkh);
    expect(findSet([SET, pkh], 'coverage_gap_share', 'bpnt')).toBeUndefined();
    expect(findSet([SET, pkh], 'poor_share', null)).toBe(SET);
    const c = classifyFigures(
      [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => value(`a${i}`, v)),
      {
        method: 'equal',
        classes: 4,
        palette: 'Blues',
        change: false,
      },
    );
    const body = bodyFrom(c)!;
    expect(body.breaks).toEqual(c.thresholds);
    expect(body.colors).toHaveLength(body.breaks.length + 1);
    expect(bodyFrom({ ...c, diverging: true })).toBeUndefined();
    expect(bodyFrom({ thresholds: [], colors: ['#fff'], counts: [3] })).toBeUndefined();
  });
});

describe('trend chart geometry', () => {
  const p = (period: string, value: number | null, city: number | null, suppressed = false) => ({
    period,
    value,
    suppressed,
    city,
    citySuppressed: false,
  });

  it('breaks the area line at a suppressed period and keeps the city line whole', () => {
    const g = trendGeometry(
      [
        p('2025-01', 10, 12),
        p('2025-02', 14, 13),
        p('2025-03', null, 14, true),
        p('2025-04', 20, 15),
        p('2025-05', 18, 16),
      ],
      280,
      120,
    );
    expect(g.area).toHaveLength(2);
    expect(g.city).toHaveLength(1);
    expect(g.city[0]!.split(' ')).toHaveLength(5);
    expect(g.areaDots).toHaveLength(4);
    expect(g.yMin).toBe(0);
    expect(g.yMax).toBe(20);
    // Higher values are higher on the chart (smaller y).
    expect(g.yOf(20)).toBeLessThan(g.yOf(10));
  });

  it('draws a lone value between gaps as a dot, not a line', () => {
    const g = trendGeometry(
      [p('2025-01', null, 5, true), p('2025-02', 7, 6), p('2025-03', null, 7, true)],
      280,
      120,
    );
    expect(g.area).toEqual([]);
    expect(g.areaDots).toHaveLength(1);
    expect(g.areaDots[0]!.x).toBe(g.x[1]);
  });
});
