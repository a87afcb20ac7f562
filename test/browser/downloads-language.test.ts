// Issue #17, "bilingual all the way down": every file a screen offers for download, fetched through the link the
// screen shows, is in the language of that screen. Each file is read whole (CSV cells, every XLSX cell) and may
// hold no word found only in the other language's catalogues (test/support/language-words.ts), proper names
// aside, while it does hold words of its own language, so a file of bare numbers cannot pass by accident.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { CODE_LISTS } from '../../server/domain/code-lists.ts';
import { ENROLMENT_COLUMNS, HOUSEHOLD_COLUMNS } from '../../server/imports/households/household-template.ts';
import { TEST_PASSWORD, userAdmin } from '../support/auth-fixtures.ts';
import { launchBrowser, logIn, openPage, waitForMap } from '../support/browser.ts';
import { registryWords } from '../support/registry-words.ts';
import { foreignWords, ONLY_IN, wordsOf, type Lang } from '../support/language-words.ts';

/** Where each download link is: the screen (URL hash), what to do first, and the links' test ids. */
const PLACES: Array<{ hash: string; before?: (page: Page) => Promise<void>; links: string[] }> = [
  {
    hash: '',
    before: (page) => page.getByTestId('ranking-toggle').click(),
    links: ['ranking-csv', 'ranking-xlsx'],
  },
  { hash: 'targeting/lists-pkh', links: ['targets-csv', 'targets-xlsx'] },
  {
    hash: 'targeting/lists-pkh',
    before: (page) => page.getByTestId('targeting-tab-coverage').click(),
    links: ['coverage-csv'],
  },
  { hash: 'imports', links: ['import-template-csv', 'import-template-xlsx'] },
  { hash: 'audit', links: ['audit-export'] },
];

/** The file behind a link, fetched by the page itself (its session, its language), as bytes. */
async function fetchLink(
  page: Page,
  testid: string,
): Promise<{ href: string; status: number; bytes: Buffer }> {
  const link = page.getByTestId(testid).first();
  await link.waitFor();
  const href = (await link.getAttribute('href'))!;
  // A file the page builds itself is a data: URL (the CSP's connect-src keeps fetch to the app's own origin).
  if (href.startsWith('data:')) {
    const comma = href.indexOf(',');
    const body = href.slice(comma + 1);
    const bytes = href.slice(0, comma).endsWith(';base64')
      ? Buffer.from(body, 'base64')
      : Buffer.from(decodeURIComponent(body), 'utf8');
    return { href: href.slice(0, 40), status: 200, bytes };
  }
  const { status, base64 } = await page.evaluate(async (url) => {
    const r = await fetch(url, { credentials: 'same-origin' });
    const b = new Uint8Array(await r.arrayBuffer());
    let s = '';
    for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
    return { status: r.status, base64: btoa(s) };
  }, href);
  return { href, status, bytes: Buffer.from(base64, 'base64') };
}

/** A PDF's text, whitespace removed (the atlas places words glyph run by glyph run). */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  await doc.destroy();
  return text.replace(/\s+/g, '');
}

/** Every cell of a CSV (a leading "# title" line included) or of every sheet of an XLSX. */
async function cellsOf(bytes: Buffer): Promise<string[]> {
  if (bytes.subarray(0, 2).toString() === 'PK') {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of book.worksheets) {
      cells.push(sheet.name);
      sheet.eachRow((row) => row.eachCell((c) => cells.push(c.text)));
    }
    return cells;
  }
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  const rows: string[][] = parse(text, { relax_column_count: true, skip_empty_lines: true });
  return rows.flat();
}

describe('every download in the language of the screen that offers it', () => {
  let browser: Browser;
  /**
   * What reads the same in both languages: names of places, programs, agencies and the region; the import
   * format's column names, codes and sample values (a yes/no sample is translated, so it is not listed).
   */
  const names = new Set<string>([
    ...[...HOUSEHOLD_COLUMNS, ...ENROLMENT_COLUMNS].flatMap((c) =>
      c.yesNo ? [c.name] : [c.name, c.example],
    ),
    ...Object.values(CODE_LISTS).flatMap((list) => list.map((c) => c.code)),
  ]);
  const values = new Set<string>();
  beforeAll(async () => {
    const knex = createKnex({ url: inject('databaseUrl') });
    try {
      await userAdmin(knex).create({
        username: 'dl.admin',
        displayName: 'Download Admin',
        role: 'admin',
        password: TEST_PASSWORD,
      });
      const words = await registryWords(knex);
      for (const n of words.names) names.add(n);
      for (const v of words.values) values.add(v);
    } finally {
      await knex.destroy();
    }
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  for (const lang of ['en', 'id'] as Lang[])
    it(`${lang === 'en' ? 'English' : 'Indonesian'} screens give ${lang === 'en' ? 'English' : 'Indonesian'} files`, async () => {
      const w = await openPage(browser, '/');
      await waitForMap(w);
      const { page } = w;
      await logIn(w, 'dl.admin');
      if (lang === 'en') {
        await page.goto(`${inject('baseUrl')}/?lang=en`);
        await waitForMap(w);
      }
      const seen: string[] = [];
      for (const place of PLACES) {
        await page.evaluate((h) => (location.hash = h), place.hash);
        await page.waitForLoadState('networkidle');
        await place.before?.(page);
        for (const testid of place.links) {
          const file = await fetchLink(page, testid);
          expect(file.status, `${testid} ${file.href}`).toBe(200);
          const cells = await cellsOf(file.bytes);
          expect(foreignWords(cells, lang, names, values), `${testid}: words of the other language`).toEqual(
            [],
          );
          const own = cells.flatMap(wordsOf).filter((x) => ONLY_IN[lang].has(x));
          expect(own.length, `${testid}: no word of its own language`).toBeGreaterThan(0);
          seen.push(testid);
        }
      }
      expect(seen).toEqual(PLACES.flatMap((p) => p.links));

      // The semester atlas of a finalized period: a PDF whose page words are this language's.
      await page.goto(`${inject('baseUrl')}/?lang=${lang}&period=2025-07`);
      await waitForMap(w);
      const atlas = await fetchLink(page, 'atlas-pdf');
      expect(atlas.href).toContain(`lang=${lang}`);
      expect(atlas.status, atlas.href).toBe(200);
      expect(atlas.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(atlas.bytes);
      const [own, other] = lang === 'en' ? ['Page1of', 'Halaman1dari'] : ['Halaman1dari', 'Page1of'];
      expect(text).toContain(own);
      expect(text).not.toContain(other);
      expect(w.errors).toEqual([]);
      await page.close();
    });
});
