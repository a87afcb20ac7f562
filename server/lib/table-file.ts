// Tables as downloadable files (CSV or XLSX) with a preamble line saying who exported what and when, so a
// file found on a desk can be traced. Cells that a spreadsheet would run as formulas are defused.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type TableFormat = 'csv' | 'xlsx';

export interface TableColumn<R> {
  header: string;
  value: (row: R) => string | number | boolean | null | undefined;
  /** Column width in characters (XLSX). */
  width?: number;
}

export interface TableFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

/** A leading = + - @ (or tab/CR) starts a formula in spreadsheets: prefix text cells so they stay text. */
export function defuse(v: string): string {
  // Plain numbers such as -6,9826 (a latitude) are data, not formulas.
  if (/^[-+]?\d+([.,]\d+)?$/.test(v)) return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function cell(v: string | number | boolean | null | undefined): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? defuse(v) : v;
}

export async function tableFile<R>(
  format: TableFormat,
  name: string,
  preamble: string,
  columns: ReadonlyArray<TableColumn<R>>,
  rows: readonly R[],
): Promise<TableFile> {
  const filename = `${name}.${format}`;
  if (format === 'csv') {
    const records = [[`# ${preamble}`], columns.map((c) => c.header)];
    for (const r of rows) records.push(columns.map((c) => cell(c.value(r)) as string));
    // BOM: Excel opens UTF-8 CSV correctly only with it (names with diacritics).
    const text = `\ufeff${stringify(records, { record_delimiter: '\r\n', cast: { boolean: (b) => String(b) } })}`;
    return { body: Buffer.from(text, 'utf8'), contentType: 'text/csv; charset=utf-8', filename };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Sidaksos';
  const sheet = workbook.addWorksheet('Sidaksos');
  sheet.addRow([preamble]).font = { italic: true };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => cell(c.value(r))));
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length + 2)));
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return {
    body,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename,
  };
}
