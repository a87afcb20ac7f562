// The choropleth's derivation from indicator values to what the map and its legends draw: classes, fills,
// feature states, pattern marks, legend rows and the areas counted apart; and the map's layer specs.
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../web/src/lib/api.ts';
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from '../../web/src/lib/map/base-style.ts';
import {
  classifyFigures,
  countedOver,
  figureOf,
  fillsOf,
  fillStates,
  legendEntries,
  legendRows,
  markedAreas,
  markOf,
  uncounted,
  type ChoroplethOptions,
} from '../../web/src/lib/map/choropleth.ts';
import { paletteColors } from '../../web/src/lib/map/classify.ts';
import { NO_CHANGE_COLOR } from '../../web/src/lib/map/diverging.ts';

const area = (code: string, value: number | null, extra: Partial<IndicatorValue> = {}): IndicatorValue => ({
  code,
  name: `Kelurahan ${code}`,
  value,
  numerator: null,
  denominator: null,
  suppressed: false,
  ...extra,
});
const square = (code: string): Feature<Polygon, { code: string; name: string }> => ({
  type: 'Feature',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  },
  properties: { code, name: code },
});
const opts = (o: Partial<ChoroplethOptions> = {}): ChoroplethOptions => ({
  method: 'quantile',
  classes: 5,
  palette: 'YlOrRd',
  change: false,
  ...o,
});
const total = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);

describe('skewed data', () => {
  // Counts of households where most kelurahan have none: quantile breaks would all fall on zero.
  const values = [
    ...Array.from({ length: 14 }, (_, i) => area(`z${i}`, 0)),
    area('a', 1),
    area('b', 2),
    area('c', 3),
    area('d', 8),
    area('e', 40),
    area('f', 120),
  ];
  const classes = classifyFigures(values, opts({ integer: true }));
  const fills = fillsOf(values, classes, false);

  it('never collapses into one colour: zero is a class of its own, breaks are whole numbers', () => {
    expect(classes.thresholds[0]).toBe(1);
    expect(classes.thresholds.every(Number.isInteger)).toBe(true);
    expect(classes.colors.length).toBeGreaterThanOrEqual(3);
    expect(classes.colors).toEqual(paletteColors('YlOrRd', classes.colors.length));
    expect(classes.counts[0]).toBe(14);
    expect(total(classes.counts)).toBe(values.length);
  });

  it('colours every zero with the lightest class and the largest with the darkest', () => {
    expect(new Set(values.slice(0, 14).map((v) => fills.get(v.code)))).toEqual(new Set([classes.colors[0]]));
    expect(fills.get('f')).toBe(classes.colors.at(-1));
    expect(fills.get('a')).not.toBe(classes.colors[0]);
    expect(fills.size).toBe(values.length);
  });

  it('labels the classes as ranges of whole numbers, each with its count', () => {
    const rows = legendEntries(classes, String, 'all');
    expect(rows[0]).toEqual({ color: classes.colors[0], range: '0', count: 14 });
    expect(rows.at(-1)!.range).toMatch(/^≥ \d+$/);
    expect(rows.some((r) => r.range.includes('.'))).toBe(false);
    expect(total(rows.map((r) => r.count))).toBe(values.length);
    expect(legendRows(classes, String, 'all')[0]).toEqual({ color: classes.colors[0], label: '0 (14)' });
  });
});

describe('suppressed areas', () => {
  const values = [
    area('a', 10),
    area('b', 20),
    area('c', 30),
    area('d', 40),
    // Suppressed: the value is withheld, or (an older answer) still present but not to be shown.
    area('s1', null, { suppressed: true }),
    area('s2', 35, { suppressed: true }),
  ];
  const classes = classifyFigures(values, opts({ classes: 4 }));
  const fills = fillsOf(values, classes, false);

  it('take the suppressed colour, whatever value they carry, and are not counted in any class', () => {
    expect(fills.get('s1')).toBe(SUPPRESSED_COLOR);
    expect(fills.get('s2')).toBe(SUPPRESSED_COLOR);
    expect(classes.colors).not.toContain(SUPPRESSED_COLOR);
    expect(total(countedOver(classes, values, false).counts)).toBe(4);
  });

  it('are hatched on the map and listed apart in the legend', () => {
    expect(markOf(fills.get('s1'))).toBe('suppressed');
    const marked = markedAreas(
      values.map((v) => square(v.code)),
      fills,
    );
    expect(marked.features.map((f) => [f.properties.code, f.properties.mark])).toEqual([
      ['s1', 'suppressed'],
      ['s2', 'suppressed'],
    ]);
    expect(uncounted(values, false)).toEqual({ noData: 0, suppressed: 2, coarsened: 0, uncertain: 0 });
  });
});

describe('areas without data', () => {
  const values = [area('a', 1.5), area('b', 2.5), area('c', 7), area('n', null)];
  const classes = classifyFigures(values, opts({ classes: 3 }));
  const fills = fillsOf(values, classes, false);
  const features = values.map((v) => square(v.code)).concat(square('missing'));

  it('get no fill, so the layer draws its no-data fallback, and are dotted', () => {
    expect(fills.has('n')).toBe(false);
    const states = fillStates(features, fills);
    expect(states.find((s) => s.id === 'n')).toEqual({ id: 'n', fill: null });
    // An area the answer does not mention at all is no data too, never a class colour.
    expect(states.find((s) => s.id === 'missing')).toEqual({ id: 'missing', fill: null });
    expect(states.find((s) => s.id === 'c')!.fill).toBe(classes.colors.at(-1));
    expect(markedAreas(features, fills).features.map((f) => f.properties)).toEqual([
      { code: 'n', name: 'n', mark: 'nodata' },
      { code: 'missing', name: 'missing', mark: 'nodata' },
    ]);
  });

  it('are counted apart from the classes', () => {
    expect(total(classes.counts)).toBe(3);
    expect(uncounted(values, false)).toEqual({ noData: 1, suppressed: 0, coarsened: 0, uncertain: 0 });
  });

  it('a class colour carries no mark', () => {
    expect(markOf(classes.colors[0])).toBeUndefined();
    expect(markOf(undefined)).toBe('nodata');
    expect(NO_DATA_COLOR).not.toBe(SUPPRESSED_COLOR);
  });
});

describe('change maps (diverging)', () => {
  const values = [
    area('down2', 10, { change: -6 }),
    area('down1', 10, { change: -2 }),
    area('same1', 10, { change: 0 }),
    area('same2', 10, { change: 0 }),
    area('up1', 10, { change: 2 }),
    area('up2', 10, { change: 7 }),
    // A new area has no previous value, so no change to show, though it has a value.
    area('new', 10, { previous: null, change: null }),
  ];
  const classes = classifyFigures(values, opts({ change: true, integer: true }));
  const fills = fillsOf(values, classes, true);
  const mid = classes.thresholds.length / 2;

  it('colour by the change, not the value', () => {
    expect(figureOf(values[0]!, true)).toBe(-6);
    expect(figureOf(values[0]!, false)).toBe(10);
    expect(new Set(values.slice(0, 6).map((v) => fills.get(v.code))).size).toBeGreaterThan(2);
  });

  it('are symmetric about zero, with no change a class of its own in its own colour', () => {
    expect(classes.diverging).toBe(true);
    classes.thresholds.forEach((t, i) => expect(t).toBeCloseTo(-classes.thresholds.at(-1 - i)!, 9));
    expect(fills.get('same1')).toBe(NO_CHANGE_COLOR);
    expect(fills.get('same2')).toBe(NO_CHANGE_COLOR);
    expect(classes.counts[mid]).toBe(2);
    expect(legendEntries(classes, String, 'all', 'no change')[mid]!.range).toBe('no change');
  });

  it('put decreases on one side and increases on the other, deeper the larger they are', () => {
    const index = (code: string) => classes.colors.indexOf(fills.get(code)!);
    expect(index('down2')).toBeLessThan(index('down1'));
    expect(index('down1')).toBeLessThan(mid);
    expect(index('up1')).toBeGreaterThan(mid);
    expect(index('up2')).toBeGreaterThan(index('up1'));
  });

  it('treat an area without a previous period as no data', () => {
    expect(fills.has('new')).toBe(false);
    expect(uncounted(values, true)).toMatchObject({ noData: 1, suppressed: 0 });
    expect(uncounted(values, false)).toMatchObject({ noData: 0, suppressed: 0 });
  });
});

describe('a period split', () => {
  it('shares one classification but counts each map over its own areas', () => {
    const earlier = [area('a', 1), area('b', 2), area('c', 3)];
    const later = [area('a', 4), area('b', 5), area('c', 6)];
    const classes = classifyFigures([...earlier, ...later], opts({ classes: 2, method: 'equal' }));
    expect(total(classes.counts)).toBe(6);
    expect(countedOver(classes, earlier, false).counts).toEqual([3, 0]);
    expect(countedOver(classes, later, false).counts).toEqual([0, 3]);
    expect(countedOver(classes, later, false).thresholds).toEqual(classes.thresholds);
  });
});
