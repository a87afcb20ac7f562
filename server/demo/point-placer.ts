// Places synthetic households inside the official kelurahan polygons. The source has sliver gaps (0–5 m) and
// small overlaps between neighbours, so "inside its own polygon" is not enough: a point must also lie in no
// other kelurahan and at least MIN_EDGE_METRES from its own boundary, or the location check (and a person
// looking at the map) could place it in a neighbour. Rejection sampling in the kelurahan's bounding box.
import type { MultiPolygon } from 'geojson';
import type { Random } from '../lib/random.ts';

export const MIN_EDGE_METRES = 12;
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON = 111.32 * Math.cos((7.02 * Math.PI) / 180);
const MAX_TRIES = 5000;

export interface PlaceableShape {
  code: string;
  geometry: MultiPolygon;
}

interface Prepared {
  code: string;
  bbox: [number, number, number, number];
  /** Every ring of every part as flat lon,lat pairs (closed). */
  rings: Float64Array[];
}

function prepare(shape: PlaceableShape): Prepared {
  const rings = shape.geometry.coordinates.flat(1).map((ring) => Float64Array.from(ring.flat(1)));
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      bbox[0] = Math.min(bbox[0], r[i]!);
      bbox[1] = Math.min(bbox[1], r[i + 1]!);
      bbox[2] = Math.max(bbox[2], r[i]!);
      bbox[3] = Math.max(bbox[3], r[i + 1]!);
    }
  }
  return { code: shape.code, bbox, rings };
}

/** Even–odd ray casting over all rings: holes and detached parts come out right without knowing which is which. */
function contains(p: Prepared, x: number, y: number): boolean {
  if (x < p.bbox[0] || x > p.bbox[2] || y < p.bbox[1] || y > p.bbox[3]) return false;
  let inside = false;
  for (const r of p.rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i]!;
      const yi = r[i + 1]!;
      const xj = r[j]!;
      const yj = r[j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance in metres from a point to the nearest edge (local equirectangular metres: exact enough at 10 m). */
function edgeDistanceMetres(p: Prepared, x: number, y: number): number {
  let best = Infinity;
  for (const r of p.rings) {
    for (let i = 2; i < r.length; i += 2) {
      const ax = (r[i - 2]! - x) * KM_PER_DEG_LON;
      const ay = (r[i - 1]! - y) * KM_PER_DEG_LAT;
      const bx = (r[i]! - x) * KM_PER_DEG_LON;
      const by = (r[i + 1]! - y) * KM_PER_DEG_LAT;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best * 1000;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Within the margin of a polygon's bounding box (only those can be closer than the margin). */
const MARGIN_DEG = MIN_EDGE_METRES / 1000 / KM_PER_DEG_LAT;
function near(p: Prepared, x: number, y: number): boolean {
  return (
    x >= p.bbox[0] - MARGIN_DEG &&
    x <= p.bbox[2] + MARGIN_DEG &&
    y >= p.bbox[1] - MARGIN_DEG &&
    y <= p.bbox[3] + MARGIN_DEG
  );
}

export class PointPlacer {
  private readonly shapes = new Map<string, Prepared>();
  private readonly all: Prepared[];

  constructor(shapes: readonly PlaceableShape[]) {
    this.all = shapes.map(prepare);
    for (const p of this.all) this.shapes.set(p.code, p);
  }

  /** A point in exactly this kelurahan, clear of its edges; rounded to 6 decimals (0.1 m) as stored. */
  pointIn(rng: Random, code: string): [number, number] {
    const own = this.shapes.get(code);
    if (!own) throw new Error(`no polygon for kelurahan ${code}`);
    const [minX, minY, maxX, maxY] = own.bbox;
    for (let i = 0; i < MAX_TRIES; i++) {
      const x = round6(minX + rng.next() * (maxX - minX));
      const y = round6(minY + rng.next() * (maxY - minY));
      if (!contains(own, x, y) || edgeDistanceMetres(own, x, y) < MIN_EDGE_METRES) continue;
      // Clear of every neighbour too: where the source's polygons overlap, a point inside its own polygon can
      // still sit a metre from a neighbour's edge, and the map's cleaned copy may give that strip away.
      if (
        this.all.some(
          (o) =>
            o !== own &&
            near(o, x, y) &&
            (contains(o, x, y) || edgeDistanceMetres(o, x, y) < MIN_EDGE_METRES),
        )
      )
        continue;
      return [x, y];
    }
    throw new Error(`could not place a point clear of the edges of kelurahan ${code}`);
  }
}
