// Input hygiene: control characters are a 400 naming the field wherever a string enters (JSON bodies, query
// strings, path parameters, multipart fields, import rows), and a field has the same limits in an import
// and in the API (domain/field-rules.ts).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { FIELD_RULES } from '../../server/domain/field-rules.ts';
import { importEnrolments } from '../../server/imports/enrolments/import-enrolments.ts';
import { importHouseholds } from '../../server/imports/households/import-households.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { household, kelurahanPoint, writeCsv, writeRaw } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008';

describe('input hygiene', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let householdId: string;

  beforeAll(async () => {
    db = await scratchDatabase('hygiene');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 300, seed: 5, periods: [PERIOD] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    householdId = (
      await db.knex('households').where({ period_code: PERIOD, status: 'active' }).first<{ id: string }>('id')
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const headers = () => ({ cookie: admin.cookie, 'x-csrf-token': admin.csrf });
  const problem = (body: string) => JSON.parse(body) as { status: number; type: string; detail: string };
  const version = async () =>
    (await app.inject({ method: 'GET', url: `/api/v1/households/${householdId}`, headers: headers() })).json<{
      version: number;
    }>().version;
  const patchAddress = async (address: string) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/households/${householdId}`,
      payload: { version: await version(), period: PERIOD, changes: { address } },
      headers: headers(),
    });

  it.each<[string, () => Promise<{ statusCode: number; body: string }>, RegExp]>([
    [
      'a login username',
      () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 't.admin\u0000', password: 'x' },
        }),
      /^body\.username contains the control character U\+0000/,
    ],
    [
      'a JSON body string',
      () => patchAddress('Jl. Pemuda\u0000 No. 1'),
      /^body\.changes\.address contains .*U\+0000/,
    ],
    [
      'a query string',
      () => app.inject({ method: 'GET', url: '/api/v1/households?q=abc%00def', headers: headers() }),
      /^querystring\.q contains the control character U\+0000/,
    ],
    [
      'a path parameter',
      () => app.inject({ method: 'GET', url: '/api/v1/households/%00', headers: headers() }),
      /^params\.id contains the control character U\+0000/,
    ],
    [
      'an escape character deep in a body',
      () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/analysis/what-if',
          payload: {
            program: 'pkh',
            rule: { all: [{ field: 'lighting', op: 'eq', value: 'pln\u001b[2J' }] },
          },
          headers: headers(),
        }),
      /^body\.rule\.all\[0\]\.value contains the control character U\+001B/,
    ],
    [
      'an object key',
      () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/analysis/what-if',
          payload: { program: 'pkh', rule: { 'field\u0007': 'desil' } },
          headers: headers(),
        }),
      /^body\.rule \(a key\) contains the control character U\+0007/,
    ],
    [
      'a multipart form field',
      () => {
        const body = multipartBody({ kind: 'households', period: `2025-12\u0000` });
        return app.inject({
          method: 'POST',
          url: '/api/v1/imports',
          payload: body.payload,
          headers: { ...body.headers, ...headers() },
        });
      },
      /^form field period contains the control character U\+0000/,
    ],
  ])('refuses a control character in %s with 400 naming the field', async (_where, send, detail) => {
    const res = await send();
    expect(res.statusCode, res.body).toBe(400);
    expect(problem(res.body)).toMatchObject({ status: 400, type: '/api/v1/problems/validation' });
    expect(problem(res.body).detail).toMatch(detail);
  });

  it('keeps tabs and line breaks for multi-line text but not in a one-line address', async () => {
    const res = await patchAddress('Jl. Pemuda\nNo. 1');
    expect(res.statusCode).toBe(400);
    expect(problem(res.body).detail).toMatch(/body\.changes\.address must match pattern/);
  });

  it('enforces the address limit of the import rules in PATCH, at exactly that length', async () => {
    const max = FIELD_RULES.address.maxLength;
    const tooLong = await patchAddress('J'.repeat(max + 1));
    expect(tooLong.statusCode).toBe(400);
    expect(problem(tooLong.body).detail).toMatch(
      new RegExp(`body\\.changes\\.address must NOT have more than ${max} characters`),
    );
    const longest = await patchAddress('J'.repeat(max));
    expect(longest.statusCode, longest.body).toBe(200);
  });

  describe('import rows', () => {
    const rejects = (jobId: string) =>
      db
        .knex('import_rejects')
        .where({ job_id: jobId })
        .orderBy(['row_number', 'column_name'])
        .select<Array<{ row_number: number; column_name: string; value: string; reason: string }>>(
          'row_number',
          'column_name',
          'value',
          'reason',
        );

    it('rejects a household row with a NUL or a too-long address with its row, column and reason', async () => {
      const p = await kelurahanPoint(db.knex, KEL);
      const base = { kelurahan: KEL, lat: Number(p.lat.toFixed(6)), lon: Number(p.lon.toFixed(6)), size: 1 };
      const good = household({ ...base, kk: '3374021201259901', serial: 901 });
      const withNul = household({ ...base, kk: '3374021201259902', serial: 902 }).map((r) => ({
        ...r,
        nama: 'Warga\u0000Uji',
      }));
      const longAddress = household({ ...base, kk: '3374021201259903', serial: 903 }).map((r) => ({
        ...r,
        alamat: 'Jl. '.repeat(17_500),
      }));
      // The long row comes first: a NUL in the first 64 KiB makes the reader refuse the whole file as binary
      // (a refusal too, but not the row-level answer this test is about).
      const result = await importHouseholds(db.knex, {
        regionCode: '33.74',
        periodCode: PERIOD,
        filePath: writeCsv([...longAddress, ...good, ...withNul]),
      });
      const rows = await rejects(result.jobId);
      expect(rows.map((r) => ({ ...r, value: r.value.slice(0, 20) }))).toEqual([
        {
          row_number: 2,
          column_name: 'alamat',
          value: 'Jl. Jl. Jl. Jl. Jl. ',
          reason: `address is 69999 characters long; at most ${FIELD_RULES.address.maxLength} are allowed`,
        },
        {
          row_number: 4,
          column_name: 'nama',
          value: 'Warga\\u0000Uji',
          reason: 'contains the control character U+0000; remove it',
        },
      ]);
      // The valid row is stored; the refused ones are not.
      expect(
        await db
          .knex('households')
          .where({ period_code: PERIOD })
          .whereIn('kk', ['3374021201259901', '3374021201259902', '3374021201259903'])
          .pluck('kk'),
      ).toEqual(['3374021201259901']);
    });

    it('rejects an enrolment row with a control character, naming the column', async () => {
      const result = await importEnrolments(db.knex, {
        regionCode: '33.74',
        periodCode: PERIOD,
        filePath: writeRaw(
          'kode_program,nik,no_kk,tanggal_mulai\r\npkh\u0001,,3374021201259901,\r\n',
          'program.csv',
        ),
      });
      expect(await rejects(result.jobId)).toEqual([
        {
          row_number: 2,
          column_name: 'kode_program',
          value: 'pkh\\u0001',
          reason: 'contains the control character U+0001; remove it',
        },
      ]);
    });
  });
});
