// Split view: two maps that move together. A flag stops the echo of one map's jumpTo moving the other back.
import type { Map as MapLibreMap } from 'maplibre-gl';

export function syncMaps(a: MapLibreMap, b: MapLibreMap): () => void {
  let busy = false;
  const follow = (from: MapLibreMap, to: MapLibreMap) => () => {
    if (busy) return;
    busy = true;
    to.jumpTo({
      center: from.getCenter(),
      zoom: from.getZoom(),
      bearing: from.getBearing(),
      pitch: from.getPitch(),
    });
    busy = false;
  };
  const ab = follow(a, b);
  const ba = follow(b, a);
  a.on('move', ab);
  b.on('move', ba);
  ab(); // start aligned
  return () => {
    a.off('move', ab);
    b.off('move', ba);
  };
}
