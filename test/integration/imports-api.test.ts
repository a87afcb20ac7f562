// The import API: upload → job → poll → rejects report, limits on size and type, operator scope, templates.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSEHOLD_COLUMNS } from '../../server/imports/households/household-template.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { csvText, household, type ImportRow, kelurahanPoint } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { geodataFile } from '../support/geodata.ts';
import { testApp, testConfig } from '../support/test-app.ts';
import { zipBuffer } from '../support/zip-writer.ts';

const PERIOD = '2025-12';
const OPERATOR_KEL = '33.74.02.1008'; // t.operator's kelurahan
const OTHER_KEL = '33.74.01.1001';

interface JobAnswer {
  id: string;
  status: string;
  rowsTotal: number;
  rowsStored: number;
  rowsRejected: number;
  error: string | null;
}

describe('imports API', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  const points = new Map<string, { lat: number; lon: number }>();
  let serial = 700;
  const hh = (kel: string, size: number): ImportRow[] => {
    serial++;
    return household({
      kk: `3374021201${String(serial).padStart(6, '0')}`,
      kelurahan: kel,
      ...points.get(kel)!,
      size,
      serial,
    });
  };

  beforeAll(async () => {
    db = await scratchDatabase('imports_api');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    for (const kel of [OPERATOR_KEL, OTHER_KEL]) points.set(kel, await kelurahanPoint(db.knex, kel));
    await createTestUsers(db.knex);
    app = await testApp(
      db.knex,
      testConfig({
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        IMPORT_MAX_BYTES: '400000',
        IMPORT_UPLOADS_PER_USER: '5',
      }),
    );
    admin = await login(app, 't.admin');
    operator = await login(app, 't.operator');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const upload = (
    s: TestSession,
    fields: Record<string, string>,
    file?: { name: string; content: string | Buffer },
  ) => {
    const body = multipartBody(fields, file);
    return app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: body.payload,
      headers: { ...body.headers, cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
  };
  const get = (url: string, s: TestSession) =>
    app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const finished = async (id: string, s: TestSession): Promise<JobAnswer> => {
    for (let i = 0; i < 200; i++) {
      const job = (await get(`/api/v1/imports/${id}`, s)).json<JobAnswer>();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };

  it('imports an uploaded CSV as a job and serves its rejects as JSON, CSV and XLSX', async () => {
    const rows = [...hh(OTHER_KEL, 3), { ...hh(OTHER_KEL, 1)[0]!, tanggal_lahir: '31/02/1990' }];
    const res = await upload(
      admin,
      { kind: 'households', period: PERIOD },
      { name: 'keluarga.csv', content: csvText(rows) },
    );
    expect(res.statusCode, res.body).toBe(202);
    const { id, statusUrl } = res.json<{ id: string; statusUrl: string }>();
    expect(statusUrl).toBe(`/api/v1/imports/${id}`);
    const job = await finished(id, admin);
    expect(job).toMatchObject({ status: 'succeeded', rowsTotal: 4, rowsStored: 3, rowsRejected: 1 });

    const json = (await get(`/api/v1/imports/${id}/rejects`, admin)).json<
      Array<{ row: number; column: string; reason: string }>
    >();
    expect(json).toEqual([
      {
        row: 5,
        column: 'tanggal_lahir',
        value: '31/02/1990',
        reason: '31/02/1990 is not a real date',
        severity: 'error',
      },
    ]);
    const csv = await get(`/api/v1/imports/${id}/rejects?format=csv`, admin);
    const records: string[][] = parse(csv.body.replace(/^\ufeff/, ''), { relax_column_count: true });
    expect(records[0]![0]).toMatch(/diunduh oleh t\.admin/);
    expect(records[2]).toEqual([
      '5',
      'tanggal_lahir',
      '31/02/1990',
      '31/02/1990 is not a real date',
      'ditolak',
    ]);
    const xlsx = await get(`/api/v1/imports/${id}/rejects?format=xlsx`, admin);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getCell('D3').value).toBe('31/02/1990 is not a real date');

    const logged = await db
      .knex('audit_log')
      .where({ action: 'import', entity: 'households' })
      .first<{ entity_ids: string[] }>('entity_ids');
    expect(logged?.entity_ids).toEqual([id]);
  });

  it('holds an operator to their kelurahan and their own jobs', async () => {
    const res = await upload(
      operator,
      { kind: 'households', period: PERIOD },
      { name: 'kel.csv', content: csvText([...hh(OPERATOR_KEL, 2), ...hh(OTHER_KEL, 2)]) },
    );
    const { id } = res.json<{ id: string }>();
    const job = await finished(id, operator);
    expect(job).toMatchObject({ status: 'succeeded', rowsStored: 2, rowsRejected: 2 });
    const adminJob = (
      await upload(
        admin,
        { kind: 'households', period: PERIOD },
        { name: 'x.csv', content: csvText(hh(OTHER_KEL, 1)) },
      )
    ).json<{ id: string }>().id;
    await finished(adminJob, admin);
    expect((await get(`/api/v1/imports/${adminJob}`, operator)).statusCode).toBe(404);
    expect((await get(`/api/v1/imports/${id}`, admin)).statusCode).toBe(200);
    const boundaries = await upload(operator, { kind: 'boundaries' }, { name: 'b.geojson', content: '{}' });
    expect(boundaries.statusCode).toBe(403);
  });

  it('reports a failed job with its reason', async () => {
    const res = await upload(
      admin,
      { kind: 'households', period: PERIOD },
      { name: 'salah.csv', content: 'nama,umur\r\nBudi,40\r\n' },
    );
    const job = await finished(res.json<{ id: string }>().id, admin);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/Missing column\(s\)/);
  });

  it.each([
    [
      'an oversized file',
      { kind: 'households', period: PERIOD },
      { name: 'besar.csv', content: 'x'.repeat(450_000) },
      413,
      /larger than 400000 bytes/,
    ],
    [
      'a wrong file type',
      { kind: 'households', period: PERIOD },
      { name: 'foto.png', content: 'abc' },
      415,
      /takes \.csv, \.xlsx/,
    ],
    ['a missing file', { kind: 'households', period: PERIOD }, undefined, 400, /No file/],
    [
      'an unknown kind',
      { kind: 'warga', period: PERIOD },
      { name: 'a.csv', content: 'a' },
      400,
      /"kind" must be one of/,
    ],
    [
      'a bad period',
      { kind: 'households', period: '2025-13' },
      { name: 'a.csv', content: 'a' },
      400,
      /period code/,
    ],
  ] as const)('refuses %s with %s', async (_label, fields, file, status, detail) => {
    const jobsBefore = await db.knex('import_jobs').count<[{ count: string }]>('* as count');
    const res = await upload(admin, fields, file);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json<{ detail: string }>().detail).toMatch(detail);
    expect(await db.knex('import_jobs').count<[{ count: string }]>('* as count')).toEqual(jobsBefore);
  });

  it('imports boundaries whose polygons needed repair inactive, unless the upload accepts the repairs', async () => {
    const fc = JSON.parse(readFileSync(geodataFile('semarang-kelurahan.geojson'), 'utf8')) as {
      features: Array<{ geometry: { type: string; coordinates: number[][][] | number[][][][] } }>;
    };
    const g = fc.features[0]!.geometry;
    const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0]) as number[][];
    const [x, y] = ring[0]!;
    ring.splice(1, 0, [x! + 0.0005, y! + 0.0005], [x! + 0.0005, y! - 0.0005], [x!, y!]);
    const content = Buffer.from(JSON.stringify(fc));
    type Report = { activated: boolean; repairs: unknown[]; notActivated?: string };
    const plain = await finished(
      (await upload(admin, { kind: 'boundaries' }, { name: 'perlu-perbaikan.geojson', content })).json<{
        id: string;
      }>().id,
      admin,
    );
    expect(plain.status).toBe('succeeded');
    const report = (await get(`/api/v1/imports/${plain.id}`, admin)).json<{ report: Report }>().report;
    expect(report).toMatchObject({ activated: false, repairs: [expect.anything()] });
    expect(report.notActivated).toMatch(/acceptRepairs=true/);
    const accepted = await finished(
      (
        await upload(
          admin,
          { kind: 'boundaries', acceptRepairs: 'true' },
          { name: 'perlu-perbaikan.geojson', content },
        )
      ).json<{ id: string }>().id,
      admin,
    );
    const acceptedReport = (await get(`/api/v1/imports/${accepted.id}`, admin)).json<{ report: Report }>()
      .report;
    expect(acceptedReport).toMatchObject({ activated: true, repairs: [expect.anything()] });
  });

  it('names the uploaded file, not a temporary one, in one sentence with what to do', async () => {
    const fc = JSON.parse(readFileSync(geodataFile('semarang-kelurahan.geojson'), 'utf8')) as {
      features: Array<{ geometry: unknown }>;
    };
    fc.features[2]!.geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [436000, 9226000],
          [437000, 9226000],
          [437000, 9227000],
          [436000, 9226000],
        ],
      ],
    };
    const projected = await finished(
      (
        await upload(
          admin,
          { kind: 'boundaries' },
          { name: 'batas-utm.geojson', content: Buffer.from(JSON.stringify(fc)) },
        )
      ).json<{ id: string }>().id,
      admin,
    );
    expect(projected.status).toBe('failed');
    expect(projected.error).toMatch(
      /^batas-utm\.geojson is in projected coordinates \(feature 3 has coordinate \[436000, 9226000\], which is not longitude\/latitude\): GeoJSON must be in longitude\/latitude \(EPSG:4326\); reproject it .* and upload it again/,
    );
    const noPrj = await zipBuffer([
      { name: 'kel.shp', content: Buffer.alloc(100) },
      { name: 'kel.dbf', content: Buffer.alloc(40) },
    ]);
    const zipJob = await finished(
      (await upload(admin, { kind: 'boundaries' }, { name: 'tanpa-prj.zip', content: noPrj })).json<{
        id: string;
      }>().id,
      admin,
    );
    expect(zipJob.status).toBe('failed');
    expect(zipJob.error).toBe(
      'tanpa-prj.zip has no .prj file, so its coordinate system is unknown; export the Shapefile again with its .prj (QGIS writes it by default) and upload the .shp, .shx, .dbf and .prj zipped together.',
    );
  });

  it('refuses a request that is not multipart', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: { kind: 'households' },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode).toBe(415);
  });

  it('serves templates whose header is the documented column list', async () => {
    const csv = await get('/api/v1/imports/templates/households.csv', operator);
    expect(csv.statusCode).toBe(200);
    const records: string[][] = parse(csv.body.replace(/^\ufeff/, ''), { relax_column_count: true });
    expect(records[1]).toEqual(HOUSEHOLD_COLUMNS.map((c) => c.name));
    expect(records[2]).toEqual(HOUSEHOLD_COLUMNS.map((c) => c.example));
    const xlsx = await get('/api/v1/imports/templates/households.xlsx', operator);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getRow(2).values).toEqual([
      undefined,
      ...HOUSEHOLD_COLUMNS.map((c) => c.name),
    ]);
  });
});
