// The households layer from the role-gated tile endpoint: clusters (count, poor) below zoom 16, points (id,
// desil only) from 16. Clicking a point asks the API for that household's masked summary (an audited read).
import { Popup, type Map as MapLibreMap, type VectorTileSource } from 'maplibre-gl';
import { getJson } from '../api';
import { i18n } from '../i18n.svelte';

/**
 * Household symbols: magenta and near-black, which none of the choropleth palettes (YlOrRd, Blues, RdBu,
 * Viridis) use, with rims, so they stay visible on every class (shared with their legend).
 */
export const HOUSEHOLD_COLORS = {
  clusterLow: '#fde0ef',
  clusterHigh: '#8e0152',
  poor: '#c51b7d',
  other: '#1a1a1a',
};

const POINT_ZOOM = 16;

const tileUrl = (period: string) =>
  `${location.origin}/api/v1/tiles/households/{z}/{x}/{y}.mvt?period=${encodeURIComponent(period)}`;

interface HouseholdSummary {
  kk: string;
  kelurahan: string;
  rt: number | null;
  rw: number | null;
  address: string | null;
  desil: number | null;
  members: unknown[];
}

export function addHouseholdLayers(map: MapLibreMap, period: string): void {
  map.addSource('households', { type: 'vector', tiles: [tileUrl(period)], minzoom: 10, maxzoom: POINT_ZOOM });
  map.addLayer({
    id: 'household-clusters',
    type: 'circle',
    source: 'households',
    'source-layer': 'clusters',
    maxzoom: POINT_ZOOM,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'households']], 1, 2, 30, 14],
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
      'circle-opacity': 0.85,
      'circle-stroke-color': '#1f2933',
      'circle-stroke-width': 1,
    },
  });
  map.addLayer({
    id: 'household-points',
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
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  const popup = new Popup({ closeButton: true, className: 'household-popup' });
  map.on('click', 'household-points', (e) => {
    const id = e.features?.[0]?.properties.id as string | undefined;
    if (!id) return;
    const currentPeriod = new URL(
      (map.getSource('households') as VectorTileSource).tiles[0]!,
    ).searchParams.get('period')!;
    popup.setLngLat(e.lngLat).setText(i18n.t('loadingShort')).addTo(map);
    getJson<HouseholdSummary>(`/api/v1/households/${id}?period=${encodeURIComponent(currentPeriod)}`)
      .then((h) =>
        popup.setText(
          `${i18n.t('kk')} ${h.kk} · ${h.kelurahan} RT ${h.rt ?? '–'}/RW ${h.rw ?? '–'} · ${i18n.t('desil')} ${h.desil ?? '–'} · ${i18n.t('membersCount', { n: h.members.length })}`,
        ),
      )
      .catch((err: unknown) => popup.setText(err instanceof Error ? err.message : String(err)));
  });
}

export function setHouseholdPeriod(map: MapLibreMap, period: string): void {
  const source = map.getSource<VectorTileSource>('households');
  if (source && source.tiles[0] !== tileUrl(period)) source.setTiles([tileUrl(period)]);
}
