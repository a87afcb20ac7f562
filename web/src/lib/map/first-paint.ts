// The geometry of the first paint (#21 item 2): the map's areas as SVG paths in screen pixels, placed where
// MapLibre will draw them, so the hand-over from the SVG to the map moves nothing. MapLibre shows Web Mercator
// and fits its initial bounds (MapView: padding 24) by scaling the bounds' projected box into the container
// less the padding and centring its midpoint; this does the same. Framework-free and free of maplibre-gl (it is
// on the path to the first choropleth, which must not wait for MapLibre's 300 KB); unit-tested.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { BBox } from './bounds';

/** A point in degrees to screen pixels (x right, y down) of a container. */
export type Projection = (p: Position) => [number, number];

/** Web Mercator on the unit square: x 0..1 west to east, y 0..1 north to south (MapLibre's world, scaled). */
export function mercator([lon, lat]: Position): [number, number] {
  const sin = Math.sin((lat! * Math.PI) / 180);
  return [(lon! + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

/**
 * The projection that fits `bbox` into a `width` × `height` container with `padding` pixels on every side,
 * as MapLibre's fitBounds does (north up, no zoom limit reached at a city's scale).
 */
export function fitProjection(bbox: BBox, width: number, height: number, padding: number): Projection {
  const [x0, y0] = mercator([bbox[0], bbox[3]]);
  const [x1, y1] = mercator([bbox[2], bbox[1]]);
  const scale = Math.min(
    (width - 2 * padding) / Math.max(x1 - x0, 1e-12),
    (height - 2 * padding) / Math.max(y1 - y0, 1e-12),
  );
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return (p) => {
    const [x, y] = mercator(p);
    return [width / 2 + (x - cx) * scale, height / 2 + (y - cy) * scale];
  };
}

/**
 * An SVG path of a polygon or multipolygon, every ring closed, in tenths of a pixel (finer than the screen
 * shows; shorter strings than full precision). Drawn with fill-rule evenodd, holes need no winding order.
 */
export function pathOf(geometry: Polygon | MultiPolygon, project: Projection): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let d = '';
  for (const ring of polygons.flat()) {
    ring.forEach((p, i) => {
      const [x, y] = project(p);
      d += `${i === 0 ? 'M' : 'L'}${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}`;
    });
    d += 'Z';
  }
  return d;
}
