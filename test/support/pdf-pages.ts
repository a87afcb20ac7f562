// A PDF read back the way a reader's viewer sees it (pdf.js): each page's text, its filled paths and size, so
// tests assert on what a printout shows (names present, no full NIK) rather than on how it was drawn.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const FILL_OPS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke]);

export interface PageRead {
  text: string;
  /** Text with all white space removed (pdf.js splits and joins runs its own way). */
  squashed: string;
  filledPaths: number;
  size: [number, number];
}

export async function readPdf(body: Buffer): Promise<PageRead[]> {
  const doc = await getDocument({ data: new Uint8Array(body), isEvalSupported: false }).promise;
  const pages: PageRead[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    const ops = await page.getOperatorList();
    let filledPaths = 0;
    ops.fnArray.forEach((fn, j) => {
      const op = (ops.argsArray[j] as unknown[] | null)?.[0];
      if (fn === OPS.constructPath && typeof op === 'number' && FILL_OPS.has(op)) filledPaths += 1;
    });
    const [, , w, h] = page.view;
    pages.push({ text, squashed: text.replace(/\s+/g, ''), filledPaths, size: [w!, h!] });
  }
  await doc.destroy();
  return pages;
}
