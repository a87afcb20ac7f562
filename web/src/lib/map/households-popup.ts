// A click on a household point asks the API for that household's masked summary (an audited read) and offers
// its record (#records/<id>). Apart from households-layer.ts because it needs MapLibre's Popup at run time:
// the legend and the keyboard list import that module on the first screen, before MapLibre has loaded.
import { Popup, type Map as MapLibreMap } from 'maplibre-gl';
import { router } from '../app/router.svelte';
import { i18n } from '../i18n.svelte';
import { householdAtPoint, POINT_LAYER } from './households-layer';

export function openHouseholdOnClick(map: MapLibreMap): void {
  const popup = new Popup({ closeButton: true, className: 'household-popup' });
  map.on('mouseenter', POINT_LAYER, () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('mouseleave', POINT_LAYER, () => (map.getCanvas().style.cursor = ''));
  map.on('click', POINT_LAYER, (e) => {
    const mapId = e.features?.[0]?.id;
    if (typeof mapId !== 'number') return;
    const content = document.createElement('div');
    const text = document.createElement('p');
    text.textContent = i18n.t('loadingShort');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'household-open';
    open.dataset.testid = 'household-open';
    open.textContent = i18n.t('hhOpenRecord');
    // The point carries a map number; the record's id comes with the summary.
    const household = householdAtPoint(map, mapId);
    open.addEventListener('click', () => {
      household.then(
        (h) => {
          popup.remove();
          router.go('records', h.id);
        },
        () => undefined, // the summary's line already says why
      );
    });
    content.append(text, open);
    popup.setLngLat(e.lngLat).setDOMContent(content).addTo(map);
    open.focus();
    household
      .then(
        (h) =>
          (text.textContent = `${i18n.t('kk')} ${h.kk} · ${h.kelurahan} RT ${h.rt ?? '–'}/RW ${h.rw ?? '–'} · ${i18n.t('desil')} ${h.desil ?? '–'} · ${i18n.t('membersCount', { n: h.members.length })}`),
      )
      .catch((err: unknown) => (text.textContent = err instanceof Error ? err.message : String(err)));
  });
}
