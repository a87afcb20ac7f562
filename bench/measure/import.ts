// Import of a households CSV against its floor: a bare COPY of the same rows into the same tables
// (households, members, member_disabilities) with the same indexes and constraints, lines prepared untimed.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { PROJECT_ROOT } from '../../server/config.ts';
import { openTable } from '../../server/imports/table-reader.ts';
import { COPY_COLUMNS } from '../../server/demo/registry-copy.ts';
import { copyInto, copyLine, type CopyValue } from '../../server/repositories/registry-load-repository.ts';
import { benchDatabase } from '../support/bench-database.ts';
import { writeHouseholdsCsv } from '../support/households-file.ts';

const run = promisify(execFile);

export interface ImportFigures {
  rows: number;
  importMs: number;
  importRowsPerS: number;
  reimportMs: number;
  copyMs: number;
  copyRowsPerS: number;
  /** Import speed as a share of COPY speed (target ≥ 0.5). */
  ratio: number;
  peakRssMB: number;
  phases: { readMs: number; checksMs: number; applyMs: number };
}

const DMY = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** The same rows as COPY lines for the registry tables (no validation: that is the point of the floor). */
async function copyLines(file: string, region: string, period: string) {
  const households: string[] = [];
  const members: string[] = [];
  const disabilities: string[] = [];
  const ids = new Map<string, string>();
  for await (const { cells: c } of (await openTable(file)).rows) {
    const kk = String(c.no_kk);
    let id = ids.get(kk);
    if (!id) {
      id = randomUUID();
      ids.set(kk, id);
      households.push(
        line(HOUSEHOLD_COLUMNS, {
          region_code: region,
          period_code: period,
          id,
          kk,
          kelurahan_code: String(c.kode_kelurahan),
          rt: Number(c.rt),
          rw: Number(c.rw),
          address: String(c.alamat),
          geom: `SRID=4326;POINT(${String(c.bujur)} ${String(c.lintang)})`,
          desil: Number(c.desil),
          desil_source: 'DTSEN',
          record_source: 'IMPOR',
          floor_area_m2: Number(c.luas_lantai_m2),
          unfit_house: c.rumah_tidak_layak === 'ya',
        }),
      );
    }
    const member = randomUUID();
    const [, d, m, y] = DMY.exec(String(c.tanggal_lahir))!;
    members.push(
      line(MEMBER_COLUMNS, {
        region_code: region,
        period_code: period,
        id: member,
        household_id: id,
        nik: String(c.nik),
        nik_valid: true,
        name: String(c.nama),
        sex: String(c.jenis_kelamin),
        birth_date: `${y}-${m}-${d}`,
        relation: String(c.hubungan),
      }),
    );
    if (c.disabilitas) {
      const [type, severity] = String(c.disabilitas).split(':');
      disabilities.push(copyLine([region, period, member, type!, severity!]));
    }
  }
  return { households, members, disabilities };
}

export async function measureImport(rows: number, log: (m: string) => void): Promise<ImportFigures> {
  const db = await benchDatabase('import');
  try {
    await db.knex('periods').insert([
      { region_code: '33.74', period_code: '2026-07' },
      { region_code: '33.74', period_code: '2026-12' },
    ]);
    const file = path.join(tmpdir(), `sidaksos-bench-${rows}.csv`);
    const written = await writeHouseholdsCsv(file, rows);
    log(`import: ${written} rows written to ${file}`);
    const child = async () => {
      const { stdout } = await run(
        path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
        ['bench/import-child.ts', db.url, file, '2026-07'],
        { cwd: PROJECT_ROOT, maxBuffer: 1 << 20, timeout: 30 * 60_000 },
      );
      return JSON.parse(stdout.trim().split('\n').pop()!) as {
        ms: number;
        rows: number;
        unchanged: number;
        peakRssMB: number;
        timings: ImportFigures['phases'];
      };
    };
    const first = await child();
    log(`import: ${Math.round(first.ms)} ms, peak ${first.peakRssMB} MB`);
    const second = await child();
    log(`re-import (unchanged ${second.unchanged}): ${Math.round(second.ms)} ms`);

    // The floor in a database of its own, as empty as the one the first import found: COPY into the same
    // database after two imports met tables (and a trigram index) holding 500,000 rows more, and autovacuum
    // busy with them, which made the floor swing 14.6-21.7 s between runs.
    const floorDb = await benchDatabase('import_floor');
    let copyMs: number;
    try {
      await floorDb.knex('periods').insert({ region_code: '33.74', period_code: '2026-12' });
      const lines = await copyLines(file, '33.74', '2026-12');
      const started = performance.now();
      await floorDb.knex.transaction(async (trx) => {
        const client = await (
          trx as unknown as { client: { acquireConnection(): Promise<pg.PoolClient> } }
        ).client.acquireConnection();
        await copyInto(client, 'households', HOUSEHOLD_COLUMNS, lines.households);
        await trx.raw('analyze households'); // as the importer and the seeder do before child rows
        await copyInto(client, 'members', MEMBER_COLUMNS, lines.members);
        await copyInto(
          client,
          'member_disabilities',
          ['region_code', 'period_code', 'member_id', 'disability_type', 'severity'],
          lines.disabilities,
        );
      });
      copyMs = performance.now() - started;
    } finally {
      await floorDb.drop();
    }
    log(`bare COPY of the same rows: ${Math.round(copyMs)} ms`);
    return {
      rows: first.rows,
      importMs: Math.round(first.ms),
      importRowsPerS: Math.round(first.rows / (first.ms / 1000)),
      reimportMs: Math.round(second.ms),
      copyMs: Math.round(copyMs),
      copyRowsPerS: Math.round(first.rows / (copyMs / 1000)),
      ratio: Math.round((copyMs / first.ms) * 100) / 100,
      peakRssMB: first.peakRssMB,
      phases: first.timings,
    };
  } finally {
    await db.drop();
  }
}

// The seeder's COPY column lists (the tables' full load order), limited to what an import file carries.
type Row = Record<string, CopyValue>;
const HOUSEHOLD_FIELDS = [
  'region_code',
  'period_code',
  'id',
  'kk',
  'kelurahan_code',
  'rt',
  'rw',
  'address',
  'geom',
  'desil',
  'desil_source',
  'record_source',
  'floor_area_m2',
  'unfit_house',
];
const MEMBER_FIELDS = [
  'region_code',
  'period_code',
  'id',
  'household_id',
  'nik',
  'nik_valid',
  'name',
  'sex',
  'birth_date',
  'relation',
];
const HOUSEHOLD_COLUMNS = COPY_COLUMNS.households.filter((c) => HOUSEHOLD_FIELDS.includes(c));
const MEMBER_COLUMNS = COPY_COLUMNS.members.filter((c) => MEMBER_FIELDS.includes(c));
const line = (columns: readonly string[], row: Row) => copyLine(columns.map((c) => row[c]));
