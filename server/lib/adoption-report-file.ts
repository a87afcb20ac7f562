// The adoption report as files: XLSX (every line, every indicator of the RT/RW set, every cycle count) and PDF
// (A4 landscape: the registry with the headline indicators, then the cycle's counts, then the berita acara
// received). Both from the same lines, so they agree with each other and with the indicators.
import { CYCLE_COUNTS, type ReportLine } from '../domain/adoption-report.ts';
import { NEIGHBOURHOOD_INDICATORS } from '../domain/neighbourhood.ts';
import { t, type Lang } from '../i18n/translate.ts';
import type { AdoptionReport } from '../services/adoption-report-service.ts';
import { pdfDocument, type Doc } from './pdf-document.ts';
import { gridRow, type Grid } from './pdf-grid.ts';
import { tableFile, type TableColumn, type TableFile } from './table-file.ts';

const round1 = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(v * 10) / 10;
const share = (l: ReportLine) =>
  l.counts.active === 0 ? null : round1((100 * l.counts.verified) / l.counts.active);

function statusText(lang: Lang, l: ReportLine): string {
  if (l.status) return t(lang, `adoption.status.${l.status}`);
  return t(lang, 'adoption.closedOf', { closed: l.closed, count: l.kelurahan });
}

export function reportColumns(lang: Lang): Array<TableColumn<ReportLine>> {
  const col = (k: string) => t(lang, `adoption.col.${k}` as Parameters<typeof t>[1]);
  return [
    { header: col('level'), value: (l) => t(lang, `adoption.level.${l.level}`), width: 11 },
    { header: col('code'), value: (l) => l.code, width: 14 },
    { header: col('area'), value: (l) => l.name, width: 22 },
    { header: col('status'), value: (l) => statusText(lang, l), width: 14 },
    { header: col('muskelOn'), value: (l) => l.muskelOn, width: 12 },
    { header: col('households'), value: (l) => l.households, width: 10 },
    { header: col('persons'), value: (l) => l.persons, width: 10 },
    ...NEIGHBOURHOOD_INDICATORS.map((d) => ({
      header: d.label[lang],
      value: (l: ReportLine) => round1(l.values[d.id]?.value),
      width: 16,
    })),
    ...CYCLE_COUNTS.map((c) => ({ header: col(c), value: (l: ReportLine) => l.counts[c], width: 11 })),
    { header: col('verifiedShare'), value: share, width: 11 },
  ];
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

function preamble(lang: Lang, r: AdoptionReport): string[] {
  const lines = [
    r.adoptedAt
      ? t(lang, 'adoption.adopted', { at: when(r.adoptedAt), user: r.adoptedBy ?? '—' })
      : t(lang, 'adoption.draft'),
  ];
  if (r.adoptedAt)
    lines.push(
      r.leftOpen.length
        ? t(lang, 'adoption.leftOpen', {
            count: r.leftOpen.length,
            names: r.leftOpen.map((k) => k.name).join(', '),
            reason: r.reason ?? '—',
          })
        : t(lang, 'adoption.allClosed'),
    );
  return lines;
}

export function adoptionXlsx(lang: Lang, r: AdoptionReport, user: string, at: Date): Promise<TableFile> {
  return tableFile(
    'xlsx',
    `sidaksos-penetapan-${r.period}`,
    [
      t(lang, 'adoption.title', { period: r.period, region: r.region }),
      ...preamble(lang, r),
      t(lang, 'adoption.printed', { user, at: when(at.toISOString()) }),
    ].join(' · '),
    reportColumns(lang),
    r.lines,
  );
}

const INK = '#1f2933';
const MUTED = '#52606d';
const HEADLINE = ['poor_households', 'poor_share', 'disability_rate', 'unverified_share'];

function table(doc: Doc, g: Grid, lines: readonly ReportLine[], cells: (l: ReportLine) => string[]): void {
  gridRow(doc, g, g.header, 'header');
  for (const l of lines) gridRow(doc, g, cells(l), l.level === 'kelurahan' ? undefined : 'total');
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

export function adoptionPdf(lang: Lang, r: AdoptionReport, user: string, at: Date): Promise<Buffer> {
  const title = t(lang, 'adoption.title', { period: r.period, region: r.region });
  const { doc, bytes } = pdfDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    compress: true,
    lang,
    displayTitle: true,
    info: { Title: title, Author: 'Sidaksos', Creator: 'Sidaksos', Producer: 'Sidaksos (pdfkit)' },
  });
  doc.font('bold').fontSize(14).fillColor(INK).text(title);
  doc.font('regular').fontSize(9.5);
  for (const line of preamble(lang, r)) doc.text(line);
  doc
    .fontSize(8)
    .fillColor(MUTED)
    .text(t(lang, 'adoption.printed', { user, at: when(at.toISOString()) }));
  doc.moveDown(0.8);
  const col = (k: string) => t(lang, `adoption.col.${k}` as Parameters<typeof t>[1]);
  const headline = NEIGHBOURHOOD_INDICATORS.filter((d) => HEADLINE.includes(d.id));
  const area = (l: ReportLine) => (l.level === 'kelurahan' ? `  ${l.name}` : l.name.toUpperCase());

  doc.font('bold').fontSize(11).fillColor(INK).text(t(lang, 'adoption.section.registry'));
  doc.moveDown(0.3);
  const right = (from: number, to: number) => new Set(Array.from({ length: to - from }, (_, i) => from + i));
  const registry: Grid = {
    widths: [170, 82, 80, 70, 70, ...headline.map(() => 74)],
    header: [
      col('area'),
      col('code'),
      col('status'),
      col('households'),
      col('persons'),
      ...headline.map((d) => d.label[lang]),
    ],
    rowHeight: 14,
    headerHeight: 26,
    fontSize: 7,
    right: right(3, 5 + headline.length),
  };
  table(doc, registry, r.lines, (l) => [
    area(l),
    l.code,
    statusText(lang, l),
    String(l.households),
    String(l.persons),
    ...headline.map((d) => n(round1(l.values[d.id]?.value))),
  ]);

  doc.addPage();
  doc.font('bold').fontSize(11).fillColor(INK).text(t(lang, 'adoption.section.cycle'));
  doc.moveDown(0.3);
  const counts = [
    'entered',
    'moved_out',
    'died',
    'not_eligible',
    'verified',
    'approved',
    'rejected',
    'pending',
    'kept',
    'removed',
    'added',
    'berita_acara',
  ] as const;
  const cycle: Grid = {
    widths: [150, 56, ...counts.map(() => 47)],
    header: [col('area'), col('muskelOn'), ...counts.map(col)],
    rowHeight: 14,
    headerHeight: 26,
    fontSize: 6.5,
    right: right(2, 2 + counts.length),
  };
  table(doc, cycle, r.lines, (l) => [area(l), l.muskelOn ?? '', ...counts.map((c) => String(l.counts[c]))]);

  doc.moveDown(1);
  if (doc.y > doc.page.maxY() - 60) doc.addPage();
  doc
    .font('bold')
    .fontSize(11)
    .fillColor(INK)
    .text(t(lang, 'adoption.section.beritaAcara', { count: r.beritaAcara.length }), doc.page.margins.left);
  doc.moveDown(0.3);
  if (r.beritaAcara.length === 0) doc.font('regular').fontSize(9).text(t(lang, 'adoption.noBeritaAcara'));
  else {
    const files: Grid = {
      widths: [180, 330, 120],
      header: [col('area'), col('file'), col('uploadedAt')],
      rowHeight: 14,
      fontSize: 7.5,
    };
    gridRow(doc, files, files.header, 'header');
    for (const b of r.beritaAcara) gridRow(doc, files, [b.name, b.fileName, when(b.uploadedAt)]);
  }
  doc.end();
  return bytes;
}
