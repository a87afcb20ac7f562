// The semester atlas drawn as a vector PDF with pdfkit (a kept library; no browser on the server): every area a
// filled path, suppressed areas hatched and areas without data dotted (clipped to the area, so they are told
// apart without colour, as on the web map), text in an embedded DejaVu Sans (≥, –, ² are beyond the standard
// fonts' WinAnsi) so it stays extractable. The output depends only on its input: fixed creation and
// modification dates (the atlas's date), pdfkit's file ID derived from them, no random subset tags, so the CLI
// and the web download give byte-identical files.
import type { AtlasDocument, AtlasPage, LegendRow, Mark, Shape } from '../domain/atlas/atlas-pages.ts';
import type { Box } from '../domain/atlas/layout.ts';
import { pdfDocument, type Doc } from './pdf-document.ts';

const INK = '#1f2933';
const TITLE_INK = '#102a43';
const MUTED = '#52606d';
const PATTERN_INK = '#52606d';
const KELURAHAN_LINE = '#7b8794';
const CONTEXT_LINE = '#cfd6dc';

function tracePolygons(doc: Doc, polygons: Shape['polygons']): void {
  for (const poly of polygons)
    for (const ring of poly) {
      ring.forEach(([x, y], i) => (i === 0 ? doc.moveTo(x, y) : doc.lineTo(x, y)));
      doc.closePath();
    }
}

function boundsOf(polygons: Shape['polygons']): Box {
  const xs = polygons.flat(2).map((p) => p[0]);
  const ys = polygons.flat(2).map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** Hatching (suppressed) or dots (no data) inside `clip`, in vector strokes; `step` is the pattern's pitch. */
function drawMark(doc: Doc, mark: Mark, box: Box, step: number): void {
  if (mark === 'suppressed') {
    for (let o = -box.h; o < box.w + step; o += step)
      doc.moveTo(box.x + o, box.y + box.h).lineTo(box.x + o + box.h, box.y);
    doc
      .lineWidth(step / 8)
      .strokeColor(PATTERN_INK)
      .stroke();
  } else {
    for (let y = box.y + step / 2; y < box.y + box.h; y += step)
      for (let x = box.x + step / 2; x < box.x + box.w; x += step) doc.circle(x, y, step / 10);
    doc.fillColor(PATTERN_INK).fill();
  }
}

function drawShape(doc: Doc, shape: Shape, scale: number, lineColor: string, lineWidth: number): void {
  tracePolygons(doc, shape.polygons);
  doc.fillColor(shape.fill).fill('even-odd');
  if (shape.mark) {
    doc.save();
    tracePolygons(doc, shape.polygons);
    doc.clip('even-odd');
    drawMark(doc, shape.mark, boundsOf(shape.polygons), 6 * scale);
    doc.restore();
  }
  tracePolygons(doc, shape.polygons);
  doc.lineWidth(lineWidth).lineJoin('round').strokeColor(lineColor).stroke();
}

function swatch(doc: Doc, row: LegendRow, box: Box, scale: number): void {
  doc.rect(box.x, box.y, box.w, box.h).fillColor(row.color).fill();
  if (row.mark) {
    doc.save();
    doc.rect(box.x, box.y, box.w, box.h).clip();
    drawMark(doc, row.mark, box, 6 * scale);
    doc.restore();
  }
  doc
    .rect(box.x, box.y, box.w, box.h)
    .lineWidth(0.5 * scale)
    .strokeColor(KELURAHAN_LINE)
    .stroke();
}

function drawLegend(doc: Doc, page: AtlasPage, box: Box, scale: number): void {
  let y = box.y;
  doc
    .font('bold')
    .fontSize(11 * scale)
    .fillColor(TITLE_INK)
    .text(page.legendTitle, box.x, y, { width: box.w });
  y = doc.y + 2 * scale;
  doc
    .font('regular')
    .fontSize(8.5 * scale)
    .fillColor(INK)
    .text(page.unitLine, box.x, y, { width: box.w });
  y = doc.y + 6 * scale;
  const rowH = 16 * scale;
  for (const row of page.legend) {
    swatch(doc, row, { x: box.x, y, w: 22 * scale, h: 11 * scale }, scale);
    doc
      .font('regular')
      .fontSize(8.5 * scale)
      .fillColor(INK)
      .text(row.label, box.x + 28 * scale, y + 1 * scale, { width: box.w - 28 * scale, lineBreak: false });
    y += rowH;
  }
  y += 6 * scale;
  for (const note of page.notes) {
    doc
      .font('regular')
      .fontSize(7.5 * scale)
      .fillColor(MUTED)
      .text(note, box.x, y, { width: box.w });
    y = doc.y + 4 * scale;
  }
}

function drawNorthArrow(doc: Doc, label: string, map: Box, scale: number): void {
  const x = map.x + map.w - 18 * scale;
  const y = map.y + 8 * scale;
  doc
    .moveTo(x, y)
    .lineTo(x - 8 * scale, y + 22 * scale)
    .lineTo(x, y + 16 * scale)
    .lineTo(x + 8 * scale, y + 22 * scale)
    .closePath()
    .fillColor(INK)
    .fill();
  doc
    .font('bold')
    .fontSize(10 * scale)
    .text(label, x - 10 * scale, y + 25 * scale, { width: 20 * scale, align: 'center', lineBreak: false });
}

function drawScaleBar(doc: Doc, page: AtlasPage, map: Box, scale: number): void {
  const x = map.x + 10 * scale;
  const y = map.y + map.h - 12 * scale;
  const half = page.scaleBar.points / 2;
  doc
    .rect(x, y, half, 4 * scale)
    .fillColor(INK)
    .fill();
  doc
    .rect(x + half, y, half, 4 * scale)
    .fillColor('#ffffff')
    .fill();
  doc
    .rect(x, y, page.scaleBar.points, 4 * scale)
    .lineWidth(0.6 * scale)
    .strokeColor(INK)
    .stroke();
  doc
    .font('regular')
    .fontSize(8 * scale)
    .fillColor(INK)
    .text(`0`, x - 3 * scale, y - 11 * scale, { lineBreak: false })
    .text(page.scaleBar.label, x + page.scaleBar.points - 6 * scale, y - 11 * scale, { lineBreak: false });
}

function drawPage(doc: Doc, atlas: AtlasDocument, page: AtlasPage): void {
  const { layout } = atlas;
  const s = layout.scale;
  doc.addPage({ size: [layout.width, layout.height], margin: 0 });
  const { header, map, legend, footer } = layout;
  doc
    .font('bold')
    .fontSize(16 * s)
    .fillColor(TITLE_INK)
    .text(page.title, header.x, header.y, {
      width: header.w,
      lineBreak: false,
    });
  doc
    .font('regular')
    .fontSize(11 * s)
    .fillColor(MUTED)
    .text(`${page.area} · ${page.period}`, header.x, header.y + 24 * s, {
      width: header.w,
      lineBreak: false,
    });
  // The map: context first (faint), then the subject, then kecamatan borders on the city page.
  doc.save();
  doc.rect(map.x, map.y, map.w, map.h).clip();
  for (const shape of page.shapes)
    drawShape(doc, shape, s, shape.context ? CONTEXT_LINE : KELURAHAN_LINE, (shape.context ? 0.4 : 0.5) * s);
  for (const outline of page.outlines) {
    tracePolygons(doc, outline.polygons);
    doc
      .lineWidth(1.2 * s)
      .strokeColor(INK)
      .stroke();
  }
  doc.restore();
  doc
    .rect(map.x, map.y, map.w, map.h)
    .lineWidth(0.5 * s)
    .strokeColor(KELURAHAN_LINE)
    .stroke();
  drawNorthArrow(doc, page.north, map, s);
  drawScaleBar(doc, page, map, s);
  drawLegend(doc, page, legend, s);
  doc
    .font('regular')
    .fontSize(7.5 * s)
    .fillColor(MUTED)
    .text(page.source, footer.x, footer.y + 8 * s, {
      width: footer.w - 90 * s,
    });
  doc.text(page.pageLine, footer.x + footer.w - 85 * s, footer.y + 8 * s, {
    width: 85 * s,
    align: 'right',
    lineBreak: false,
  });
}

/** The atlas as PDF bytes. */
export function atlasPdf(atlas: AtlasDocument, documentTitle: string): Promise<Buffer> {
  const date = new Date(`${atlas.date}T00:00:00Z`);
  const { doc, bytes } = pdfDocument({
    autoFirstPage: false,
    compress: true,
    lang: atlas.lang,
    displayTitle: true,
    info: {
      Title: documentTitle,
      Author: 'Sidaksos',
      Creator: 'Sidaksos',
      Producer: 'Sidaksos (pdfkit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  for (const page of atlas.pages) drawPage(doc, atlas, page);
  doc.end();
  return bytes;
}
