// The area map's layer specs: every layer draws from a declared source, in the order that keeps patterns over
// fills, outlines over both, and labels and the overlay on top; fills fall back to "no data" on a choropleth.
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { AreaCollection } from '../../web/src/lib/api.ts';
import { COLORS, NO_DATA_COLOR } from '../../web/src/lib/map/base-style.ts';
import {
  AREA_LEVELS,
  areaLayers,
  areaSources,
  fillColor,
  fillLayerId,
  highlightFilter,
  highlightLayerIds,
  MARKS_SOURCE,
  OVERLAY_SOURCE,
} from '../../web/src/lib/map/layers.ts';

const collection = (name: string): AreaCollection => ({
  type: 'FeatureCollection',
  features: [],
  name,
  description: null,
  synthetic_people: true,
  boundary_set: null,
});
const kelurahan = collection('kelurahan');
const kecamatan = collection('kecamatan');
const sources = areaSources(kelurahan, kecamatan);
const layers = areaLayers({ choropleth: true });
const ids = layers.map((l) => l.id);
const sourceOf = (id: string) => {
  const l = layers.find((x) => x.id === id)!;
  return 'source' in l ? l.source : undefined;
};

describe('area map sources', () => {
  it('key feature states by area code and start the marks and overlay empty', () => {
    expect(sources.kelurahan).toEqual({ type: 'geojson', data: kelurahan, promoteId: 'code' });
    expect(sources.kecamatan).toEqual({ type: 'geojson', data: kecamatan, promoteId: 'code' });
    for (const id of [MARKS_SOURCE, OVERLAY_SOURCE])
      expect((sources[id as keyof typeof sources].data as FeatureCollection).features).toEqual([]);
  });
});

describe('area map layers', () => {
  it('each draw from a declared source, with unique ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(Object.keys(sources)).toContain(sourceOf(id));
  });

  it('stack fills, then patterns, then outlines, the selection, labels and the overlay', () => {
    const at = (id: string) => ids.indexOf(id);
    for (const level of AREA_LEVELS) {
      expect(at(fillLayerId(level))).toBeLessThan(at('marks-fill'));
      expect(at(`${level}-line`)).toBeGreaterThan(at('marks-fill'));
      const [casing, line] = highlightLayerIds(level);
      expect(at(casing)).toBeGreaterThan(at('kecamatan-line'));
      expect(at(line)).toBe(at(casing) + 1);
      expect(at(`${level}-label`)).toBeGreaterThan(at(line));
    }
    expect(ids.slice(-4)).toEqual(['overlay-fill', 'overlay-line', 'overlay-point', 'overlay-label']);
  });

  it('colour areas from their feature state, falling back to no data on a choropleth and to land without', () => {
    const paint = (choropleth: boolean) =>
      areaLayers({ choropleth }).find((l) => l.id === 'kelurahan-fill')!.paint as Record<string, unknown>;
    expect(paint(true)['fill-color']).toEqual(['coalesce', ['feature-state', 'fill'], NO_DATA_COLOR]);
    expect(paint(false)['fill-color']).toEqual(fillColor(COLORS.land));
    // The kecamatan level shows only when chosen; its areas without data are no data either way.
    const kec = areaLayers({ choropleth: false }).find((l) => l.id === 'kecamatan-fill')!;
    expect(kec.layout).toEqual({ visibility: 'none' });
    expect((kec.paint as Record<string, unknown>)['fill-color']).toEqual(fillColor(NO_DATA_COLOR));
  });

  it('outline nothing until an area is selected', () => {
    for (const level of AREA_LEVELS)
      for (const id of highlightLayerIds(level))
        expect(layers.find((l) => l.id === id)).toMatchObject({ source: level, filter: highlightFilter('') });
    expect(highlightFilter('33.74.02.1008')).toEqual(['==', ['get', 'code'], '33.74.02.1008']);
  });

  it('name kelurahan only where kecamatan names end, never both at one zoom', () => {
    const kel = layers.find((l) => l.id === 'kelurahan-label')!;
    const kec = layers.find((l) => l.id === 'kecamatan-label')!;
    expect(kel.minzoom).toBe(kec.maxzoom);
    expect(kel.maxzoom).toBeUndefined();
    expect(kec.minzoom).toBeUndefined();
  });
});
