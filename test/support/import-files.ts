// Synthetic households-import files for tests: template rows for made-up people with valid NIKs, written as
// CSV (any delimiter/encoding) or XLSX.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import iconv from 'iconv-lite';
import { makeNik } from '../../server/domain/nik.ts';
import { HOUSEHOLD_COLUMNS } from '../../server/imports/households/household-template.ts';

export type ImportRow = Record<string, string | undefined>;

export const HEADER = HOUSEHOLD_COLUMNS.map((c) => c.name);

/** A household of `size` members in a kelurahan at a point; serials keep NIKs unique across calls. */
export function household(opts: {
  kk: string;
  kelurahan: string;
  lat: number;
  lon: number;
  size: number;
  desil?: number;
  serial: number;
}): ImportRow[] {
  const kecamatan = opts.kelurahan.slice(0, 8);
  return Array.from({ length: opts.size }, (_, i) => {
    const sex = i % 2 === 0 ? 'L' : 'P';
    const birth =
      i === 0
        ? '1980-03-14'
        : i === 1
          ? '1984-11-02'
          : `20${String(10 + i).padStart(2, '0')}-06-0${(i % 9) + 1}`;
    const [y, m, d] = birth.split('-');
    return {
      no_kk: opts.kk,
      kode_kelurahan: opts.kelurahan,
      alamat: `Jl. Uji Coba No. ${opts.serial}`,
      rt: '3',
      rw: '2',
      lintang: String(opts.lat).replace('.', ','),
      bujur: String(opts.lon).replace('.', ','),
      desil: String(opts.desil ?? 2),
      sumber_desil: 'DTSEN',
      luas_lantai_m2: '36',
      penerangan: '',
      rumah_tidak_layak: 'tidak',
      nik: makeNik(kecamatan, birth, sex, opts.serial * 10 + i + 1),
      nama: `Warga Uji ${opts.serial}-${i + 1}`,
      jenis_kelamin: sex,
      tanggal_lahir: `${d}/${m}/${y}`,
      hubungan: i === 0 ? 'kepala_keluarga' : i === 1 ? 'istri' : 'anak',
      disabilitas: i === 2 ? 'fisik:berat' : '',
    };
  });
}

const dir = () => mkdtempSync(join(tmpdir(), 'sidaksos-import-'));

function quote(v: string, delimiter: string): string {
  return /["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvText(rows: ImportRow[], delimiter = ',', header = HEADER): string {
  const lines = [
    header.join(delimiter),
    ...rows.map((r) => header.map((h) => quote(r[h] ?? '', delimiter)).join(delimiter)),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function writeCsv(
  rows: ImportRow[],
  opts: {
    delimiter?: string;
    encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1252';
    header?: string[];
    name?: string;
  } = {},
): string {
  const text = csvText(rows, opts.delimiter ?? ',', opts.header ?? HEADER);
  const path = join(dir(), opts.name ?? 'keluarga.csv');
  const body =
    opts.encoding === 'windows-1252'
      ? iconv.encode(text, 'win1252')
      : Buffer.from(opts.encoding === 'utf-8-bom' ? `\ufeff${text}` : text, 'utf8');
  writeFileSync(path, body);
  return path;
}

export function writeRaw(content: Buffer | string, name: string): string {
  const path = join(dir(), name);
  writeFileSync(path, content);
  return path;
}

/** An XLSX with the rows; `decorate` may add formulas, merges or styles to the sheet. */
export async function writeXlsx(
  rows: ImportRow[],
  decorate?: (sheet: ExcelJS.Worksheet) => void,
): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Keluarga');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(HEADER.map((h) => r[h] ?? ''));
  decorate?.(sheet);
  const path = join(dir(), 'keluarga.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

/** A point inside a kelurahan of the active boundaries (where its test households live). */
export async function kelurahanPoint(knex: Knex, code: string): Promise<{ lat: number; lon: number }> {
  const { rows } = await knex.raw<{ rows: Array<{ lat: number; lon: number }> }>(
    `select ST_Y(p) lat, ST_X(p) lon from (select ST_PointOnSurface(b.geom) p from area_boundaries b
     join boundary_sets s on s.id = b.boundary_set_id and s.active where b.area_code = ?) q`,
    [code],
  );
  if (!rows[0]) throw new Error(`kelurahan ${code} has no active boundary`);
  return rows[0];
}

/**
 * A stored household as file rows: every member as stored (NIK, name, sex, birth date, relation, disabilities)
 * and the household cells empty, so importing them unchanged changes nothing; tests then change what they test.
 */
export async function storedHouseholdRows(
  knex: Knex,
  period: string,
  householdId: string,
): Promise<ImportRow[]> {
  const h = await knex('households')
    .where({ period_code: period, id: householdId })
    .first<{ kk: string; kelurahan_code: string } | undefined>('kk', 'kelurahan_code');
  if (!h) throw new Error(`no household ${householdId} in ${period}`);
  const members = await knex.raw<{
    rows: Array<{ nik: string; name: string; sex: string; birth: string; relation: string; dis: string }>;
  }>(
    `select m.nik, m.name, m.sex, to_char(m.birth_date, 'DD/MM/YYYY') birth, m.relation,
            coalesce(string_agg(d.disability_type || ':' || d.severity, '|'), '') dis
     from members m left join member_disabilities d on d.period_code = m.period_code and d.member_id = m.id
     where m.period_code = ? and m.household_id = ?
     group by m.region_code, m.period_code, m.id order by m.nik`,
    [period, householdId],
  );
  return members.rows.map((m) => ({
    no_kk: h.kk,
    kode_kelurahan: h.kelurahan_code,
    nik: m.nik,
    nama: m.name,
    jenis_kelamin: m.sex,
    tanggal_lahir: m.birth,
    hubungan: m.relation,
    disabilitas: m.dis,
  }));
}
