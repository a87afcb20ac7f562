// The bivariate map's square legend in the PNG export: the 3 × 3 cells with their counts, the two axes'
// ranges and titles (with units), and the no-data and suppressed areas, in a white box at the bottom right
// of the map, as on screen.
import { inkOn, TERTILES, type BivariateLegendSpec } from './bivariate';
import { patternFill } from './patterns';

/** The legend as the PNG draws it: the on-screen spec and the words of its last two rows. */
export interface BivariateExport extends BivariateLegendSpec {
  noDataLabel: string;
  suppressedLabel: string;
}

/** Writes `text` centred at x, shrinking the font until it fits in `width` (long ranges, narrow cells). */
function fitText(g: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, px: number) {
  let size = px;
  g.font = `${size}px sans-serif`;
  while (size > px * 0.6 && g.measureText(text).width > width) {
    size -= px * 0.05;
    g.font = `${size}px sans-serif`;
  }
  g.fillText(text, x - Math.min(width, g.measureText(text).width) / 2, y, width);
}

/** A square legend box whose bottom-right corner is at (right, bottom) less the padding. */
export function drawBivariateLegend(
  g: CanvasRenderingContext2D,
  spec: BivariateExport,
  right: number,
  bottom: number,
  ratio: number,
): void {
  const pad = 24 * ratio;
  const inner = 12 * ratio;
  const cell = 60 * ratio;
  const rowLabelW = 96 * ratio;
  const titleH = 22 * ratio;
  const colLabelH = 20 * ratio;
  const extraRowH = 22 * ratio;
  const w = Math.max(rowLabelW + TERTILES * cell + 2 * inner, 300 * ratio);
  const h = 2 * inner + titleH + TERTILES * cell + colLabelH + titleH + 2 * extraRowH;
  const lx = right - w - pad;
  const ly = bottom - h - pad;
  g.fillStyle = 'rgba(255,255,255,0.94)';
  g.fillRect(lx, ly, w, h);

  const gridX = lx + inner + rowLabelW;
  const gridY = ly + inner + titleH;
  g.fillStyle = '#1f2933';
  g.font = `bold ${13 * ratio}px sans-serif`;
  g.fillText(`↑ ${spec.yTitle}`, lx + inner, ly + inner + 15 * ratio, w - 2 * inner);

  for (const c of spec.cells) {
    const x = gridX + c.x * cell;
    const y = gridY + (TERTILES - 1 - c.y) * cell;
    g.fillStyle = c.color;
    g.fillRect(x + ratio, y + ratio, cell - 2 * ratio, cell - 2 * ratio);
    g.fillStyle = inkOn(c.color);
    g.font = `bold ${15 * ratio}px sans-serif`;
    const label = String(c.count);
    g.fillText(label, x + cell / 2 - g.measureText(label).width / 2, y + cell / 2 + 5 * ratio);
  }
  g.fillStyle = '#323f4b';
  spec.yRanges.forEach((r, i) => {
    const y = gridY + (TERTILES - 1 - i) * cell + cell / 2 + 4 * ratio;
    fitText(g, r ?? '–', lx + inner + rowLabelW / 2 - 2 * ratio, y, rowLabelW - 6 * ratio, 12 * ratio);
  });
  spec.xRanges.forEach((r, i) => {
    const y = gridY + TERTILES * cell + 14 * ratio;
    fitText(g, r ?? '–', gridX + i * cell + cell / 2, y, cell - 4 * ratio, 12 * ratio);
  });
  const xTitleY = gridY + TERTILES * cell + colLabelH + 15 * ratio;
  g.font = `bold ${13 * ratio}px sans-serif`;
  g.fillStyle = '#1f2933';
  g.fillText(`${spec.xTitle} →`, lx + inner, xTitleY, w - 2 * inner);

  const extras: Array<{ mark: 'nodata' | 'suppressed'; n: number; label: string }> = [
    { mark: 'nodata', n: spec.noData, label: spec.noDataLabel },
    { mark: 'suppressed', n: spec.suppressed, label: spec.suppressedLabel },
  ];
  extras.forEach((e, i) => {
    const y = xTitleY + 8 * ratio + i * extraRowH;
    g.fillStyle = patternFill(g, e.mark, ratio);
    g.fillRect(lx + inner, y + 3 * ratio, 26 * ratio, 15 * ratio);
    g.strokeStyle = '#7b8794';
    g.strokeRect(lx + inner, y + 3 * ratio, 26 * ratio, 15 * ratio);
    g.fillStyle = '#1f2933';
    g.font = `${13 * ratio}px sans-serif`;
    g.fillText(`${e.label} (${e.n})`, lx + inner + 34 * ratio, y + 16 * ratio);
  });
}
