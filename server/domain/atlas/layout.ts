// The atlas page's geometry, framework-free and unit-tested (test/unit/atlas-layout.test.ts): landscape A4/A3
// in PDF points, the boxes of the header, map, legend and footer, the projection of lon/lat into the map box
// and a scale bar of a round 1-2-5 length. The renderer (lib/atlas-pdf.ts) only draws what this returns.

export type PageSize = 'A4' | 'A3';
export const PAGE_SIZES: readonly PageSize[] = ['A4', 'A3'];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PageLayout {
  size: PageSize;
  width: number;
  height: number;
  /** Font sizes and strokes grow with the sheet (A3 is A4 × √2), so both print at the same reading distance. */
  scale: number;
  margin: number;
  header: Box;
  map: Box;
  legend: Box;
  footer: Box;
}

/** ISO 216 in points (1/72 in), landscape. */
const SHEETS: Record<PageSize, { width: number; height: number }> = {
  A4: { width: 841.89, height: 595.28 },
  A3: { width: 1190.55, height: 841.89 },
};

export function pageLayout(size: PageSize): PageLayout {
  const { width, height } = SHEETS[size];
  const scale = width / SHEETS.A4.width;
  const margin = 28 * scale;
  const headerH = 52 * scale;
  const footerH = 34 * scale;
  const gap = 12 * scale;
  const legendW = 200 * scale;
  const bodyY = margin + headerH;
  const bodyH = height - 2 * margin - headerH - footerH;
  const mapW = width - 2 * margin - legendW - gap;
  return {
    size,
    width,
    height,
    scale,
    margin,
    header: { x: margin, y: margin, w: width - 2 * margin, h: headerH },
    map: { x: margin, y: bodyY, w: mapW, h: bodyH },
    legend: { x: margin + mapW + gap, y: bodyY, w: legendW, h: bodyH },
    footer: { x: margin, y: height - margin - footerH, w: width - 2 * margin, h: footerH },
  };
}

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

export interface Projection {
  /** lon/lat to page points (y down, as PDF drawing in pdfkit). */
  project(lon: number, lat: number): [number, number];
  /** Ground metres one page point stands for (at the bbox's middle latitude). */
  metresPerPoint: number;
}

const EARTH_RADIUS = 6_371_008.8;

/**
 * A local equirectangular projection (x shrunk by the cosine of the middle latitude) scaled to fit `bbox` into
 * `box` less `pad` on every side, centred. At a city's size (≈ 30 km, 7° S) it is within 0.1 % of a conformal
 * projection, so the scale bar holds across the page; no projection library needed.
 */
export function fitProjection(bbox: BBox, box: Box, pad = 0): Projection {
  const [w, s, e, n] = bbox;
  const lat0 = ((s + n) / 2) * (Math.PI / 180);
  const k = Math.cos(lat0);
  const toRad = Math.PI / 180;
  // Ground extent in metres; a degenerate bbox (one point) still gets a finite scale.
  const gw = Math.max((e - w) * toRad * k * EARTH_RADIUS, 1);
  const gh = Math.max((n - s) * toRad * EARTH_RADIUS, 1);
  const innerW = Math.max(box.w - 2 * pad, 1);
  const innerH = Math.max(box.h - 2 * pad, 1);
  const ptPerMetre = Math.min(innerW / gw, innerH / gh);
  const ox = box.x + (box.w - gw * ptPerMetre) / 2;
  const oy = box.y + (box.h - gh * ptPerMetre) / 2;
  return {
    project: (lon, lat) => [
      ox + (lon - w) * toRad * k * EARTH_RADIUS * ptPerMetre,
      oy + (n - lat) * toRad * EARTH_RADIUS * ptPerMetre,
    ],
    metresPerPoint: 1 / ptPerMetre,
  };
}

export interface ScaleBar {
  metres: number;
  /** Its length on the page in points. */
  points: number;
  label: string;
}

/** The longest round length (1, 2 or 5 × 10ⁿ metres) that fits in `maxPoints`: "2 km", "500 m". */
export function scaleBar(metresPerPoint: number, maxPoints: number): ScaleBar {
  const maxMetres = metresPerPoint * maxPoints;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((f) => f * power).find((m) => m <= maxMetres) ?? power;
  return {
    metres,
    points: metres / metresPerPoint,
    label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m`,
  };
}

/** The bbox of every [lon, lat] position in the rings given. */
export function bboxOf(rings: Iterable<ReadonlyArray<readonly number[]>>): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const ring of rings)
    for (const [lon, lat] of ring) {
      if (lon! < w) w = lon!;
      if (lon! > e) e = lon!;
      if (lat! < s) s = lat!;
      if (lat! > n) n = lat!;
    }
  return [w, s, e, n];
}
