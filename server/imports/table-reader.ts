// Reads a CSV or XLSX file as a stream of rows keyed by normalised header, whatever the source: the kind is
// told by content (a ZIP signature is XLSX), never by the file name; CSV delimiter (comma, semicolon, tab)
// and encoding (UTF-8 with or without BOM, else Windows-1252) are detected. Memory stays flat: CSV is parsed
// as a stream and XLSX with exceljs' streaming reader.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type CellValue = string | number | boolean | Date | null;

export interface TableRow {
  /** 1-based line (CSV) or row (XLSX) number in the file, as the user sees it in their editor. */
  rowNumber: number;
  cells: Record<string, CellValue>;
  /** Set when the row has more cells than the header (CSV). */
  extraCells?: number;
}

/** A problem with the file as a whole: nothing from it is applied. */
export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

export interface TableInfo {
  format: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'windows-1252';
  delimiter?: string;
  headers: string[];
}

/** Header text → a key: lower case, spaces and dashes as underscores, no surrounding punctuation. */
export function normaliseHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const SNIFF_BYTES = 64 * 1024;

async function sniff(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isUtf8(buf: Buffer): boolean {
  // The sniffed prefix may end inside a multi-byte character: drop up to three trailing bytes.
  for (let cut = 0; cut <= 3 && cut < buf.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut));
      return true;
    } catch {
      /* try a shorter prefix */
    }
  }
  return buf.length === 0;
}

/** The delimiter that splits the header line into the most fields (quotes respected). */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * Opens a table file and returns its description and an async iterator of rows. Throws FileFormatError for
 * empty, binary or header-less files.
 */
export interface OpenedTable {
  info: TableInfo;
  rows: AsyncGenerator<TableRow>;
  /** Share of the file read so far (0–1), for progress bars. */
  fraction: () => number;
}

export async function openTable(path: string): Promise<OpenedTable> {
  const head = await sniff(path);
  if (head.length === 0) throw new FileFormatError('The file is empty.');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return openXlsx(path);
  if (head.includes(0))
    throw new FileFormatError(
      'The file is binary, not a CSV text file or an XLSX workbook. Save it from Excel as “CSV UTF-8” or “Excel Workbook (.xlsx)”.',
    );
  const bom = head.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  const encoding = bom || isUtf8(head) ? 'utf-8' : 'windows-1252';
  const text = encoding === 'utf-8' ? head.toString('utf8') : iconv.decode(head, 'win1252');
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/)[0] ?? '';
  const delimiter = detectDelimiter(firstLine);
  return openCsv(path, encoding, delimiter);
}

async function openCsv(
  path: string,
  encoding: 'utf-8' | 'windows-1252',
  delimiter: string,
): Promise<OpenedTable> {
  const file = createReadStream(path);
  const size = (await stat(path)).size;
  const source: Readable =
    encoding === 'utf-8'
      ? file
      : file.pipe(iconv.decodeStream('win1252') as unknown as NodeJS.WritableStream & Readable);
  const parser = source.pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { lines: number };
  }>;
  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await iterator.next();
  } catch (err) {
    throw new FileFormatError(`The CSV cannot be read: ${(err as Error).message}`);
  }
  // Leading lines starting with # (the preamble of our own exports and templates) are not the header.
  while (!first.done && (first.value.record[0] ?? '').startsWith('#')) first = await iterator.next();
  if (first.done) throw new FileFormatError('The file has no header row.');
  const headers = first.value.record.map(normaliseHeader);
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const { record, info } = next.value;
        const cells: Record<string, CellValue> = {};
        headers.forEach(
          (h, i) => (cells[h] = record[i] === undefined || record[i] === '' ? null : record[i]),
        );
        yield {
          rowNumber: info.lines,
          cells,
          ...(record.length > headers.length ? { extraCells: record.length - headers.length } : {}),
        };
      }
    } catch (err) {
      throw new FileFormatError(`The CSV cannot be read: ${(err as Error).message}`);
    }
  }
  return {
    info: { format: 'csv', encoding, delimiter, headers },
    rows: rows(),
    fraction: () => (size > 0 ? file.bytesRead / size : 1),
  };
}

/** The value a spreadsheet cell shows: formula results, rich text joined, hyperlinks as their text. */
export function cellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('result' in v) return cellValue((v as ExcelJS.CellFormulaValue).result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return null;
  }
  return null;
}

async function openXlsx(path: string): Promise<OpenedTable> {
  const file = createReadStream(path);
  const size = (await stat(path)).size;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    worksheets: 'emit',
  });
  const sheets = reader[Symbol.asyncIterator]();
  let sheet: IteratorResult<ExcelJS.stream.xlsx.WorksheetReader>;
  try {
    sheet = await sheets.next();
  } catch (err) {
    throw new FileFormatError(`The XLSX workbook cannot be read: ${(err as Error).message}`);
  }
  if (sheet.done) throw new FileFormatError('The workbook has no worksheet.');
  const rowIterator = sheet.value[Symbol.asyncIterator]() as AsyncIterator<ExcelJS.Row>;
  let headerRow: ExcelJS.Row | undefined;
  for (;;) {
    const next = await rowIterator.next();
    if (next.done) break;
    const firstCell = cellValue(next.value.getCell(1).value);
    if (next.value.actualCellCount > 0 && !(typeof firstCell === 'string' && firstCell.startsWith('#'))) {
      headerRow = next.value;
      break;
    }
  }
  if (!headerRow) throw new FileFormatError('The first worksheet has no header row.');
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = normaliseHeader(String(cellValue(cell.value) ?? ''));
  });
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const next = await rowIterator.next();
      if (next.done) return;
      const row = next.value;
      if (row.actualCellCount === 0) continue;
      const cells: Record<string, CellValue> = {};
      headers.forEach((h, i) => {
        const v = cellValue(row.getCell(i + 1).value);
        cells[h] = typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v;
      });
      yield { rowNumber: row.number, cells };
    }
  }
  return {
    info: { format: 'xlsx', headers },
    rows: rows(),
    fraction: () => (size > 0 ? file.bytesRead / size : 1),
  };
}
