// The households layer from the role-gated tile endpoint: clusters (count, poor) below zoom 16, points from 16
// with only the desil and, as feature id, the household's map number (a third of a dense tile's bytes of the
// UUID it replaced). A click on a point opens its summary (households-popup.ts); keyboard users reach the
// same records from HouseholdPoints.svelte; both resolve the number through householdAtPoint. Types only from maplibre-gl: the legend and the keyboard list import
// this on the first screen, which must not wait for MapLibre.
import type { ExpressionSpecification, Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';
import { getJson } from '../api';
import { viewState } from '../view-state.svelte';

/**
 * Household symbols: magenta and near-black, which none of the choropleth palettes (YlOrRd, Blues, RdBu,
 * Viridis) use, with rims, so they stay visible on every class (shared with their legend).
 */
export const HOUSEHOLD_COLORS = {
  clusterLow: '#fde0ef',
  clusterHigh: '#8e0152',
  poor: '#c51b7d',
  other: '#1a1a1a',
  /** The white ring around clusters and points: with their dark rim, visible on dark and light classes. */
  halo: '#ffffff',
  rim: '#1f2933',
};

/**
 * The heat layer's ramp (magma, from matplotlib, colour-blind safe and readable in grey): transparent where
 * there are no households, dark purple to pale yellow where they are dense. Shared with its legend.
 */
export const HEAT_RAMP = ['#3b0f70', '#8c2981', '#de4968', '#fe9f6d', '#fcfdbf'];

export const HEAT_LAYER = 'household-heat';
const CLUSTER_LAYER = 'household-clusters';
const CLUSTER_HALO = 'household-clusters-halo';
const clusterRadius: ExpressionSpecification = [
  'interpolate',
  ['linear'],
  ['sqrt', ['get', 'households']],
  1,
  2,
  30,
  14,
];

export const POINT_ZOOM = 16;
export const POINT_LAYER = 'household-points';

const tileUrl = (period: string) =>
  `${location.origin}/api/v1/tiles/households/{z}/{x}/{y}.mvt?period=${encodeURIComponent(period)}`;

export function addHouseholdLayers(map: MapLibreMap, period: string): void {
  map.addSource('households', { type: 'vector', tiles: [tileUrl(period)], minzoom: 10, maxzoom: POINT_ZOOM });
  // Density of households from the same role-gated cluster tiles, each weighted by its households; under the
  // clusters, shown with the toggle in the households legend (roles that may see points only).
  map.addLayer({
    id: HEAT_LAYER,
    type: 'heatmap',
    source: 'households',
    'source-layer': 'clusters',
    maxzoom: POINT_ZOOM,
    layout: { visibility: viewState.view.heat ? 'visible' : 'none' },
    paint: {
      'heatmap-weight': ['interpolate', ['linear'], ['get', 'households'], 0, 0, 60, 1],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 15, 2],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 12, 15, 30],
      'heatmap-opacity': 0.75,
      'heatmap-color': [
        'interpolate',
        ['linear'],
        ['heatmap-density'],
        0,
        'rgba(0,0,0,0)',
        ...HEAT_RAMP.flatMap((c, i) => [0.15 + (0.85 * i) / (HEAT_RAMP.length - 1), c]),
      ] as ExpressionSpecification,
    },
  });
  // A white ring under each cluster (its own dark rim inside it): seen on the darkest class and the lightest.
  map.addLayer({
    id: CLUSTER_HALO,
    type: 'circle',
    source: 'households',
    'source-layer': 'clusters',
    maxzoom: POINT_ZOOM,
    paint: {
      'circle-radius': ['+', clusterRadius, 2],
      'circle-color': HOUSEHOLD_COLORS.halo,
      'circle-opacity': 0.9,
    },
  });
  map.addLayer({
    id: CLUSTER_LAYER,
    type: 'circle',
    source: 'households',
    'source-layer': 'clusters',
    maxzoom: POINT_ZOOM,
    paint: {
      'circle-radius': clusterRadius,
      // Share of poor households in the cluster, light to dark magenta: a hue no choropleth palette uses, with
      // a dark rim, so clusters stay visible on every class (red points vanished on dark-red areas).
      'circle-color': [
        'interpolate',
        ['linear'],
        ['/', ['get', 'poor'], ['max', ['get', 'households'], 1]],
        0,
        HOUSEHOLD_COLORS.clusterLow,
        1,
        HOUSEHOLD_COLORS.clusterHigh,
      ],
      'circle-opacity': 0.9,
      'circle-stroke-color': HOUSEHOLD_COLORS.rim,
      'circle-stroke-width': 1,
    },
  });
  map.addLayer({
    id: POINT_LAYER,
    type: 'circle',
    source: 'households',
    'source-layer': 'households',
    minzoom: POINT_ZOOM,
    paint: {
      'circle-radius': 5,
      'circle-color': [
        'case',
        ['<=', ['coalesce', ['get', 'desil'], 99], 4],
        HOUSEHOLD_COLORS.poor,
        HOUSEHOLD_COLORS.other,
      ],
      'circle-stroke-color': HOUSEHOLD_COLORS.halo,
      'circle-stroke-width': 1.5,
    },
  });
  // The halo and the heat follow the clusters' visibility, whoever sets it (the map's households toggle).
  map.on('styledata', () => syncHouseholdExtras(map));
}

/** The household points drawn in view (from POINT_ZOOM), each once: what the keyboard list offers. */
export function pointsInView(map: MapLibreMap): Array<{ mapId: number; desil: number | null }> {
  if (!map.getLayer(POINT_LAYER) || map.getZoom() < POINT_ZOOM) return [];
  if (map.getLayoutProperty(POINT_LAYER, 'visibility') === 'none') return [];
  const seen = new Map<number, number | null>();
  for (const f of map.queryRenderedFeatures({ layers: [POINT_LAYER] })) {
    const mapId = f.id;
    if (typeof mapId === 'number' && !seen.has(mapId))
      seen.set(mapId, (f.properties.desil as number | undefined) ?? null);
  }
  return [...seen].map(([mapId, desil]) => ({ mapId, desil }));
}

/** What a point's household summary says (masked, as GET /api/v1/households/:id). */
export interface HouseholdAtPoint {
  id: string;
  kk: string;
  kelurahan: string;
  rt: number | null;
  rw: number | null;
  address: string | null;
  desil: number | null;
  members: unknown[];
}

/** The household drawn as point `mapId`, in the period the tiles show: an audited, scoped read. */
export function householdAtPoint(map: MapLibreMap, mapId: number): Promise<HouseholdAtPoint> {
  const tiles = map.getSource<VectorTileSource>('households')?.tiles[0];
  const period = tiles ? new URL(tiles, location.href).searchParams.get('period') : null;
  const query = period ? `?period=${encodeURIComponent(period)}` : '';
  return getJson<HouseholdAtPoint>(`/api/v1/households/by-map-id/${mapId}${query}`);
}

export function setHouseholdPeriod(map: MapLibreMap, period: string): void {
  const source = map.getSource<VectorTileSource>('households');
  if (source && source.tiles[0] !== tileUrl(period)) source.setTiles([tileUrl(period)]);
}

function setVisible(map: MapLibreMap, id: string, on: boolean): void {
  const want = on ? 'visible' : 'none';
  if (map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== want)
    map.setLayoutProperty(id, 'visibility', want);
}

/** The clusters' halo with the clusters; the heat with them and the heat toggle (setting only what changes). */
export function syncHouseholdExtras(map: MapLibreMap): void {
  if (!map.getLayer(CLUSTER_LAYER)) return;
  const shown = map.getLayoutProperty(CLUSTER_LAYER, 'visibility') !== 'none';
  setVisible(map, CLUSTER_HALO, shown);
  setVisible(map, HEAT_LAYER, shown && viewState.view.heat);
}
