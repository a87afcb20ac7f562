// Every PDF the server draws (the atlas, the musyawarah kelurahan list) starts here: a pdfkit document with
// DejaVu Sans embedded (an npm package, so no system font is needed; its glyphs cover what the standard PDF
// fonts' WinAnsi does not — ≥, –, ², ☐ — and keep the text extractable) as 'regular' and 'bold', and the
// promise of its bytes once the caller ends it.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

export type Doc = InstanceType<typeof PDFDocument>;

export function pdfDocument(options: PDFKit.PDFDocumentOptions): { doc: Doc; bytes: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  doc.registerFont('regular', path.join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
