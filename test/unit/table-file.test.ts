import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { defuse, tableFile, type TableColumn } from '../../server/lib/table-file.ts';

interface Row {
  name: string;
  n: number | null;
}
const COLUMNS: Array<TableColumn<Row>> = [
  { header: 'Nama', value: (r) => r.name },
  { header: 'Jumlah', value: (r) => r.n },
];
const ROWS: Row[] = [
  { name: 'Ngaliyan, "Barat"', n: 12 },
  { name: '=HYPERLINK("http://x")', n: null },
  { name: 'Tembalang', n: 0 },
];

describe('table files', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+62', '+62'],
    ['-6,9826', '-6,9826'],
    ['-5+1', "'-5+1"],
    ['+62 812', "'+62 812"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Semarang', 'Semarang'],
    ['', ''],
  ])('defuses %j as %j', (input, output) => expect(defuse(input)).toBe(output));

  it('writes CSV with a BOM, the preamble, the header and quoted, defused cells', async () => {
    const file = await tableFile('csv', 'uji', 'diekspor oleh t.admin', COLUMNS, ROWS);
    expect(file.filename).toBe('uji.csv');
    const text = file.body.toString('utf8');
    expect(text.startsWith('\ufeff# diekspor oleh t.admin\r\n')).toBe(true);
    const records: string[][] = parse(text.slice(1), { relax_column_count: true });
    expect(records.slice(1)).toEqual([
      ['Nama', 'Jumlah'],
      ['Ngaliyan, "Barat"', '12'],
      ['\'=HYPERLINK("http://x")', ''],
      ['Tembalang', '0'],
    ]);
  });

  it('writes an XLSX that reads back with numbers as numbers and empty cells for nulls', async () => {
    const file = await tableFile('xlsx', 'uji', 'diekspor oleh t.admin', COLUMNS, ROWS);
    expect(file.contentType).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('diekspor oleh t.admin');
    expect(sheet.getRow(2).values).toEqual([undefined, 'Nama', 'Jumlah']);
    expect(sheet.getCell('B3').value).toBe(12);
    expect(sheet.getCell('A4').value).toBe('\'=HYPERLINK("http://x")');
    expect(sheet.getCell('B4').value).toBeNull();
    expect(sheet.rowCount).toBe(5);
  });
});
