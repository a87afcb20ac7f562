// *No data* and *suppressed* must be told apart from every palette class without relying on colour (WCAG
// 1.4.1): suppressed areas are hatched, areas without data dotted, the same on the map, in the legend and in
// the PNG. One drawing routine serves all three (a 12 px tile, repeated).
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from './base-style';

export type Mark = 'suppressed' | 'nodata';
export const MARKS: readonly Mark[] = ['suppressed', 'nodata'];
export const PATTERN_SIZE = 12;
const INK = '#52606d';

function draw(g: CanvasRenderingContext2D, mark: Mark, size: number): void {
  g.fillStyle = mark === 'suppressed' ? SUPPRESSED_COLOR : NO_DATA_COLOR;
  g.fillRect(0, 0, size, size);
  g.strokeStyle = INK;
  g.fillStyle = INK;
  if (mark === 'suppressed') {
    // Diagonals that continue across tile edges.
    g.lineWidth = size / 8;
    g.beginPath();
    for (const o of [-size, 0, size]) {
      g.moveTo(o, size);
      g.lineTo(o + size, 0);
    }
    g.stroke();
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

/** A CSS background for legend swatches. */
export function patternCss(mark: Mark): string {
  return `url(${tile(mark, PATTERN_SIZE).toDataURL()}) repeat`;
}

/** A fill for canvas drawing (the PNG export's legend), scaled to the export's pixel ratio. */
export function patternFill(g: CanvasRenderingContext2D, mark: Mark, ratio: number): CanvasPattern {
  return g.createPattern(tile(mark, Math.round(PATTERN_SIZE * ratio)), 'repeat')!;
}
