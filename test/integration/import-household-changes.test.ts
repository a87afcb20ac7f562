// A households import says what it changes about stored households: a move to another kelurahan and a second
// head are refused unless allowed (then warned), a replaced head, no head and a child older than the head are
// warnings — each naming both values (docs/import-template.md, "What an import changes").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNik } from '../../server/domain/nik.ts';
import {
  importHouseholds,
  type HouseholdImportResult,
} from '../../server/imports/households/import-households.ts';
import { household, kelurahanPoint, writeCsv, type ImportRow } from '../support/import-files.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

const KEL_A = '33.74.01.1001';
const KEL_B = '33.74.16.1001';
const PERIOD = '2025-12';

describe('households import: changes to stored households', () => {
  let db: ScratchDatabase;
  const at = new Map<string, { lat: number; lon: number }>();
  const names = new Map<string, string>();
  let serial = 300;
  const hh = (kel: string, size = 3) => {
    serial++;
    const p = at.get(kel)!;
    return household({
      kk: `3374011201${String(serial).padStart(6, '0')}`,
      kelurahan: kel,
      lat: Number(p.lat.toFixed(6)),
      lon: Number(p.lon.toFixed(6)),
      size,
      serial,
    });
  };
  /** The same person in another kelurahan's place (and point). */
  const movedTo = (rows: ImportRow[], kel: string) =>
    rows.map((r) => ({
      ...r,
      kode_kelurahan: kel,
      lintang: String(at.get(kel)!.lat.toFixed(6)),
      bujur: String(at.get(kel)!.lon.toFixed(6)),
    }));
  /** A member born on another date (the NIK follows the date, as it must). */
  const bornOn = (r: ImportRow, iso: string, n: number): ImportRow => {
    const [y, m, d] = iso.split('-');
    return {
      ...r,
      tanggal_lahir: `${d}/${m}/${y}`,
      nik: makeNik(r.kode_kelurahan!.slice(0, 8), iso, r.jenis_kelamin as 'L' | 'P', 9000 + n),
    };
  };
  const run = (rows: ImportRow[], extra: Partial<Parameters<typeof importHouseholds>[1]> = {}) =>
    importHouseholds(db.knex, {
      regionCode: '33.74',
      periodCode: PERIOD,
      filePath: writeCsv(rows),
      ...extra,
    });
  const issues = async (r: HouseholdImportResult) =>
    db
      .knex('import_rejects')
      .where({ job_id: r.jobId })
      .orderBy(['row_number', 'severity'])
      .select<Array<{ row_number: number; column_name: string; reason: string; severity: string }>>(
        'row_number',
        'column_name',
        'reason',
        'severity',
      );
  const kelurahanOf = async (kk: string) =>
    (
      await db
        .knex('households')
        .where({ period_code: PERIOD, kk })
        .first<{ kelurahan_code: string }>('kelurahan_code')
    )?.kelurahan_code;
  const headsOf = async (kk: string) =>
    (
      await db
        .knex('members as m')
        .join('households as h', 'h.id', 'm.household_id')
        .where({ 'h.period_code': PERIOD, 'h.kk': kk, 'm.relation': 'kepala_keluarga' })
        .orderBy('m.nik')
        .select<Array<{ nik: string }>>('m.nik')
    ).map((m) => m.nik);
  const masked = (id: string) => `${id.slice(0, 4)}••••••••${id.slice(-4)}`;

  beforeAll(async () => {
    db = await scratchDatabase('import_household_changes');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    for (const kel of [KEL_A, KEL_B]) {
      at.set(kel, await kelurahanPoint(db.knex, kel));
      names.set(kel, (await db.knex('areas').where({ code: kel }).first<{ name: string }>('name')).name);
    }
  });
  afterAll(() => db.drop());

  it('refuses to move a stored household to another kelurahan unless moves are allowed, naming both', async () => {
    const rows = hh(KEL_A, 2);
    const kk = rows[0]!.no_kk!;
    await run(rows);
    const refused = await run(movedTo(rows, KEL_B));
    expect(refused).toMatchObject({ rowsRejected: 2 });
    const expected = `KK ${masked(kk)} is stored in kelurahan ${names.get(KEL_A)} (${KEL_A}), the file puts it in ${names.get(KEL_B)} (${KEL_B})`;
    expect(await issues(refused)).toEqual([
      expect.objectContaining({ row_number: 2, column_name: 'kode_kelurahan', severity: 'error' }),
      expect.objectContaining({ row_number: 3, column_name: 'kode_kelurahan', severity: 'error' }),
    ]);
    expect((await issues(refused))[0]!.reason).toBe(
      `${expected}: refused; if the family really moved, import again allowing moves (allowMoves=true, or --allow-moves)`,
    );
    expect(await kelurahanOf(kk)).toBe(KEL_A);

    const allowed = await run(movedTo(rows, KEL_B), { allowMoves: true });
    expect(allowed).toMatchObject({ rowsRejected: 0, rowsWarned: 1 });
    expect(await issues(allowed)).toEqual([
      {
        row_number: 2,
        column_name: 'kode_kelurahan',
        reason: `${expected}: moved, as allowed`,
        severity: 'warning',
      },
    ]);
    expect(await kelurahanOf(kk)).toBe(KEL_B);
  });

  it('refuses a second head (the stored one not demoted) and warns when the head is replaced', async () => {
    const rows = hh(KEL_A, 3); // kepala_keluarga, istri, anak
    const kk = rows[0]!.no_kk!;
    const [head, wife] = [rows[0]!, rows[1]!];
    await run(rows);
    // The wife becomes head, and the file does not mention the old head: two heads.
    const twoHeads = await run([{ ...wife, hubungan: 'kepala_keluarga' }]);
    expect(twoHeads).toMatchObject({ rowsRejected: 1 });
    const [refusal] = await issues(twoHeads);
    expect(refusal!.reason).toBe(
      `KK ${masked(kk)} would have 2 heads: ${masked(head.nik!)} ${head.nama} (stored) and ${masked(wife.nik!)} ${wife.nama} (row 2); ` +
        'refused: give the old head another hubungan in the file, or import again allowing two heads (allowTwoHeads=true, or --allow-two-heads)',
    );
    expect(await headsOf(kk)).toEqual([head.nik]);
    // The old head gets another relation in the same file: the head is replaced, with a warning naming both.
    const replaced = await run([
      { ...head, hubungan: 'famili_lain' },
      { ...wife, hubungan: 'kepala_keluarga' },
    ]);
    expect(replaced).toMatchObject({ rowsRejected: 0, rowsWarned: 1 });
    expect(await issues(replaced)).toEqual([
      {
        row_number: 3,
        column_name: 'hubungan',
        reason: `replaces the head of KK ${masked(kk)}: ${masked(head.nik!)} ${head.nama} (stored) → ${masked(wife.nik!)} ${wife.nama} (row 3)`,
        severity: 'warning',
      },
    ]);
    expect(await headsOf(kk)).toEqual([wife.nik]);
  });

  it('stores two heads in a new household only when allowed, and warns then', async () => {
    const rows: ImportRow[] = hh(KEL_A, 2).map((r) => ({ ...r, hubungan: 'kepala_keluarga' }));
    const kk = rows[0]!.no_kk!;
    const refused = await run(rows);
    expect(refused).toMatchObject({ rowsRejected: 2 });
    expect(await headsOf(kk)).toEqual([]);
    const allowed = await run(rows, { allowTwoHeads: true });
    expect(allowed).toMatchObject({ rowsRejected: 0, rowsWarned: 1 });
    expect((await issues(allowed))[0]!.reason).toBe(
      `KK ${masked(kk)} has 2 heads: ${masked(rows[0]!.nik!)} ${rows[0]!.nama} (row 2) and ${masked(rows[1]!.nik!)} ${rows[1]!.nama} (row 3); stored, as allowed`,
    );
    expect(await headsOf(kk)).toHaveLength(2);
  });

  it('warns about a household with no head and a child older than the head, naming both dates', async () => {
    const headless = hh(KEL_A, 3).slice(1); // istri and anak
    const r1 = await run(headless);
    expect(r1).toMatchObject({ rowsRejected: 0, rowsWarned: 1 });
    expect(await issues(r1)).toEqual([
      {
        row_number: 2,
        column_name: 'hubungan',
        reason: `KK ${masked(headless[0]!.no_kk!)} has no head (no member with hubungan kepala_keluarga) after this import; stored, check it`,
        severity: 'warning',
      },
    ]);
    const family = hh(KEL_A, 3); // head born 1980-03-14
    const child = bornOn(family[2]!, '1970-05-20', serial);
    const r2 = await run([family[0]!, family[1]!, child]);
    expect(r2).toMatchObject({ rowsRejected: 0, rowsWarned: 1 });
    expect(await issues(r2)).toEqual([
      {
        row_number: 4,
        column_name: 'tanggal_lahir',
        reason: `the child ${masked(child.nik!)} ${child.nama} (row 4), born 1970-05-20, is older than the head ${masked(family[0]!.nik!)} ${family[0]!.nama} (row 2), born 1980-03-14; stored, check the dates and hubungan`,
        severity: 'warning',
      },
    ]);
  });
});
