// Bounding boxes for the OGC API – Features `bbox` parameter: parsing, a geometry's envelope, and whether a
// (multi)polygon really intersects a box (not only its envelope: the standard asks for the geometry). Pure
// planar logic in WGS 84 degrees, which is what the standard's default CRS84 box means.

/** [minLon, minLat, maxLon, maxLat] */
export type Bbox = readonly [number, number, number, number];

type Ring = ReadonlyArray<readonly number[]>;
export interface PolygonalGeometry {
  type: string;
  coordinates: unknown;
}

/** `minLon,minLat,maxLon,maxLat` as four finite numbers with min ≤ max; undefined when it is not one. */
export function parseBbox(text: string): Bbox | undefined {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4 || parts.some((p) => !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(p)))
    return undefined;
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  if (a > c || b > d || Math.abs(b) > 90 || Math.abs(d) > 90) return undefined;
  return [a, b, c, d];
}

/** The polygons of a Polygon or MultiPolygon, each a list of rings (outer first). */
function polygonsOf(g: PolygonalGeometry): Ring[][] {
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

export function envelope(g: PolygonalGeometry): Bbox | undefined {
  let box: [number, number, number, number] | undefined;
  for (const polygon of polygonsOf(g))
    for (const [x, y] of polygon[0] ?? []) {
      if (x === undefined || y === undefined) continue;
      if (!box) box = [x, y, x, y];
      else box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
    }
  return box;
}

export function union(boxes: ReadonlyArray<Bbox | undefined>): Bbox | undefined {
  let out: Bbox | undefined;
  for (const b of boxes) {
    if (!b) continue;
    out = out
      ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])]
      : b;
  }
  return out;
}

const boxesMeet = (a: Bbox, b: Bbox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inPolygon = (x: number, y: number, rings: Ring[]) =>
  rings.length > 0 && inRing(x, y, rings[0]!) && !rings.slice(1).some((hole) => inRing(x, y, hole));

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

function segmentsMeet(
  p: readonly number[],
  q: readonly number[],
  r: readonly number[],
  s: readonly number[],
) {
  const [px, py, qx, qy, rx, ry, sx, sy] = [p[0]!, p[1]!, q[0]!, q[1]!, r[0]!, r[1]!, s[0]!, s[1]!];
  const d1 = cross(rx, ry, sx, sy, px, py);
  const d2 = cross(rx, ry, sx, sy, qx, qy);
  const d3 = cross(px, py, qx, qy, rx, ry);
  const d4 = cross(px, py, qx, qy, sx, sy);
  return d1 * d2 <= 0 && d3 * d4 <= 0;
}

/** Whether a polygonal geometry and a box share a point: a vertex in the box, a corner in it, or edges crossing. */
export function intersects(g: PolygonalGeometry, box: Bbox): boolean {
  const env = envelope(g);
  if (!env || !boxesMeet(env, box)) return false;
  const [x0, y0, x1, y1] = box;
  const corners = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  for (const rings of polygonsOf(g)) {
    for (const ring of rings)
      for (const [x, y] of ring) if (x! >= x0 && x! <= x1 && y! >= y0 && y! <= y1) return true;
    if (corners.some(([x, y]) => inPolygon(x!, y!, rings))) return true;
    for (const ring of rings)
      for (let i = 1; i < ring.length; i++)
        for (let c = 0; c < 4; c++)
          if (segmentsMeet(ring[i - 1]!, ring[i]!, corners[c]!, corners[(c + 1) % 4]!)) return true;
  }
  return false;
}
