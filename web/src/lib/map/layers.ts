// The area map's MapLibre sources and layers as data, beside the map rather than inside its effects: the
// choropleth fills (their colour a feature state, so re-colouring never reloads the boundaries), the pattern
// marks of suppressed and no-data areas, outlines, the selected area's outline, labels, and an overlay (sites
// and their reach). Listed bottom to top; MapView adds them once the style has loaded. Unit-tested.
import type { FeatureCollection } from 'geojson';
import type {
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
} from 'maplibre-gl';
import type { AreaCollection } from '../api';
import { COLORS, NO_DATA_COLOR } from './base-style';

export type AreaLevel = 'kelurahan' | 'kecamatan';
export const AREA_LEVELS: readonly AreaLevel[] = ['kelurahan', 'kecamatan'];

/** The layers that take an area's colour, one per level; only the level shown is visible. */
export const fillLayerId = (level: AreaLevel) => `${level}-fill` as const;

/** The selected area's outline: a white casing under a dark line, so it stands out on every class. */
export const highlightLayerIds = (level: AreaLevel) =>
  [`${level}-highlight-casing`, `${level}-highlight`] as const;

/** The filter that outlines one area (the empty code outlines none). */
export const highlightFilter = (code: string): FilterSpecification => ['==', ['get', 'code'], code];

/** Sources that start empty and are filled from the component's props. */
export const MARKS_SOURCE = 'marks';
export const OVERLAY_SOURCE = 'overlay';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function areaSources(
  kelurahan: AreaCollection,
  kecamatan: AreaCollection,
): Record<AreaLevel | typeof MARKS_SOURCE | typeof OVERLAY_SOURCE, GeoJSONSourceSpecification> {
  return {
    // promoteId: feature states are keyed by the area's code.
    kelurahan: { type: 'geojson', data: kelurahan, promoteId: 'code' },
    kecamatan: { type: 'geojson', data: kecamatan, promoteId: 'code' },
    [MARKS_SOURCE]: { type: 'geojson', data: empty() },
    [OVERLAY_SOURCE]: { type: 'geojson', data: empty() },
  };
}

/**
 * An area's fill: its feature state, else the fallback — no data on a choropleth, plain land on a map
 * without one (a white city would read as "no data everywhere").
 */
export const fillColor = (fallback: string): ExpressionSpecification => [
  'coalesce',
  ['feature-state', 'fill'],
  fallback,
];

const POLYGONS: FilterSpecification = ['==', ['geometry-type'], 'Polygon'];
const POINTS: FilterSpecification = ['==', ['geometry-type'], 'Point'];
/** Kelurahan names from this zoom on, kecamatan names below it: never both at once. */
const KELURAHAN_LABEL_ZOOM = 12.5;

export function areaLayers(opts: { choropleth: boolean }): LayerSpecification[] {
  const highlights = AREA_LEVELS.flatMap((level): LayerSpecification[] => {
    const [casing, line] = highlightLayerIds(level);
    return [
      {
        id: casing,
        type: 'line',
        source: level,
        filter: highlightFilter(''),
        paint: { 'line-color': '#ffffff', 'line-width': 7 },
      },
      {
        id: line,
        type: 'line',
        source: level,
        filter: highlightFilter(''),
        paint: { 'line-color': COLORS.highlight, 'line-width': 3.5 },
      },
    ];
  });
  return [
    {
      id: fillLayerId('kelurahan'),
      type: 'fill',
      source: 'kelurahan',
      paint: { 'fill-color': fillColor(opts.choropleth ? NO_DATA_COLOR : COLORS.land) },
    },
    {
      id: fillLayerId('kecamatan'),
      type: 'fill',
      source: 'kecamatan',
      layout: { visibility: 'none' },
      paint: { 'fill-color': fillColor(NO_DATA_COLOR) },
    },
    // Suppressed and no-data areas: a pattern over their fill (the marks source holds only those areas).
    {
      id: 'marks-fill',
      type: 'fill',
      source: MARKS_SOURCE,
      paint: { 'fill-pattern': ['concat', 'mark-', ['get', 'mark']] },
    },
    {
      id: 'kelurahan-line',
      type: 'line',
      source: 'kelurahan',
      paint: { 'line-color': COLORS.kelurahanLine, 'line-width': 0.8 },
    },
    {
      id: 'kecamatan-line',
      type: 'line',
      source: 'kecamatan',
      paint: { 'line-color': COLORS.kecamatanLine, 'line-width': 2 },
    },
    ...highlights,
    {
      id: 'kelurahan-label',
      type: 'symbol',
      source: 'kelurahan',
      minzoom: KELURAHAN_LABEL_ZOOM,
      layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'], 'text-size': 11 },
      paint: { 'text-color': COLORS.label, 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
    },
    {
      id: 'kecamatan-label',
      type: 'symbol',
      source: 'kecamatan',
      maxzoom: KELURAHAN_LABEL_ZOOM,
      layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'], 'text-size': 13 },
      paint: { 'text-color': COLORS.kecamatanLine, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
    {
      id: 'overlay-fill',
      type: 'fill',
      source: OVERLAY_SOURCE,
      filter: POLYGONS,
      paint: { 'fill-color': '#2166ac', 'fill-opacity': 0.15 },
    },
    {
      id: 'overlay-line',
      type: 'line',
      source: OVERLAY_SOURCE,
      filter: POLYGONS,
      paint: { 'line-color': '#2166ac', 'line-width': 1.5 },
    },
    {
      id: 'overlay-point',
      type: 'circle',
      source: OVERLAY_SOURCE,
      filter: POINTS,
      paint: {
        'circle-radius': 9,
        'circle-color': '#2166ac',
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'overlay-label',
      type: 'symbol',
      source: OVERLAY_SOURCE,
      filter: POINTS,
      layout: {
        'text-field': ['to-string', ['get', 'rank']],
        'text-font': ['Noto Sans Regular'],
        'text-size': 11,
      },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}
