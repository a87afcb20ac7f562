// How the map draws coarsened kelurahan (suppressed, showing their kecamatan's published value) and values on a
// small base: the class colour of the kecamatan value under a cross-hatch, a lighter hatch over a class colour,
// never counted in the classes, listed apart in the legend and the PNG rows.
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../web/src/lib/api.ts';
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from '../../web/src/lib/map/base-style.ts';
import {
  apartRows,
  classifyFigures,
  countedOver,
  fillsOf,
  markedAreas,
  marksOf,
  middleColor,
  uncounted,
  type ChoroplethOptions,
} from '../../web/src/lib/map/choropleth.ts';
import { classOf } from '../../web/src/lib/map/classify.ts';
import { MARKS, OVERLAY_MARKS } from '../../web/src/lib/map/patterns.ts';

const area = (code: string, value: number | null, extra: Partial<IndicatorValue> = {}): IndicatorValue => ({
  code,
  name: code,
  value,
  numerator: null,
  denominator: null,
  suppressed: false,
  uncertain: false,
  coarsened: null,
  ...extra,
});
const hidden = (code: string, kecamatan: number | null): IndicatorValue =>
  area(code, null, {
    suppressed: true,
    coarsened: kecamatan === null ? null : { level: 'kecamatan', code: 'K', value: kecamatan },
  });
const square = (code: string): Feature<Polygon, { code: string }> => ({
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
  properties: { code },
});
const opts: ChoroplethOptions = { method: 'quantile', classes: 4, palette: 'YlOrRd', change: false };

describe('coarsened kelurahan', () => {
  const own = [area('a', 1), area('b', 2), area('c', 3), area('d', 4), area('u', 5, { uncertain: true })];
  // Many coarsened areas repeating one kecamatan value, far above the kelurahan's own values.
  const coarse = Array.from({ length: 12 }, (_, i) => hidden(`h${i}`, 100));
  const values = [...own, ...coarse, hidden('g', null), area('n', null)];
  const classes = classifyFigures(values, opts);

  it('are classified out: the breaks are those of the kelurahan own values alone', () => {
    expect(classes.thresholds).toEqual(classifyFigures(own, opts).thresholds);
    expect(countedOver(classes, values, false).counts.reduce((a, b) => a + b, 0)).toBe(own.length);
  });

  it('take the class colour of their kecamatan value; suppressed without one stay grey', () => {
    const fills = fillsOf(values, classes, false);
    expect(fills.get('h0')).toBe(classes.colors[classOf(100, classes.thresholds)]);
    expect(fills.get('h0')).not.toBe(SUPPRESSED_COLOR);
    expect(fills.get('g')).toBe(SUPPRESSED_COLOR);
    expect(fills.has('n')).toBe(false);
    // A change map has no kecamatan change to show: coarsened areas are plain suppressed there.
    expect(fillsOf(values, classes, true).get('h0')).toBe(SUPPRESSED_COLOR);
  });

  it('are cross-hatched, small bases lightly hatched, the rest marked by their fill', () => {
    const fills = fillsOf(values, classes, false);
    const marks = marksOf(values, false);
    const marked = markedAreas(values.map((v) => square(v.code)).concat(square('missing')), fills, marks);
    const byCode = new Map(marked.features.map((f) => [f.properties.code, f.properties.mark]));
    expect(byCode.get('h3')).toBe('coarsened');
    expect(byCode.get('u')).toBe('uncertain');
    expect(byCode.get('g')).toBe('suppressed');
    expect(byCode.get('n')).toBe('nodata');
    expect(byCode.get('missing')).toBe('nodata');
    expect(byCode.has('a')).toBe(false);
    expect(marksOf(values, true).get('h3')).toBe('suppressed');
  });

  it('are listed apart with their own counts; the legend and PNG rows say so in their words', () => {
    const apart = uncounted(values, false);
    expect(apart).toEqual({ noData: 1, suppressed: 1, coarsened: 12, uncertain: 1 });
    const words = { noData: 'nd', suppressed: 'sp', coarsened: 'kc', uncertain: 'pk' };
    const rows = apartRows(apart, words, middleColor(classes));
    expect(rows.map((r) => [r.mark, r.label, r.count])).toEqual([
      ['nodata', 'nd', 1],
      ['suppressed', 'sp', 1],
      ['coarsened', 'kc', 12],
      ['uncertain', 'pk', 1],
    ]);
    expect(rows[0]!.color).toBe(NO_DATA_COLOR);
    expect(rows[2]!.color).toBe(classes.colors[2]);
    // A map without coarsened or small-base areas lists only the two rows it always had.
    expect(apartRows(uncounted(own.slice(0, 4), false), words, '#fff').map((r) => r.mark)).toEqual([
      'nodata',
      'suppressed',
    ]);
  });

  it('has a pattern per mark, the coarsened and small-base ones drawn over a class colour', () => {
    expect(MARKS).toEqual(['suppressed', 'nodata', 'coarsened', 'uncertain']);
    expect([...OVERLAY_MARKS]).toEqual(['coarsened', 'uncertain']);
  });
});
