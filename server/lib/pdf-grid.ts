// A table drawn cell by cell on a pdfkit page (fixed widths, one line per cell, an ellipsis when text is
// longer), its header repeated at the top of each new page. pdfkit's own tables measure every cell's text
// through the embedded font's layout and took ~60 ms a row (2 minutes for a large kelurahan's muskel list).
import type { Doc } from './pdf-document.ts';

export interface Grid {
  /** Column widths in points. */
  widths: readonly number[];
  header: readonly string[];
  rowHeight?: number;
  /** The header row's height: its text wraps within it (narrow figure columns with long names). */
  headerHeight?: number;
  fontSize?: number;
  /** Columns whose text is right-aligned (figures). */
  right?: ReadonlySet<number>;
}

const INK = '#1f2933';
const LINE = '#9aa5b1';

/** One row at the current y (a page break first if it would not fit); `style` 'header' or 'total' shades it. */
export function gridRow(doc: Doc, g: Grid, cells: readonly string[], style?: 'header' | 'total'): void {
  const header = style === 'header';
  const height = header ? (g.headerHeight ?? g.rowHeight ?? 18) : (g.rowHeight ?? 18);
  if (doc.y + height > doc.page.maxY()) {
    doc.addPage();
    if (style !== 'header') gridRow(doc, g, g.header, 'header');
  }
  const y = doc.y;
  let x = doc.page.margins.left;
  const width = g.widths.reduce((a, b) => a + b, 0);
  if (style) doc.rect(x, y, width, height).fill(style === 'header' ? '#e4e7eb' : '#f5f7fa');
  const size = g.fontSize ?? 8.5;
  doc
    .font(style ? 'bold' : 'regular')
    .fontSize(size)
    .fillColor(INK);
  g.widths.forEach((w, i) => {
    doc.rect(x, y, w, height).lineWidth(0.5).strokeColor(LINE).stroke();
    const text = cells[i] ?? '';
    if (text)
      doc.text(text, x + 3, header && g.headerHeight ? y + 3 : y + (height - size) / 2, {
        width: w - 6,
        height: header && g.headerHeight ? height - 4 : size + 2,
        ellipsis: true,
        lineBreak: header && g.headerHeight !== undefined,
        align: g.right?.has(i) && !header ? 'right' : 'left',
      });
    x += w;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + height;
}
