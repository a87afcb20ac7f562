// *No data* and *suppressed* must be told apart from every palette class without relying on colour (WCAG
// 1.4.1): suppressed areas are hatched, areas without data dotted, the same on the map, in the legend and in
// the PNG. One drawing routine serves all three (a 12 px tile, repeated).
//
// Two more marks lie over a class colour (their tiles are transparent between the lines): a coarsened kelurahan
// (its kecamatan's value, issue #18) is cross-hatched in dark ink, a value on a small base is washed lighter with
// white horizontal lines. Cross-hatch, single diagonals, dots and horizontals differ in shape, not only colour.
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from './base-style';

export type Mark = 'suppressed' | 'nodata' | 'coarsened' | 'uncertain';
export const MARKS: readonly Mark[] = ['suppressed', 'nodata', 'coarsened', 'uncertain'];
/** Marks drawn over the area's class colour rather than on a fill of their own. */
export const OVERLAY_MARKS: ReadonlySet<Mark> = new Set<Mark>(['coarsened', 'uncertain']);
export const PATTERN_SIZE = 12;
const INK = '#52606d';

function diagonals(g: CanvasRenderingContext2D, size: number, rising: boolean): void {
  g.beginPath();
  for (const o of [-size, 0, size]) {
    g.moveTo(o, rising ? size : 0);
    g.lineTo(o + size, rising ? 0 : size);
  }
  g.stroke();
}

function draw(g: CanvasRenderingContext2D, mark: Mark, size: number): void {
  if (mark === 'coarsened') {
    g.strokeStyle = 'rgba(31, 41, 51, 0.75)';
    g.lineWidth = size / 12;
    diagonals(g, size, true);
    diagonals(g, size, false);
    return;
  }
  if (mark === 'uncertain') {
    // Lighter (a white wash) and striped: the colour still reads as its class, but visibly less sure.
    g.fillStyle = 'rgba(255, 255, 255, 0.35)';
    g.fillRect(0, 0, size, size);
    g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    g.lineWidth = size / 6;
    g.beginPath();
    g.moveTo(0, size / 4);
    g.lineTo(size, size / 4);
    g.stroke();
    // A thin grey edge under each white stripe, so the stripes show on the lightest classes too.
    g.strokeStyle = 'rgba(82, 96, 109, 0.55)';
    g.lineWidth = size / 16;
    g.beginPath();
    g.moveTo(0, size / 4 + size / 10);
    g.lineTo(size, size / 4 + size / 10);
    g.stroke();
    return;
  }
  g.fillStyle = mark === 'suppressed' ? SUPPRESSED_COLOR : NO_DATA_COLOR;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = INK;
  g.fillStyle = INK;
  if (mark === 'suppressed') {
    // Diagonals that continue across tile edges.
    g.lineWidth = size / 8;
    diagonals(g, size, true);
  } else {
    g.beginPath();
    g.arc(size / 2, size / 2, size / 10, 0, 2 * Math.PI);
    g.fill();
  }
}

function tile(mark: Mark, size: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  draw(c.getContext('2d')!, mark, size);
  return c;
}

/** Pixels for MapLibre's addImage (fill-pattern). */
export function patternImage(mark: Mark): ImageData {
  return tile(mark, PATTERN_SIZE).getContext('2d')!.getImageData(0, 0, PATTERN_SIZE, PATTERN_SIZE);
}

/** The tile as an image URL (the first paint's SVG patterns, before MapLibre has loaded). */
export function patternUrl(mark: Mark): string {
  return tile(mark, PATTERN_SIZE).toDataURL();
}

/** A CSS background for legend swatches; an overlay mark over `under` (a class colour). */
export function patternCss(mark: Mark, under?: string): string {
  return `url(${tile(mark, PATTERN_SIZE).toDataURL()}) repeat${under ? `, ${under}` : ''}`;
}

/** A fill for canvas drawing (the PNG export's legend), scaled to the export's pixel ratio. */
export function patternFill(g: CanvasRenderingContext2D, mark: Mark, ratio: number): CanvasPattern {
  return g.createPattern(tile(mark, Math.round(PATTERN_SIZE * ratio)), 'repeat')!;
}
