// Placing a house on the map, framework-free: whether a point lies in its kelurahan (before saving; the server
// checks again against the full boundary and refuses a point elsewhere), moving it by a few metres from the
// keyboard, and reading the coordinates an operator types (a decimal comma accepted).
import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface LonLat {
  lon: number;
  lat: number;
}

/** Even-odd ray casting over one ring (closed or not). */
function inRing(ring: Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point lies in the (multi)polygon: inside an outer ring and in none of its holes. */
export function contains(geometry: Polygon | MultiPolygon, p: LonLat): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some(
    ([outer, ...holes]) =>
      !!outer && inRing(outer, p.lon, p.lat) && !holes.some((h) => inRing(h, p.lon, p.lat)),
  );
}

const METRES_PER_DEGREE = 111_320;

/** Moves a point by metres east and north (small steps: the local flat approximation is exact enough). */
export function nudge(p: LonLat, eastMetres: number, northMetres: number): LonLat {
  const lat = p.lat + northMetres / METRES_PER_DEGREE;
  const lon = p.lon + eastMetres / (METRES_PER_DEGREE * Math.cos((p.lat * Math.PI) / 180));
  return round({ lon, lat });
}

/** Seven decimals: about a centimetre, more than any house needs, so the fields stay readable. */
export const round = (p: LonLat): LonLat => ({
  lon: Math.round(p.lon * 1e7) / 1e7,
  lat: Math.round(p.lat * 1e7) / 1e7,
});

/** Arrow keys move the marker: 5 m a press, 50 m with Shift; other keys are not the marker's. */
export function arrowStep(key: string, shift: boolean): [number, number] | undefined {
  const m = shift ? 50 : 5;
  const steps: Record<string, [number, number]> = {
    ArrowUp: [0, m],
    ArrowDown: [0, -m],
    ArrowLeft: [-m, 0],
    ArrowRight: [m, 0],
  };
  return steps[key];
}

/** A typed coordinate (decimal comma accepted); undefined unless it is a number within the range. */
export function parseCoordinate(text: string, max: number): number | undefined {
  const v = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(v) && Math.abs(v) <= max ? v : undefined;
}

/** The (multi)polygon's bounding box: [west, south, east, north]. */
export function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of polygons.flat())
    for (const [x, y] of ring as Array<[number, number]>) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  return [minX, minY, maxX, maxY];
}

/**
 * A point inside the (multi)polygon near its bounding box's centre: where the marker starts for a house without
 * a point (the centre itself can fall outside a bent kelurahan, so the nearest inside point of a grid).
 */
export function centreOf(geometry: Polygon | MultiPolygon): LonLat {
  const [minX, minY, maxX, maxY] = bboxOf(geometry);
  const centre = { lon: (minX + maxX) / 2, lat: (minY + maxY) / 2 };
  let best: LonLat | undefined;
  let bestDistance = Infinity;
  const n = 24;
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= n; j++) {
      const p = { lon: minX + ((maxX - minX) * i) / n, lat: minY + ((maxY - minY) * j) / n };
      const d = (p.lon - centre.lon) ** 2 + (p.lat - centre.lat) ** 2;
      if (d < bestDistance && contains(geometry, p)) [best, bestDistance] = [p, d];
    }
  return round(best ?? centre);
}

export function samePoint(a: LonLat | null, b: LonLat | null): boolean {
  return a === b || (!!a && !!b && a.lon === b.lon && a.lat === b.lat);
}
