// Bounding boxes of area collections, for fitting the map to the city or a drilled-into kecamatan.
import type { LngLatBoundsLike } from 'maplibre-gl';
import type { AreaCollection } from '../api';

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

export function bboxOf(fc: AreaCollection): BBox {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of fc.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const ring of polys.flat()) {
      for (const [x, y] of ring) {
        minX = Math.min(minX, x!);
        minY = Math.min(minY, y!);
        maxX = Math.max(maxX, x!);
        maxY = Math.max(maxY, y!);
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

export function boundsOf(fc: AreaCollection): LngLatBoundsLike {
  return bboxOf(fc);
}
