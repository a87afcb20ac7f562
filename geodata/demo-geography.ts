// The synthetic demo geography: real kecamatan/kelurahan codes and names on made-up polygons.
//
// Every polygon is a union of cells of one fine Voronoi tessellation, so neighbouring areas share their
// edges exactly (the same circumcentre coordinates on both sides): no gaps, no overlaps, no clipping.
// Kecamatan are grown from anchors near their real centres with a power-distance assignment whose weights
// are tuned until each kecamatan's area is proportional to its real area; kelurahan are equal-area
// clusters inside their kecamatan. Deterministic for a given seed.
import { Delaunay } from 'd3-delaunay';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import polygonClipping, { type MultiPolygon, type Polygon } from 'polygon-clipping';
import { createRandom, type Random } from '../server/lib/random.ts';
import { regionAreas } from './area-codes.ts';
import { DEMO_OUTLINE, SEMARANG_CODE, SEMARANG_KECAMATAN, type KecamatanFacts } from './semarang-facts.ts';

export interface AreaFeature {
  type: 'Feature';
  properties: { code: string; name: string; kecamatan_code?: string; synthetic: true };
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygon };
}
export interface DemoGeography {
  kecamatan: AreaFeature[];
  kelurahan: AreaFeature[];
}

const BBOX = { minLon: 110.262, minLat: -7.122, maxLon: 110.512, maxLat: -6.928 };
/** Fine cell spacing in degrees (~180 m): enough cells that the smallest kelurahan get a dozen. */
const SPACING = 0.0016;
const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON = 111.32 * Math.cos((7.02 * Math.PI) / 180);

interface Cells {
  points: Float64Array; // x,y pairs (lon, lat)
  polygons: Array<Array<[number, number]>>;
  areaKm2: Float64Array;
  inside: Uint8Array;
  neighbours: number[][];
}

function jitteredSeeds(rng: Random): Float64Array {
  const cols = Math.ceil((BBOX.maxLon - BBOX.minLon) / SPACING);
  const rows = Math.ceil((BBOX.maxLat - BBOX.minLat) / SPACING);
  const pts = new Float64Array(cols * rows * 2);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      pts[k++] = BBOX.minLon + (c + 0.5 + (rng.next() - 0.5) * 0.8) * SPACING;
      pts[k++] = BBOX.minLat + (r + 0.5 + (rng.next() - 0.5) * 0.8) * SPACING;
    }
  }
  return pts;
}

function ringAreaKm2(ring: ReadonlyArray<[number, number]>): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return Math.abs(s / 2) * KM_PER_DEG_LAT * KM_PER_DEG_LON;
}

function buildCells(rng: Random): Cells {
  const points = jitteredSeeds(rng);
  const delaunay = new Delaunay(points);
  const voronoi = delaunay.voronoi([BBOX.minLon, BBOX.minLat, BBOX.maxLon, BBOX.maxLat]);
  const n = points.length / 2;
  const outline = { type: 'Polygon' as const, coordinates: [DEMO_OUTLINE.map(([x, y]) => [x, y])] };
  const polygons: Array<Array<[number, number]>> = [];
  const areaKm2 = new Float64Array(n);
  const inside = new Uint8Array(n);
  const neighbours: number[][] = [];
  for (let i = 0; i < n; i++) {
    const poly = (voronoi.cellPolygon(i) ?? []) as Array<[number, number]>;
    polygons.push(poly);
    areaKm2[i] = ringAreaKm2(poly);
    inside[i] = booleanPointInPolygon([points[2 * i]!, points[2 * i + 1]!], outline) ? 1 : 0;
    neighbours.push([...voronoi.neighbors(i)]);
  }
  return { points, polygons, areaKm2, inside, neighbours };
}

function distKm2(cells: Cells, i: number, lon: number, lat: number): number {
  const dx = (cells.points[2 * i]! - lon) * KM_PER_DEG_LON;
  const dy = (cells.points[2 * i + 1]! - lat) * KM_PER_DEG_LAT;
  return dx * dx + dy * dy;
}

/**
 * Assigns `members` cells to centres by power distance (d² − w), tuning the weights until each centre's
 * area approaches its target. Returns the label (index into centres) of each member cell.
 */
function powerAssign(
  cells: Cells,
  members: number[],
  centres: Array<[number, number]>,
  targets: number[],
  iterations: number,
): Int32Array {
  const weights = new Float64Array(centres.length);
  const labels = new Int32Array(members.length);
  for (let it = 0; it <= iterations; it++) {
    const areas = new Float64Array(centres.length);
    members.forEach((cell, m) => {
      let best = 0;
      let bestD = Infinity;
      centres.forEach(([lon, lat], k) => {
        const d = distKm2(cells, cell, lon, lat) - weights[k]!;
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      });
      labels[m] = best;
      areas[best]! += cells.areaKm2[cell]!;
    });
    if (it === iterations) break;
    // Growing a region by dA needs roughly dA/π more power weight; damped to converge smoothly.
    for (let k = 0; k < centres.length; k++) weights[k]! += (0.5 * (targets[k]! - areas[k]!)) / Math.PI;
  }
  return labels;
}

/**
 * Makes every label's cells connected: smaller pieces go to the neighbouring label they touch most.
 * `labelOf` maps cell → label (−1 for cells outside the set being fixed).
 */
function makeContiguous(cells: Cells, labelOf: Int32Array): void {
  for (let pass = 0; pass < 10; pass++) {
    const seen = new Uint8Array(labelOf.length);
    const pieces = new Map<number, number[][]>();
    for (let start = 0; start < labelOf.length; start++) {
      const label = labelOf[start]!;
      if (label < 0 || seen[start]) continue;
      const piece: number[] = [];
      const stack = [start];
      seen[start] = 1;
      while (stack.length) {
        const c = stack.pop()!;
        piece.push(c);
        for (const nb of cells.neighbours[c]!) {
          if (!seen[nb] && labelOf[nb] === label) {
            seen[nb] = 1;
            stack.push(nb);
          }
        }
      }
      if (!pieces.has(label)) pieces.set(label, []);
      pieces.get(label)!.push(piece);
    }
    let moved = false;
    for (const list of pieces.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => b.length - a.length);
      for (const piece of list.slice(1)) {
        const votes = new Map<number, number>();
        for (const c of piece) {
          for (const nb of cells.neighbours[c]!) {
            const l = labelOf[nb]!;
            if (l >= 0 && l !== labelOf[c]) votes.set(l, (votes.get(l) ?? 0) + 1);
          }
        }
        const target = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
        if (!target) continue; // an island with no labelled neighbour: leave it
        for (const c of piece) labelOf[c] = target[0];
        moved = true;
      }
    }
    if (!moved) return;
  }
}

function centroidOf(cells: Cells, members: number[]): [number, number] {
  let sx = 0;
  let sy = 0;
  let sw = 0;
  for (const c of members) {
    const w = cells.areaKm2[c]!;
    sx += cells.points[2 * c]! * w;
    sy += cells.points[2 * c + 1]! * w;
    sw += w;
  }
  return [sx / sw, sy / sw];
}

/** Equal-area clusters of a kecamatan's cells: Lloyd iterations on power-balanced assignments. */
function clusterKelurahan(cells: Cells, members: number[], count: number, rng: Random): Int32Array {
  // Farthest-point initialisation from a random member keeps the seeds spread out.
  const centres: Array<[number, number]> = [];
  const first = members[Math.floor(rng.next() * members.length)]!;
  centres.push([cells.points[2 * first]!, cells.points[2 * first + 1]!]);
  while (centres.length < count) {
    let best = members[0]!;
    let bestD = -1;
    for (const c of members) {
      const d = Math.min(...centres.map(([lon, lat]) => distKm2(cells, c, lon, lat)));
      if (d > bestD) {
        bestD = d;
        best = c;
      }
    }
    centres.push([cells.points[2 * best]!, cells.points[2 * best + 1]!]);
  }
  const total = members.reduce((s, c) => s + cells.areaKm2[c]!, 0);
  // Real kelurahan differ in size; a ±40 % spread of targets keeps the demo from looking like a grid.
  const shares = centres.map(() => 0.6 + 0.8 * rng.next());
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const targets = shares.map((s) => (total * s) / shareSum);
  let labels: Int32Array = new Int32Array(members.length);
  for (let round = 0; round < 6; round++) {
    labels = powerAssign(cells, members, centres, targets, 25);
    for (let k = 0; k < count; k++) {
      const mine = members.filter((_, m) => labels[m] === k);
      if (mine.length) centres[k] = centroidOf(cells, mine);
    }
  }
  return labels;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function unionOf(cells: Cells, members: number[]): MultiPolygon {
  const polys: Polygon[] = members.map((c) => [cells.polygons[c]!]);
  const [head, ...rest] = polys;
  if (!head) throw new Error('union of no cells');
  const merged = polygonClipping.union(head, ...rest);
  // Rounding after the union: shared vertices are equal before rounding, so they stay equal after it.
  return merged.map((poly) =>
    poly.map((ring) => {
      const out: Array<[number, number]> = [];
      for (const [x, y] of ring) {
        const p: [number, number] = [round6(x), round6(y)];
        const last = out[out.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
      }
      return out;
    }),
  );
}

export function generateDemoGeography(
  seed = 1,
  facts: readonly KecamatanFacts[] = SEMARANG_KECAMATAN,
): DemoGeography {
  const rng = createRandom(seed);
  const names = regionAreas(SEMARANG_CODE);
  const cells = buildCells(rng);
  const insideCells: number[] = [];
  for (let i = 0; i < cells.inside.length; i++) if (cells.inside[i]) insideCells.push(i);
  const totalArea = insideCells.reduce((s, c) => s + cells.areaKm2[c]!, 0);
  const factSum = facts.reduce((s, f) => s + f.areaKm2, 0);

  const kecLabels = powerAssign(
    cells,
    insideCells,
    facts.map((f) => f.anchor),
    facts.map((f) => (f.areaKm2 / factSum) * totalArea),
    120,
  );
  const labelOf = new Int32Array(cells.inside.length).fill(-1);
  insideCells.forEach((c, m) => (labelOf[c] = kecLabels[m]!));
  makeContiguous(cells, labelOf);

  const kecamatan: AreaFeature[] = [];
  const kelurahan: AreaFeature[] = [];
  facts.forEach((fact, k) => {
    const members = insideCells.filter((c) => labelOf[c] === k);
    const kecName = names.kecamatan.find((x) => x.code === fact.code);
    const villages = names.kelurahan.filter((x) => x.kecamatanCode === fact.code);
    if (!kecName || villages.length === 0) throw new Error(`No names for kecamatan ${fact.code}`);
    kecamatan.push(feature(fact.code, kecName.name, unionOf(cells, members)));

    const kelLabels = clusterKelurahan(cells, members, villages.length, rng);
    const kelOf = new Int32Array(cells.inside.length).fill(-1);
    members.forEach((c, m) => (kelOf[c] = kelLabels[m]!));
    makeContiguous(cells, kelOf);
    villages.forEach((village, v) => {
      const mine = members.filter((c) => kelOf[c] === v);
      if (mine.length === 0) throw new Error(`Kelurahan ${village.code} received no cells`);
      kelurahan.push(feature(village.code, village.name, unionOf(cells, mine), fact.code));
    });
  });
  return { kecamatan, kelurahan };
}

function feature(code: string, name: string, coordinates: MultiPolygon, kecamatanCode?: string): AreaFeature {
  return {
    type: 'Feature',
    properties: { code, name, ...(kecamatanCode ? { kecamatan_code: kecamatanCode } : {}), synthetic: true },
    geometry: { type: 'MultiPolygon', coordinates },
  };
}
