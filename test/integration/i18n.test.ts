// Bilingual all the way down, server side: the same refusal asked in Indonesian, in English and without a
// language has the same problem `type` and parameters and its text in that language (English by default);
// downloads come in the language of the link (?lang=) or of Accept-Language.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { ImportJobsRepository } from '../../server/repositories/import-jobs-repository.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  params?: Record<string, unknown>;
}

const LANGS = [
  ['id', { 'accept-language': 'id' }],
  ['en', { 'accept-language': 'en' }],
  ['none', {}],
] as const;

describe('messages and downloads in the caller’s language', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let household: { id: string; version: number };
  let finalized: { id: string; version: number };
  let kelurahan: string;

  beforeAll(async () => {
    db = await scratchDatabase('i18n');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 400,
      seed: 17,
      periods: ['2025-07', '2025-12'],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    const pick = (period: string) =>
      db
        .knex('households')
        .where({ period_code: period, status: 'active' })
        .orderBy('id')
        .first<{ id: string; version: number; kelurahan_code: string }>('id', 'version', 'kelurahan_code');
    const open = await pick('2025-12');
    household = open;
    kelurahan = open.kelurahan_code;
    finalized = await pick('2025-07');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** The same request in each language: [lang, problem] for id, en and no language. */
  async function inEachLanguage(
    request: (headers: Record<string, string>) => Promise<{ statusCode: number; body: string }>,
    status: number,
  ): Promise<Record<'id' | 'en' | 'none', Problem>> {
    const out: Partial<Record<'id' | 'en' | 'none', Problem>> = {};
    for (const [lang, headers] of LANGS) {
      const res = await request({ ...headers });
      expect(res.statusCode, res.body).toBe(status);
      out[lang] = JSON.parse(res.body) as Problem;
    }
    const all = out as Record<'id' | 'en' | 'none', Problem>;
    expect(all.id.type).toBe(all.en.type);
    expect(all.none.type).toBe(all.en.type);
    expect(all.id.params).toEqual(all.en.params);
    expect(all.id.detail).not.toBe(all.en.detail);
    expect(all.id.title).not.toBe(all.en.title);
    return all;
  }

  const patch = (id: string, payload: object, headers: Record<string, string>) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/households/${id}`,
      payload,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, ...headers },
    });

  it('words a validation error as a sentence naming the field as the form does', async () => {
    const p = await inEachLanguage(
      (h) => patch(household.id, { version: household.version, changes: { desil: 11 } }, h),
      400,
    );
    expect(p.en.type).toBe('/api/v1/problems/validation');
    expect(p.id.detail).toBe('Desil paling besar 10.');
    expect(p.en.detail).toBe('Desil must be at most 10.');
    // No language asked for: the API's technical English, which API clients match on.
    expect(p.none.detail).toBe('body.changes.desil must be <= 10');
    expect(p.id.title).toBe('Permintaan tidak valid');
    for (const lang of ['id', 'en'] as const) expect(p[lang].detail).not.toMatch(/body\.|changes\./);
  });

  it('names a missing field and an unknown one in the caller’s language', async () => {
    const missing = await inEachLanguage((h) => patch(household.id, { changes: { desil: 3 } }, h), 400);
    expect(missing.id.detail).toBe('Versi data wajib diisi.');
    expect(missing.en.detail).toBe('Record version is required.');
    const extra = await inEachLanguage(
      (h) => patch(household.id, { version: household.version, changes: { colour: 'red' } }, h),
      400,
    );
    expect(extra.id.detail).toBe('Perubahan memuat isian "colour" yang tidak dikenal.');
    expect(extra.en.detail).toBe('Changes has an unknown field "colour".');
  });

  it('refuses a wrong login in the caller’s language', async () => {
    const p = await inEachLanguage(
      (h) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 't.planner', password: 'not-the-password' },
          headers: h,
        }),
      401,
    );
    expect(p.en.type).toBe('/api/v1/problems/invalid-credentials');
    expect(p.id.detail).toBe('Nama pengguna atau kata sandi salah.');
    expect(p.en.detail).toBe('Invalid username or password.');
    expect(p.none.detail).toBe('Invalid username or password.');
    expect(p.none.title).toBe('Login failed');
  });

  it('answers a stale version with what to do, in the caller’s language', async () => {
    const stale = household.version + 3;
    const p = await inEachLanguage(
      (h) => patch(household.id, { version: stale, changes: { desil: 4 } }, h),
      409,
    );
    expect(p.en.type).toBe('/api/v1/problems/stale-version');
    expect(p.en.params).toEqual({ id: household.id, version: household.version });
    expect(p.en.detail).toBe(
      `Household ${household.id} is at version ${household.version}; reload it, reapply your change and save again.`,
    );
    expect(p.none.detail).toBe(p.en.detail);
    expect(p.id.detail).toMatch(/sudah diubah orang lain sejak Anda membukanya/);
    expect(p.id.detail).toMatch(/Muat ulang/);
  });

  it('refuses a bad eligibility rule and a weak password in the caller’s language, reasons included', async () => {
    const as = (method: 'PUT' | 'POST', url: string, payload: object, headers: Record<string, string>) =>
      app.inject({
        method,
        url,
        payload,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, ...headers },
      });
    const rule = await inEachLanguage(
      (h) =>
        as(
          'PUT',
          '/api/v1/programs/rtlh/rule',
          { rule: { field: 'income', op: 'eq', value: 1 }, version: 1 },
          h,
        ),
      400,
    );
    expect(rule.en.detail).toMatch(
      /^Invalid rule: rule\.field: unknown field "income" on a household; known: /,
    );
    expect(rule.none.detail).toBe(rule.en.detail);
    expect(rule.id.detail).toMatch(
      /^Aturan tidak valid: rule\.field: kolom "income" tidak dikenal untuk keluarga/,
    );
    const weak = await inEachLanguage(
      (h) =>
        as(
          'POST',
          '/api/v1/users',
          { username: 'lemah', displayName: 'Lemah', role: 'planner', password: 'pendek' },
          h,
        ),
      400,
    );
    expect(weak.en.detail).toMatch(/^The password must be at least 12 characters long; /);
    expect(weak.id.detail).toMatch(/^Kata sandi minimal 12 karakter; /);
  });

  it('refuses to change a finalized period in the caller’s language, without the database’s words', async () => {
    const p = await inEachLanguage(
      (h) => patch(finalized.id, { version: finalized.version, period: '2025-07', changes: { desil: 2 } }, h),
      409,
    );
    expect(p.en.type).toBe('/api/v1/problems/period-finalized');
    expect(p.en.params).toEqual({ period: '2025-07' });
    expect(p.en.detail).toBe('period 2025-07 is finalized and cannot be changed');
    expect(p.id.detail).toBe(
      'Periode 2025-07 sudah difinalkan dan tidak dapat diubah; buka periode baru untuk mencatat perubahan.',
    );
    expect(p.id.title).toBe('Periode sudah difinalkan');
  });

  it('refuses to open a period while one is open in the caller’s language', async () => {
    const p = await inEachLanguage(
      (h) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/periods',
          payload: { code: '2026-07' },
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, ...h },
        }),
      409,
    );
    expect(p.en.detail).toBe('Period 2025-12 is still open; finalize it before opening 2026-07.');
    expect(p.id.detail).toBe('Periode 2025-12 masih terbuka; finalkan dulu sebelum membuka 2026-07.');
  });

  it('answers unknown routes, missing records and missing logins in the caller’s language', async () => {
    const route = await inEachLanguage(
      (h) => app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: h }),
      404,
    );
    expect(route.id.detail).toBe('Tidak ada apa pun di GET /api/v1/nothing-here.');
    const record = await inEachLanguage(
      (h) =>
        app.inject({
          method: 'GET',
          url: '/api/v1/households/00000000-0000-4000-8000-000000000000',
          headers: { cookie: admin.cookie, ...h },
        }),
      404,
    );
    expect(record.en.type).toBe('/api/v1/problems/not-found');
    const anonymous = await inEachLanguage(
      (h) => app.inject({ method: 'GET', url: `/api/v1/households/${household.id}`, headers: h }),
      401,
    );
    expect(anonymous.id.detail).toMatch(/^Anda perlu masuk/);
  });

  it('takes ?lang= over Accept-Language, and the best q-value of Accept-Language', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login?lang=id',
      payload: { username: 't.planner', password: 'nope' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.json<Problem>().detail).toBe('Nama pengguna atau kata sandi salah.');
    const q = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 't.planner', password: 'nope' },
      headers: { 'accept-language': 'fr-FR, en;q=0.4, id;q=0.9' },
    });
    expect(q.json<Problem>().detail).toBe('Nama pengguna atau kata sandi salah.');
  });

  const download = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { cookie: admin.cookie, ...headers } });
  const csvLines = (body: string) => body.replace(/^\ufeff/, '').split('\r\n');
  async function xlsxRows(raw: Buffer): Promise<string[][]> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    return [1, 2].map((i) => (sheet.getRow(i).values as unknown[]).slice(1).map(String));
  }

  it('writes the ranking CSV and XLSX in the language of the link', async () => {
    const url = '/api/v1/indicators/poor_households?period=2025-12&level=kelurahan';
    const en = await download(`${url}&format=csv&lang=en`);
    expect(en.statusCode, en.body).toBe(200);
    const [enTitle, enHeader] = csvLines(en.body);
    expect(enHeader).toBe(
      'Code,Area,Value (households),Numerator,Denominator,Suppressed,Kecamatan-level value (kelurahan suppressed),Small denominator',
    );
    expect(enTitle).toMatch(
      /^# Sidaksos · Poor households \(desil 1–4\) · kelurahan · period 2025-12 · downloaded /,
    );
    const id = await download(`${url}&format=csv&lang=id`);
    const [idTitle, idHeader] = csvLines(id.body);
    expect(idHeader).toBe(
      'Kode,Wilayah,Nilai (rumah tangga),Pembilang,Penyebut,Disembunyikan,Nilai tingkat kecamatan (disamarkan),Penyebut kecil',
    );
    expect(idTitle).toMatch(
      /^# Sidaksos · Keluarga miskin \(desil 1–4\) · kelurahan · periode 2025-12 · diunduh /,
    );
    expect(csvLines(id.body).slice(2)).toEqual(
      csvLines(en.body)
        .slice(2)
        // The yes/no cells (suppressed, coarsened, small denominator) are the only words in a row.
        .map((l) => l.replace(/,no(?=,|$)/g, ',tidak').replace(/,yes(?=,|$)/g, ',ya')),
    );
    // Accept-Language works for API users; a link without either stays Indonesian.
    expect(csvLines((await download(`${url}&format=csv`, { 'accept-language': 'en' })).body)[1]).toBe(
      enHeader,
    );
    expect(csvLines((await download(`${url}&format=csv`)).body)[1]).toBe(idHeader);

    const [xTitle, xHeader] = await xlsxRows((await download(`${url}&format=xlsx&lang=en`)).rawPayload);
    expect(xTitle![0]).toMatch(/^Sidaksos · Poor households/);
    expect(xHeader).toEqual([
      'Code',
      'Area',
      'Value (households)',
      'Numerator',
      'Denominator',
      'Suppressed',
      'Kecamatan-level value (kelurahan suppressed)',
      'Small denominator',
    ]);
    const [, xIdHeader] = await xlsxRows((await download(`${url}&format=xlsx&lang=id`)).rawPayload);
    expect(xIdHeader).toEqual([
      'Kode',
      'Wilayah',
      'Nilai (rumah tangga)',
      'Pembilang',
      'Penyebut',
      'Disembunyikan',
      'Nilai tingkat kecamatan (disamarkan)',
      'Penyebut kecil',
    ]);
  });

  it('writes a target list in the language of the link, and refuses an unknown language', async () => {
    const url = `/api/v1/programs/pkh/targets?area=${kelurahan}&period=2025-12`;
    const en = await download(`${url}&format=csv&lang=en`);
    expect(en.statusCode, en.body).toBe(200);
    const [enTitle, enHeader] = csvLines(en.body);
    expect(enTitle).toMatch(/· exported by t\.admin on .* · CONFIDENTIAL: personal data, do not share/);
    expect(enHeader).toBe(
      'Family card no. (masked),Head of family,Address,RT,RW,Kelurahan code,Kelurahan,Decile,Members,Household ID',
    );
    const id = await download(`${url}&format=csv&lang=id`);
    const [idTitle, idHeader] = csvLines(id.body);
    expect(idTitle).toMatch(/· diekspor oleh t\.admin pada .* · RAHASIA: data pribadi, jangan disebarkan/);
    expect(idHeader).toBe(
      'No. KK (disamarkan),Kepala keluarga,Alamat,RT,RW,Kode kelurahan,Kelurahan,Desil,Anggota,ID rumah tangga',
    );
    const [, xHeader] = await xlsxRows((await download(`${url}&format=xlsx&lang=en`)).rawPayload);
    expect(xHeader![0]).toBe('Family card no. (masked)');
    const bad = await download(`${url}&format=csv&lang=fr`, { 'accept-language': 'id' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().detail).toBe('Bahasa harus salah satu dari: id, en.');
  });

  it('writes an import’s reject report in the language of the link, reasons included where known', async () => {
    const jobs = new ImportJobsRepository(db.knex);
    const id = await jobs.create({
      regionCode: '33.74',
      kind: 'households',
      periodCode: '2025-12',
      fileName: 'keluarga.csv',
      fileBytes: 100,
      createdBy: null,
    });
    await jobs.addRejects(id, [
      {
        row_number: 4,
        column_name: 'tanggal_lahir',
        value: '31/02/1990',
        reason: '31/02/1990 is not a real date',
        severity: 'error',
      },
      {
        row_number: 6,
        column_name: 'catatan',
        value: 'x',
        reason: 'an unknown wording',
        severity: 'warning',
      },
    ]);
    const url = `/api/v1/imports/${id}/rejects?format=csv`;
    const en = csvLines((await download(`${url}&lang=en`)).body);
    expect(en[0]).toMatch(
      /^# Sidaksos · rejected rows and warnings · keluarga\.csv · households · period 2025-12 · downloaded by t\.admin on /,
    );
    expect(en.slice(1, 4)).toEqual([
      'Row,Column,Value,Reason,Kind',
      '4,tanggal_lahir,31/02/1990,31/02/1990 is not a real date,rejected',
      '6,catatan,x,an unknown wording,warning',
    ]);
    const id_ = csvLines((await download(`${url}&lang=id`)).body);
    expect(id_[0]).toMatch(
      /^# Sidaksos · baris ditolak dan peringatan · keluarga\.csv · rumah tangga · periode 2025-12 · diunduh oleh t\.admin pada /,
    );
    expect(id_.slice(1, 4)).toEqual([
      'Baris,Kolom,Nilai,Alasan,Jenis',
      '4,tanggal_lahir,31/02/1990,31/02/1990 bukan tanggal yang ada,ditolak',
      // A wording the translator does not know stays as stored.
      '6,catatan,x,an unknown wording,peringatan',
    ]);
    const [, xHeader] = await xlsxRows(
      (await download(`/api/v1/imports/${id}/rejects?format=xlsx&lang=en`)).rawPayload,
    );
    expect(xHeader).toEqual(['Row', 'Column', 'Value', 'Reason', 'Kind']);
  });

  it('writes the audit log export with headers and action labels in the language of the link', async () => {
    const en = csvLines((await download('/api/v1/audit/export?action=login&limit=5&lang=en')).body);
    expect(en[0]).toMatch(/^# Sidaksos · audit log · exported by t\.admin on /);
    expect(en[1]).toBe('No.,Time (UTC),User,Role,Action,Entity,Record IDs,Period,Changes,Reason,IP address');
    expect(en[2]).toContain(',Admin,Login,');
    const id = csvLines((await download('/api/v1/audit/export?action=login&limit=5&lang=id')).body);
    expect(id[1]).toBe(
      'No.,Waktu (UTC),Pengguna,Peran,Tindakan,Jenis data,ID data,Periode,Perubahan,Alasan,Alamat IP',
    );
    expect(id[2]).toContain(',Admin Dinsos,Masuk,');
  });

  it('reports why an import job failed in the caller’s language where the wording is known', async () => {
    const jobs = new ImportJobsRepository(db.knex);
    const id = await jobs.create({
      regionCode: '33.74',
      kind: 'households',
      periodCode: '2025-12',
      fileName: 'kosong.csv',
      fileBytes: 20,
      createdBy: null,
    });
    await jobs.fail(id, 'The file has a header but no data rows.');
    const error = async (headers: Record<string, string>) =>
      (await download(`/api/v1/imports/${id}`, headers)).json<{ error: string }>().error;
    expect(await error({})).toBe('The file has a header but no data rows.');
    expect(await error({ 'accept-language': 'en' })).toBe('The file has a header but no data rows.');
    expect(await error({ 'accept-language': 'id' })).toBe(
      'Berkas memiliki baris judul kolom tetapi tidak ada baris data.',
    );
  });

  it('answers a body that is not JSON in the caller’s language', async () => {
    const p = await inEachLanguage(
      (h) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: '{"username": ',
          headers: { 'content-type': 'application/json', ...h },
        }),
      400,
    );
    expect(p.en.type).toBe('/api/v1/problems/fst_err_ctp_invalid_json_body');
    expect(p.id.detail).toBe('Isi permintaan bukan JSON yang sah, padahal jenis isinya application/json.');
    expect(p.none.detail).toBe("Body is not valid JSON but content-type is set to 'application/json'");
  });
});
