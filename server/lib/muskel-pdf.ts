// The musyawarah kelurahan list as a printable PDF (A4 landscape, a grid drawn cell by cell): one table per RW with a
// decision column to tick (keep / remove / change) and a note, blank rows for households the meeting proposes
// to add, and the signature block of the berita acara. Text in the embedded DejaVu Sans (☐, ’ and – are beyond
// the standard fonts), so it stays extractable. The service has masked NIK and KK; there is no address.
import { t, type Lang } from '../i18n/translate.ts';
import { pdfDocument, type Doc } from './pdf-document.ts';
import { gridRow, type Grid } from './pdf-grid.ts';

export interface MuskelHousehold {
  head: string | null;
  headNik: string | null;
  kk: string;
  rt: number | null;
  rw: number | null;
  desil: number | null;
  poor: boolean;
  members: number;
  disabled: number;
}

export interface MuskelDocument {
  lang: Lang;
  kelurahan: string;
  period: string;
  rw: number | null;
  user: string;
  at: Date;
  households: readonly MuskelHousehold[];
}

const INK = '#1f2933';
const MUTED = '#52606d';
const pad3 = (n: number) => String(n).padStart(3, '0');
/** Blank rows per RW for households the meeting adds. */
const ADD_ROWS = 3;

function category(lang: Lang, h: MuskelHousehold): string {
  const parts = [h.desil === null ? t(lang, 'muskel.noDesil') : t(lang, 'muskel.desil', { desil: h.desil })];
  if (h.poor) parts.push(t(lang, 'muskel.poor'));
  if (h.disabled > 0) parts.push(t(lang, 'muskel.disabled', { count: h.disabled }));
  return parts.join(', ');
}

function groupByRw(households: readonly MuskelHousehold[]): Array<[number | null, MuskelHousehold[]]> {
  const groups = new Map<number | null, MuskelHousehold[]>();
  for (const h of households) groups.set(h.rw, [...(groups.get(h.rw) ?? []), h]);
  return [...groups.entries()];
}

const COLUMNS = [
  ['no', 28],
  ['head', 150],
  ['headNik', 100],
  ['kk', 100],
  ['rt', 30],
  ['category', 140],
  ['members', 45],
  ['decision', 112],
  ['note', 65],
] as const;

const grid = (lang: Lang): Grid => ({
  widths: COLUMNS.map(([, w]) => w),
  header: COLUMNS.map(([key]) => t(lang, `muskel.${key}`)),
});

function rwTable(doc: Doc, lang: Lang, rw: number | null, rows: MuskelHousehold[], start: number): void {
  const g = grid(lang);
  if (doc.y + 54 > doc.page.maxY()) doc.addPage();
  doc
    .font('bold')
    .fontSize(11)
    .fillColor(INK)
    .text(
      rw === null
        ? t(lang, 'muskel.noRw')
        : t(lang, 'muskel.rwHeading', { rw: pad3(rw), count: rows.length }),
      doc.page.margins.left,
    );
  doc.moveDown(0.3);
  gridRow(doc, g, g.header, 'header');
  rows.forEach((h, i) =>
    gridRow(doc, g, [
      String(start + i),
      h.head ?? '—',
      h.headNik ?? '—',
      h.kk,
      h.rt === null ? '—' : pad3(h.rt),
      category(lang, h),
      String(h.members),
      t(lang, 'muskel.choices'),
      '',
    ]),
  );
  doc.moveDown(0.4);
  doc.font('regular').fontSize(8.5).fillColor(MUTED).text(t(lang, 'muskel.added'), doc.page.margins.left);
  doc.moveDown(0.2);
  for (let i = 0; i < ADD_ROWS; i++) gridRow(doc, g, []);
  doc.moveDown(1);
}

function signatures(doc: Doc, lang: Lang): void {
  if (doc.y > doc.page.maxY() - 110) doc.addPage();
  doc.font('bold').fontSize(10).fillColor(INK).text(t(lang, 'muskel.signatures'));
  doc.moveDown(2.5);
  const roles = ['muskel.sign.lurah', 'muskel.sign.rw', 'muskel.sign.companion'] as const;
  const left = doc.page.margins.left;
  const width = (doc.page.width - left - doc.page.margins.right) / roles.length;
  const y = doc.y;
  roles.forEach((key, i) => {
    const x = left + i * width;
    doc
      .moveTo(x + 10, y)
      .lineTo(x + width - 30, y)
      .lineWidth(0.5)
      .strokeColor(MUTED)
      .stroke();
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(t(lang, key), x + 10, y + 4, { width: width - 40 });
  });
}

/** The list as PDF bytes. */
export function muskelPdf(m: MuskelDocument): Promise<Buffer> {
  const title = t(m.lang, 'muskel.title', { kelurahan: m.kelurahan });
  const { doc, bytes } = pdfDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    compress: true,
    lang: m.lang,
    displayTitle: true,
    info: { Title: title, Author: 'Sidaksos', Creator: 'Sidaksos', Producer: 'Sidaksos (pdfkit)' },
  });
  doc.font('bold').fontSize(15).fillColor(INK).text(title);
  const rw = m.rw === null ? t(m.lang, 'muskel.allRw') : t(m.lang, 'muskel.oneRw', { rw: pad3(m.rw) });
  doc
    .font('regular')
    .fontSize(10)
    .text(t(m.lang, 'muskel.scope', { period: m.period, rw, count: m.households.length }));
  doc
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(
      t(m.lang, 'muskel.printed', { user: m.user, at: m.at.toISOString().slice(0, 16).replace('T', ' ') }),
    );
  doc.moveDown(1);
  if (m.households.length === 0)
    doc.font('regular').fontSize(10).fillColor(INK).text(t(m.lang, 'muskel.empty'));
  let start = 1;
  for (const [rwCode, rows] of groupByRw(m.households)) {
    rwTable(doc, m.lang, rwCode, rows, start);
    start += rows.length;
  }
  signatures(doc, m.lang);
  doc.end();
  return bytes;
}
