// The assign form's map selection (#20 item 3, "by map selection"): two corners of a drag become the box the API
// takes ([west, south, east, north], WGS 84), whichever way the drag went, and the box is drawn as a polygon.
// Pure, so the form, the map and a test share one rule.
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { BBox } from '../map/bounds';

export interface Corner {
  lng: number;
  lat: number;
}

/** The box spanned by two corners; undefined when it has no area (a click, not a drag). */
export function boxOf(a: Corner, b: Corner): BBox | undefined {
  const box: BBox = [
    Math.min(a.lng, b.lng),
    Math.min(a.lat, b.lat),
    Math.max(a.lng, b.lng),
    Math.max(a.lat, b.lat),
  ];
  return box[0] < box[2] && box[1] < box[3] ? box : undefined;
}

/** The box as a map layer's data (nothing when there is no box). */
export function boxFeatures(box: BBox | undefined): FeatureCollection<Polygon> {
  if (!box) return { type: 'FeatureCollection', features: [] };
  const [w, s, e, n] = box;
  const ring = [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
  const feature: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: [ring] },
  };
  return { type: 'FeatureCollection', features: [feature] };
}
