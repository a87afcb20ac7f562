// The household tiles described for GIS clients: TileJSON 3.0.0 (where the tiles are, their zooms, extent
// and layers) and a MapLibre style drawing them like the web map (web/src/lib/map/households-layer.ts: the
// same colours and zoom split). QGIS's vector tile connection takes either URL, with its auth configuration
// sending the token in a header; the tile URLs carry the period only, never a token.

export const HOUSEHOLD_TILE_COLORS = {
  clusterLow: '#fde0ef',
  clusterHigh: '#8e0152',
  poor: '#c51b7d',
  other: '#1a1a1a',
} as const;

export interface TileSetOptions {
  /** The service's origin, e.g. https://sidaksos.example (tile URLs must be absolute for GIS clients). */
  origin: string;
  period: string;
  regionName: string;
  bounds: [number, number, number, number];
  minzoom: number;
  /** First zoom with household points; clusters below it. */
  pointZoom: number;
  poorDesilMax: number;
}

const tilesUrl = (o: TileSetOptions) =>
  `${o.origin}/api/v1/tiles/households/{z}/{x}/{y}.mvt?period=${encodeURIComponent(o.period)}`;

export const tileJsonUrl = (o: Pick<TileSetOptions, 'origin' | 'period'>) =>
  `${o.origin}/api/v1/tiles/households.json?period=${encodeURIComponent(o.period)}`;

export function householdTileJson(o: TileSetOptions) {
  const [w, s, e, n] = o.bounds;
  return {
    tilejson: '3.0.0',
    name: `Sidaksos households ${o.period}`,
    description: `${o.regionName}, period ${o.period}: clusters (households, poor) below zoom ${o.pointZoom}, household points (id, desil) from zoom ${o.pointZoom}. Person-level data: every point tile read is audited.`,
    version: '1.0.0',
    scheme: 'xyz',
    tiles: [tilesUrl(o)],
    minzoom: o.minzoom,
    maxzoom: o.pointZoom,
    bounds: [w, s, e, n],
    center: [(w + e) / 2, (s + n) / 2, Math.max(o.minzoom, 12)],
    vector_layers: [
      {
        id: 'clusters',
        description: 'Grid clusters of at least the small-cell threshold of households',
        minzoom: o.minzoom,
        maxzoom: o.pointZoom - 1,
        fields: { households: 'Number', poor: 'Number' },
      },
      {
        id: 'households',
        description:
          `Household locations; desil 1-${o.poorDesilMax} counts as poor; the feature id is the household's ` +
          'map number (GET /api/v1/households/by-map-id/{id} gives the record)',
        minzoom: o.pointZoom,
        maxzoom: o.pointZoom,
        fields: { desil: 'Number' },
      },
    ],
  };
}

export function householdStyle(o: TileSetOptions) {
  const c = HOUSEHOLD_TILE_COLORS;
  return {
    version: 8,
    name: `Sidaksos households ${o.period}`,
    metadata: { 'sidaksos:period': o.period },
    center: [(o.bounds[0] + o.bounds[2]) / 2, (o.bounds[1] + o.bounds[3]) / 2],
    zoom: 12,
    sources: { households: { type: 'vector', url: tileJsonUrl(o) } },
    layers: [
      {
        id: 'household-clusters',
        type: 'circle',
        source: 'households',
        'source-layer': 'clusters',
        maxzoom: o.pointZoom,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'households']], 1, 2, 30, 14],
          'circle-color': [
            'interpolate',
            ['linear'],
            ['/', ['get', 'poor'], ['max', ['get', 'households'], 1]],
            0,
            c.clusterLow,
            1,
            c.clusterHigh,
          ],
          'circle-opacity': 0.85,
          'circle-stroke-color': '#1f2933',
          'circle-stroke-width': 1,
        },
      },
      {
        id: 'household-points',
        type: 'circle',
        source: 'households',
        'source-layer': 'households',
        minzoom: o.pointZoom,
        paint: {
          'circle-radius': 5,
          'circle-color': [
            'case',
            ['<=', ['coalesce', ['get', 'desil'], 99], o.poorDesilMax],
            c.poor,
            c.other,
          ],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    ],
  };
}
