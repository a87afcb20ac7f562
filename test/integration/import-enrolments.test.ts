// Enrolment lists from OPDs: matched by NIK or KK, unmatched rows reported with the reason, idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEnrolments } from '../../server/imports/enrolments/import-enrolments.ts';
import { importHouseholds } from '../../server/imports/households/import-households.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { household, writeCsv, writeRaw, type ImportRow, kelurahanPoint } from '../support/import-files.ts';

const PERIOD = '2025-12';
const KEL = '33.74.01.1001';

describe('enrolment import', () => {
  let db: ScratchDatabase;
  let a: ImportRow[];
  let b: ImportRow[];
  const csv = (lines: string[][]) =>
    writeRaw(
      ['kode_program,nik,no_kk,tanggal_mulai', ...lines.map((l) => l.join(','))].join('\r\n'),
      'daftar.csv',
    );
  const run = (path: string, extra: Partial<Parameters<typeof importEnrolments>[1]> = {}) =>
    importEnrolments(db.knex, { regionCode: '33.74', periodCode: PERIOD, filePath: path, ...extra });
  const rejects = (jobId: string) =>
    db
      .knex('import_rejects')
      .where({ job_id: jobId })
      .orderBy('row_number')
      .select<Array<{ row_number: number; column_name: string; value: string | null; reason: string }>>(
        'row_number',
        'column_name',
        'value',
        'reason',
      );

  beforeAll(async () => {
    db = await scratchDatabase('import_enrolments');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    const at = await kelurahanPoint(db.knex, KEL);
    a = household({ kk: '3374011201250101', kelurahan: KEL, lat: at.lat, lon: at.lon, size: 3, serial: 501 });
    b = household({ kk: '3374011201250102', kelurahan: KEL, lat: at.lat, lon: at.lon, size: 2, serial: 502 });
    await importHouseholds(db.knex, {
      regionCode: '33.74',
      periodCode: PERIOD,
      filePath: writeCsv([...a, ...b]),
    });
  });
  afterAll(() => db.drop());

  it('matches by NIK and by KK, reports what matches nothing, and is idempotent', async () => {
    const path = csv([
      ['pkh', a[0]!.nik!, '', '01/07/2025'], // row 2: by NIK
      ['bpnt', '', b[0]!.no_kk!, ''], // row 3: by KK
      ['kip', a[2]!.nik!, a[2]!.no_kk!, ''], // row 4: person program, NIK and KK agree
      ['pkh', '3374015708900999', '', ''], // row 5: unknown NIK
      ['pkh', a[0]!.nik!, b[0]!.no_kk!, ''], // row 6: NIK of another KK
      ['kip', '', b[0]!.no_kk!, ''], // row 7: person program without NIK
      ['sembako_x', a[1]!.nik!, '', ''], // row 8: unknown program
      ['pkh', '', '', ''], // row 9: no identifier
    ]);
    const first = await run(path);
    expect(first).toMatchObject({ rowsRead: 8, inserted: 3, unchanged: 0, rowsRejected: 5 });
    const r = await rejects(first.jobId);
    expect(r.map((x) => [x.row_number, x.column_name])).toEqual([
      [5, 'nik'],
      [6, 'no_kk'],
      [7, 'nik'],
      [8, 'kode_program'],
      [9, 'nik'],
    ]);
    expect(r[0]!.reason).toBe('no active member with this NIK in period 2025-12');
    expect(r[0]!.value).toMatch(/^3374••••••••\d{4}$/); // identifiers masked in the report
    expect(r[1]!.reason).toMatch(/belongs to KK 3374••••••••0101/);
    expect(r[2]!.reason).toMatch(/enrols persons/);
    expect(r[3]!.reason).toMatch(/not a program of this region/);
    const stored = await db
      .knex('enrolments')
      .where({ period_code: PERIOD })
      .orderBy('program_code')
      .select<Array<{ program_code: string; member_id: string | null; enrolled_on: Date | null }>>(
        'program_code',
        'member_id',
        'enrolled_on',
      );
    expect(stored.map((e) => [e.program_code, e.member_id !== null])).toEqual([
      ['bpnt', false],
      ['kip', true],
      ['pkh', true],
    ]);

    const again = await run(path);
    expect(again).toMatchObject({ inserted: 0, unchanged: 3 });
    const { rows } = await db.knex.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int n from enrolments where period_code = '${PERIOD}'`,
    );
    expect(rows[0]!.n).toBe(3);
  });

  it('holds OPD staff to their programs', async () => {
    const result = await run(csv([['rtlh', a[0]!.nik!, '', '']]), { programs: ['pkh'] });
    expect(result).toMatchObject({ inserted: 0, rowsRejected: 1 });
    expect((await rejects(result.jobId))[0]!.reason).toBe('your account may import only pkh');
  });

  it('refuses a file without the program or identifier columns', async () => {
    await expect(run(writeRaw('program,nama\r\npkh,Budi\r\n', 'salah.csv'))).rejects.toThrow(
      /kode_program and nik or no_kk/,
    );
  });
});
