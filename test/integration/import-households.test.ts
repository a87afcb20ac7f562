// Households-and-members import against a real database: valid files in every accepted form, each kind of
// bad row with its reason, whole-file refusals, idempotency, atomicity and operator scope.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importHouseholds,
  type HouseholdImportResult,
} from '../../server/imports/households/import-households.ts';
import { runCli } from '../support/cli.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import {
  household,
  writeCsv,
  writeRaw,
  writeXlsx,
  HEADER,
  type ImportRow,
  kelurahanPoint,
} from '../support/import-files.ts';

const KEL_A = '33.74.01.1001';
const KEL_B = '33.74.16.1001';
const PERIOD = '2025-12';

describe('households import', () => {
  let db: ScratchDatabase;
  const at = new Map<string, { lat: number; lon: number }>();
  let serial = 100;
  const hh = (kel: string, size = 3, kk?: string, desil = 2) => {
    serial++;
    const p = at.get(kel)!;
    return household({
      kk: kk ?? `3374011201${String(serial).padStart(6, '0')}`,
      kelurahan: kel,
      lat: Number(p.lat.toFixed(6)),
      lon: Number(p.lon.toFixed(6)),
      size,
      desil,
      serial,
    });
  };
  const run = (path: string, extra: Partial<Parameters<typeof importHouseholds>[1]> = {}) =>
    importHouseholds(db.knex, { regionCode: '33.74', periodCode: PERIOD, filePath: path, ...extra });
  const rejects = async (r: HouseholdImportResult | string) =>
    db
      .knex('import_rejects')
      .where({ job_id: typeof r === 'string' ? r : r.jobId })
      .orderBy('row_number')
      .select<
        Array<{
          row_number: number;
          column_name: string | null;
          value: string | null;
          reason: string;
          severity: string;
        }>
      >('row_number', 'column_name', 'value', 'reason', 'severity');
  const registryHash = async () => {
    const { rows } = await db.knex.raw<{ rows: Array<{ h: string }> }>(
      `select md5(string_agg(x, ',' order by x)) h from (
         select h.id || h.kk || h.kelurahan_code || coalesce(h.desil::text, '') || coalesce(ST_AsText(h.geom), '') || h.version as x from households h where period_code = '${PERIOD}'
         union all select m.id || m.nik || m.name || m.version from members m where period_code = '${PERIOD}'
         union all select d.member_id || d.disability_type || d.severity from member_disabilities d where period_code = '${PERIOD}') q`,
    );
    return rows[0]!.h;
  };

  beforeAll(async () => {
    db = await scratchDatabase('import_households');
    await db.knex('periods').insert([
      { region_code: '33.74', period_code: '2025-07', status: 'finalized' },
      { region_code: '33.74', period_code: PERIOD },
    ]);
    for (const kel of [KEL_A, KEL_B]) at.set(kel, await kelurahanPoint(db.knex, kel));
  });
  afterAll(() => db.drop());

  it('imports households and members, and a second import of the same file changes nothing', async () => {
    const rows = [...hh(KEL_A, 4), ...hh(KEL_A, 2), ...hh(KEL_B, 3)];
    const path = writeCsv(rows);
    const first = await run(path);
    expect(first).toMatchObject({ rowsRead: 9, rowsRejected: 0 });
    expect(first.counts).toMatchObject({
      householdsInserted: 3,
      membersInserted: 9,
      rowsStored: 9,
      rowsUnchanged: 0,
    });
    const kk = rows[0]!.no_kk!;
    const stored = await db
      .knex('households')
      .where({ period_code: PERIOD, kk })
      .first<Record<string, unknown>>();
    expect(stored).toMatchObject({
      kelurahan_code: KEL_A,
      desil: 2,
      record_source: 'IMPOR',
      location_check: 'inside',
      rt: 3,
    });
    const disabled = await db
      .knex('member_disabilities as d')
      .join('members as m', 'm.id', 'd.member_id')
      .where({ 'm.nik': rows[2]!.nik })
      .first<{ disability_type: string; severity: string }>('d.disability_type', 'd.severity');
    expect(disabled).toEqual({ disability_type: 'fisik', severity: 'berat' });

    const before = await registryHash();
    const second = await run(path);
    expect(second.counts).toMatchObject({
      householdsInserted: 0,
      householdsUpdated: 0,
      membersInserted: 0,
      membersUpdated: 0,
      disabilitiesChanged: 0,
      rowsUnchanged: 9,
    });
    expect(await registryHash()).toBe(before);
    const job = await db.knex('import_jobs').where({ id: second.jobId }).first<Record<string, unknown>>();
    expect(job).toMatchObject({ status: 'succeeded', rows_total: 9, rows_unchanged: 9, rows_rejected: 0 });
  });

  it('updates a household by KK in the same period, field by field, keeping its id', async () => {
    const rows = hh(KEL_A, 3);
    await run(writeCsv(rows));
    const id = (
      await db
        .knex('households')
        .where({ period_code: PERIOD, kk: rows[0]!.no_kk })
        .first<{ id: string }>('id')
    ).id;
    const changed = rows.map((r) => ({
      ...r,
      desil: '6',
      disabilitas: r.disabilitas ? 'fisik:sedang|sensorik_netra:ringan' : '',
    }));
    const result = await run(writeCsv(changed));
    expect(result.counts).toMatchObject({
      householdsUpdated: 1,
      householdsInserted: 0,
      disabilitiesChanged: 1,
    });
    const after = await db
      .knex('households')
      .where({ period_code: PERIOD, kk: rows[0]!.no_kk })
      .first<{ id: string; desil: number; version: number }>('id', 'desil', 'version');
    expect(after).toEqual({ id, desil: 6, version: 2 });
    const types = await db
      .knex('member_disabilities as d')
      .join('members as m', 'm.id', 'd.member_id')
      .where({ 'm.nik': rows[2]!.nik })
      .orderBy('d.disability_type')
      .pluck('d.disability_type');
    expect(types).toEqual(['fisik', 'sensorik_netra']);
  });

  it.each([
    ['comma, UTF-8', { delimiter: ',' }],
    ['semicolon, UTF-8 with BOM', { delimiter: ';', encoding: 'utf-8-bom' }],
    ['semicolon, Windows-1252', { delimiter: ';', encoding: 'windows-1252' }],
    ['tab', { delimiter: '\t' }],
  ] as const)('reads CSV with %s', async (_label, opts) => {
    const rows = hh(KEL_B, 2).map((r, i) => (i === 0 ? { ...r, nama: 'Sugiyanto Pranoto Widjajà' } : r));
    const result = await run(writeCsv(rows, opts));
    expect(result).toMatchObject({ rowsRead: 2, rowsRejected: 0 });
    const name = await db.knex('members').where({ nik: rows[0]!.nik }).first<{ name: string }>('name');
    expect(name.name).toBe('Sugiyanto Pranoto Widjajà');
  });

  it('accepts ISO dates and decimal points as well as DD/MM/YYYY and decimal commas', async () => {
    const rows = hh(KEL_B, 2).map((r) => {
      const [d, m, y] = r.tanggal_lahir!.split('/');
      return {
        ...r,
        tanggal_lahir: `${y}-${m}-${d}`,
        lintang: r.lintang!.replace(',', '.'),
        bujur: r.bujur!.replace(',', '.'),
      };
    });
    const result = await run(writeCsv(rows));
    expect(result.rowsRejected).toBe(0);
  });

  it('reads XLSX with formula cells by their results, and names merged (empty) cells', async () => {
    const rows = hh(KEL_A, 3);
    const path = await writeXlsx(rows, (sheet) => {
      const col = HEADER.indexOf('desil') + 1;
      sheet.getCell(2, col).value = { formula: '1+1', result: 2 };
      // A merged kode_kelurahan over rows 3–4: only the first cell keeps its value.
      const kel = HEADER.indexOf('kode_kelurahan') + 1;
      sheet.mergeCells(3, kel, 4, kel);
    });
    const result = await run(path);
    expect(result.rowsRead).toBe(3);
    const r = await rejects(result);
    expect(r.map((x) => [x.row_number, x.column_name])).toEqual([[4, 'kode_kelurahan']]);
    expect(r[0]!.reason).toContain('empty');
    const desil = await db
      .knex('households')
      .where({ kk: rows[0]!.no_kk, period_code: PERIOD })
      .first<{ desil: number }>('desil');
    expect(desil.desil).toBe(2);
  });

  // Each bad row: what is wrong, the column named, and the reason's gist.
  const A = () => hh(KEL_A, 1)[0]!;
  const cases: Array<[string, () => ImportRow, string, RegExp]> = [
    ['a NIK with 15 digits', () => ({ ...A(), nik: A().nik!.slice(1) }), 'nik', /16 digits/],
    [
      'a NIK whose birth date differs',
      () => ({ ...A(), tanggal_lahir: '15/03/1980' }),
      'nik',
      /birth date does not match/,
    ],
    ['a NIK whose sex differs', () => ({ ...A(), jenis_kelamin: 'P' }), 'nik', /sex/],
    ['a KK with letters', () => ({ ...A(), no_kk: '33740112O1250001' }), 'no_kk', /digits only/],
    ['a KK in scientific notation', () => ({ ...A(), no_kk: '3,37401E+15' }), 'no_kk', /scientific notation/],
    [
      'an unknown kelurahan',
      () => ({ ...A(), kode_kelurahan: '33.74.01.1999' }),
      'kode_kelurahan',
      /not a kelurahan of this region/,
    ],
    [
      'an impossible date',
      () => ({ ...A(), tanggal_lahir: '31/02/1980' }),
      'tanggal_lahir',
      /not a real date/,
    ],
    ['a date in the future', () => ({ ...A(), tanggal_lahir: '01/01/2099' }), 'tanggal_lahir', /future/],
    ['an unknown relation', () => ({ ...A(), hubungan: 'tetangga' }), 'hubungan', /not one of/],
    [
      'an unknown disability type',
      () => ({ ...A(), disabilitas: 'terbang:berat' }),
      'disabilitas',
      /disability type/,
    ],
    ['a latitude out of range', () => ({ ...A(), lintang: '-96,5' }), 'lintang', /outside -90 to 90/],
    ['swapped coordinates', () => ({ ...A(), lintang: '110,41', bujur: '-6,98' }), 'lintang', /swapped/],
    [
      'a point far outside the city',
      () => ({ ...A(), lintang: '-7,5', bujur: '110,9' }),
      'lintang',
      /no kelurahan of the region/,
    ],
    ['a desil of 11', () => ({ ...A(), desil: '11' }), 'desil', /outside 1 to 10/],
    ['an empty name', () => ({ ...A(), nama: '' }), 'nama', /required/],
  ];
  it.each(cases)(
    'rejects %s with the row, column and reason, and stores the rest',
    async (_label, make, column, reason) => {
      const good = hh(KEL_B, 2);
      const bad = make();
      const result = await run(writeCsv([...good, bad]));
      expect(result.rowsRejected).toBe(1);
      expect(result.counts.rowsStored).toBe(2);
      const r = (await rejects(result)).filter((x) => x.severity === 'error');
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ row_number: 4, column_name: column }); // header is line 1
      expect(r[0]!.reason).toMatch(reason);
      expect(await db.knex('members').where({ nik: bad.nik }).first()).toBeUndefined();
    },
  );

  it('rejects a NIK repeated in the file (the first row wins) and a NIK already in another KK', async () => {
    const first = hh(KEL_A, 2);
    await run(writeCsv(first));
    const other = hh(KEL_B, 2);
    const copy = {
      ...other[1]!,
      nik: other[0]!.nik,
      nama: 'Kembar',
      tanggal_lahir: other[0]!.tanggal_lahir,
      jenis_kelamin: other[0]!.jenis_kelamin,
    };
    const stolen = {
      ...hh(KEL_B, 1)[0]!,
      nik: first[0]!.nik,
      tanggal_lahir: first[0]!.tanggal_lahir,
      jenis_kelamin: first[0]!.jenis_kelamin,
    };
    const result = await run(writeCsv([...other, copy, stolen]));
    const r = (await rejects(result)).filter((x) => x.severity === 'error');
    expect(r.map((x) => [x.row_number, x.column_name])).toEqual([
      [4, 'nik'],
      [5, 'nik'],
    ]);
    expect(r[0]!.reason).toBe('NIK also on row 2');
    expect(r[1]!.reason).toMatch(/already registered in KK 3374••••••••\d{4} \(kelurahan 33\.74\.01\.1001\)/);
  });

  it('rejects every later row of a NIK held three times, and a KK put in a second kelurahan, naming the first row', async () => {
    const family = hh(KEL_A, 3);
    const twice = [1, 2].map(() => ({ ...hh(KEL_A, 1)[0]!, nik: family[0]!.nik }));
    // Rows 5-6: one KK whose second member is declared in another kelurahan than its first.
    const split = hh(KEL_B, 2);
    split[1] = { ...split[1]!, kode_kelurahan: KEL_A };
    const result = await run(writeCsv([...family, ...twice, ...split]));
    const r = (await rejects(result)).filter((x) => x.severity === 'error');
    expect(r.map((x) => [x.row_number, x.column_name, x.reason.replace(/\d{4}••••••••\d{4}/, 'KK')])).toEqual(
      [
        [5, 'nik', 'NIK also on row 2'],
        [6, 'nik', 'NIK also on row 2'],
        [8, 'kode_kelurahan', `KK KK is in kelurahan ${KEL_B} on row 7`],
      ],
    );
    expect(result.rowsRejected).toBe(3);
  });

  it('warns, naming the kelurahan, when a point lies in another kelurahan than declared', async () => {
    const b = at.get(KEL_B)!;
    const rows: ImportRow[] = hh(KEL_A, 1).map((r) => ({
      ...r,
      lintang: String(b.lat),
      bujur: String(b.lon),
    }));
    const result = await run(writeCsv(rows));
    expect(result).toMatchObject({ rowsRejected: 0, rowsWarned: 1 });
    const [w] = await rejects(result);
    expect(w).toMatchObject({ severity: 'warning', column_name: 'kode_kelurahan' });
    expect(w!.reason).toContain(KEL_B);
    const stored = await db
      .knex('households')
      .where({ kk: rows[0]!.no_kk, period_code: PERIOD })
      .first<{ location_check: string }>('location_check');
    expect(stored.location_check).toBe('other_kelurahan');
  });

  it.each([
    ['an empty file', () => writeRaw('', 'kosong.csv'), /empty/],
    ['a header-only file', () => writeRaw(`${HEADER.join(',')}\r\n`, 'header.csv'), /no data rows/],
    [
      'wrong columns',
      () => writeRaw('nama,umur\r\nBudi,40\r\n', 'salah.csv'),
      /Missing column\(s\): no_kk, kode_kelurahan, nik/,
    ],
    [
      'a binary file named .csv',
      () => writeRaw(Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x00, 0x42, 0x13, 0x37]), 'foto.csv'),
      /binary/,
    ],
    [
      'an unclosed quote',
      () => writeRaw(`${HEADER.join(',')}\r\n"3374,abc\r\n`, 'kutip.csv'),
      /cannot be read/,
    ],
  ])('refuses %s as a whole, with a clear message, changing nothing', async (_label, make, message) => {
    const before = await registryHash();
    const err = await run(make()).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect(await registryHash()).toBe(before);
    const job = await db
      .knex('import_jobs')
      .orderBy('created_at', 'desc')
      .first<{ status: string; error: string }>('status', 'error');
    expect(job?.status).toBe('failed');
    expect(job?.error).toMatch(message);
  });

  it('leaves no trace when it fails mid-apply', async () => {
    const rows = [...hh(KEL_A, 3), ...hh(KEL_B, 2)];
    const before = await registryHash();
    await expect(run(writeCsv(rows), { fault: 'after-households' })).rejects.toThrow(/injected failure/);
    expect(await registryHash()).toBe(before);
    expect(
      await db
        .knex('households')
        .whereIn(
          'kk',
          rows.map((r) => r.no_kk!),
        )
        .first(),
    ).toBeUndefined();
  });

  it('refuses a finalized period before reading the file', async () => {
    await expect(run(writeCsv(hh(KEL_A, 1)), { periodCode: '2025-07' })).rejects.toThrow(/finalized/);
  });

  it('imports from the command line with a summary, and the CLI refuses a finalized period too', async () => {
    const rows = [...hh(KEL_A, 2), { ...hh(KEL_A, 1)[0]!, desil: '12' }];
    const rejectsFile = join(dirname(writeCsv(rows)), 'ditolak.csv');
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const ok = await runCli(
      ['import', 'households', writeCsv(rows), '--period', PERIOD, '--rejects', rejectsFile],
      env,
    );
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/3 row\(s\) read: 2 stored \(0 unchanged\), 1 rejected/);
    expect(ok.out).toMatch(/row 4 \[desil\]: 12 is outside 1 to 10/);
    expect(await readFile(rejectsFile, 'utf8')).toContain('12 is outside 1 to 10');
    const refused = await runCli(
      ['import', 'households', writeCsv(hh(KEL_A, 1)), '--period', '2025-07'],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/error: Period 2025-07 is finalized and cannot be changed/);
  });

  it('prints one line, never a stack trace, when an import fails for any reason', async () => {
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    // A folder where a file is expected: the reader's own error, not one of the import's refusals.
    const r = await runCli(
      ['import', 'households', dirname(writeCsv(hh(KEL_A, 1))), '--period', PERIOD],
      env,
    );
    expect(r.code).toBe(1);
    const errors = r.out.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(1);
    expect(r.out).not.toMatch(/\n\s+at /);
  });

  it('lets an operator import only their own kelurahan', async () => {
    const mine = hh(KEL_A, 2);
    const theirs = hh(KEL_B, 2);
    const result = await run(writeCsv([...mine, ...theirs]), { scope: [KEL_A] });
    expect(result).toMatchObject({ rowsRejected: 2 });
    expect((await rejects(result)).map((r) => r.reason)).toEqual([
      expect.stringContaining('only kelurahan 33.74.01.1001'),
      expect.stringContaining('only kelurahan 33.74.01.1001'),
    ]);
    expect(await db.knex('households').where({ kk: theirs[0]!.no_kk }).first()).toBeUndefined();
  });
});
