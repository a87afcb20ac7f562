// An upload's life: refused uploads never leave a file behind (400, 403, 409, 413, 415, 429), accepted ones wait
// in a private folder (0700, files 0600) under the data directory and are deleted when their job ends (also when
// it fails), orphans of a dead process are swept at start, and jobs left running by a dead process are ended as
// failed, "interrupted".
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { csvText, household, kelurahanPoint } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.01.1001';

describe('upload lifecycle', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  let dataDir: string;
  let uploadDir: string;
  let point: { lat: number; lon: number };
  let serial = 500;
  const config = () =>
    testConfig({
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      IMPORT_MAX_BYTES: '100000',
      IMPORT_UPLOADS_PER_USER: '1',
      SIDAKSOS_DATA_DIR: dataDir,
    });
  const csv = () =>
    csvText(
      household({
        kk: `33740112010${String(++serial).padStart(5, '0')}`,
        kelurahan: KEL,
        ...point,
        size: 2,
        serial,
      }),
    );

  beforeAll(async () => {
    db = await scratchDatabase('upload_lifecycle');
    await db.knex('periods').insert([
      { region_code: '33.74', period_code: '2025-07', status: 'finalized' },
      { region_code: '33.74', period_code: PERIOD },
    ]);
    point = await kelurahanPoint(db.knex, KEL);
    await createTestUsers(db.knex);
    dataDir = mkdtempSync(path.join(tmpdir(), 'sidaksos-uploads-'));
    uploadDir = path.join(dataDir, 'uploads');
    app = await testApp(db.knex, config());
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
    query = '',
  ) => {
    const body = multipartBody(fields, file);
    return app.inject({
      method: 'POST',
      url: `/api/v1/imports${query}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
  };
  const finished = async (id: string) => {
    for (let i = 0; i < 400; i++) {
      const job = (
        await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { cookie: admin.cookie } })
      ).json<{ status: string; error: string | null }>();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };
  const filesLeft = () => readdirSync(uploadDir);
  /** A job's file is deleted just after its status is written: wait for it (and the user's slot) to go. */
  const noFilesLeft = async () => {
    for (let i = 0; i < 100 && filesLeft().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(filesLeft()).toEqual([]);
  };

  it('keeps uploads in a private folder under the data directory and deletes each when its job ends', async () => {
    expect(statSync(uploadDir).mode & 0o777).toBe(0o700);
    // Hold the job inside its import (the households table locked), so its file can be looked at.
    const trx = await db.knex.transaction();
    await trx.raw('lock table households in exclusive mode');
    const res = await upload(
      admin,
      { kind: 'households', period: PERIOD },
      { name: 'keluarga.csv', content: csv() },
    );
    expect(res.statusCode, res.body).toBe(202);
    try {
      const files = filesLeft();
      expect(files).toHaveLength(1);
      expect(statSync(path.join(uploadDir, files[0]!)).mode & 0o777).toBe(0o600);
      // One upload in flight is this user's cap: the next is refused before its body is read, with Retry-After.
      const second = await upload(
        admin,
        { kind: 'households', period: PERIOD },
        { name: 'lagi.csv', content: csv() },
      );
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBe('30');
      expect(second.json<{ detail: string }>().detail).toMatch(
        /You already have 1 import\(s\) uploading or running/,
      );
      expect(filesLeft()).toHaveLength(1);
    } finally {
      await trx.commit();
    }
    expect((await finished(res.json<{ id: string }>().id)).status).toBe('succeeded');
    await noFilesLeft();
  });

  it('deletes the file of a job that fails', async () => {
    const res = await upload(
      admin,
      { kind: 'households', period: PERIOD },
      { name: 'rusak.xlsx', content: Buffer.from('PK\x03\x04 not really a workbook') },
    );
    const job = await finished(res.json<{ id: string }>().id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^rusak\.xlsx is not a readable ZIP file/);
    await noFilesLeft();
  });

  it.each([
    [
      'an unknown kind',
      'admin',
      { kind: 'warga', period: PERIOD },
      'a.csv',
      '',
      400,
      /"kind" must be one of/,
    ],
    [
      'a malformed period',
      'admin',
      { kind: 'households', period: '2025-13' },
      'a.csv',
      '',
      400,
      /period code/,
    ],
    [
      'a finalized period',
      'admin',
      { kind: 'households', period: '2025-07' },
      'a.csv',
      '',
      409,
      /is finalized/,
    ],
    [
      'a missing period',
      'admin',
      { kind: 'households', period: '2031-01' },
      'a.csv',
      '',
      409,
      /does not exist/,
    ],
    ['boundaries from an operator', 'operator', { kind: 'boundaries' }, 'b.geojson', '', 403, /Only admins/],
    [
      'a wrong file type',
      'admin',
      { kind: 'households', period: PERIOD },
      'foto.png',
      '',
      415,
      /takes \.csv/,
    ],
    [
      'an oversized file',
      'admin',
      { kind: 'households', period: PERIOD },
      'besar.csv',
      'big',
      413,
      /larger than 100000/,
    ],
    ['a file before its fields', 'admin', {}, 'a.csv', '', 400, /before the file/],
    [
      'an unknown field',
      'admin',
      { kind: 'households', period: PERIOD, warna: 'biru' },
      'a.csv',
      '',
      400,
      /Unknown field "warna"/,
    ],
    ['an unknown kind in the query', 'admin', {}, 'a.csv', '?kind=warga', 400, /"kind" must be one of/],
  ] as const)(
    'refuses %s and leaves no file behind',
    async (_label, who, fields, name, how, status, detail) => {
      const content = how === 'big' ? 'x'.repeat(150_000) : 'no_kk\n1\n';
      const res = await upload(
        who === 'admin' ? admin : operator,
        fields,
        { name, content },
        how.startsWith('?') ? how : '',
      );
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json<{ detail: string }>().detail).toMatch(detail);
      expect(filesLeft()).toEqual([]);
    },
  );

  it('sweeps orphans of dead processes at start and ends their jobs as interrupted', async () => {
    // A file left by a process that no longer exists, and one of this (live) process.
    writeFileSync(path.join(uploadDir, '999999999.orphan.csv'), 'x');
    writeFileSync(path.join(uploadDir, `${process.pid}.mine.csv`), 'x');
    const [stale] = await db
      .knex('import_jobs')
      .insert({
        region_code: '33.74',
        kind: 'households',
        period_code: PERIOD,
        file_name: 'mati.csv',
        status: 'running',
        heartbeat_at: db.knex.raw(`now() - interval '10 minutes'`),
      })
      .returning<Array<{ id: string }>>('id');
    const [alive] = await db
      .knex('import_jobs')
      .insert({
        region_code: '33.74',
        kind: 'households',
        period_code: PERIOD,
        file_name: 'hidup.csv',
        status: 'running',
        heartbeat_at: db.knex.fn.now(),
      })
      .returning<Array<{ id: string }>>('id');
    const restarted = await testApp(db.knex, config());
    try {
      expect(filesLeft()).toEqual([`${process.pid}.mine.csv`]);
      const jobs = await db
        .knex('import_jobs')
        .whereIn('id', [stale!.id, alive!.id])
        .select<Array<{ id: string; status: string; error: string | null; finished_at: Date | null }>>(
          'id',
          'status',
          'error',
          'finished_at',
        );
      const byId = new Map(jobs.map((j) => [j.id, j]));
      expect(byId.get(stale!.id)).toMatchObject({ status: 'failed' });
      expect(byId.get(stale!.id)!.error).toMatch(/^interrupted: /);
      expect(byId.get(stale!.id)!.finished_at).not.toBeNull();
      // A job with a fresh heartbeat belongs to a live process and is left alone.
      expect(byId.get(alive!.id)).toMatchObject({ status: 'running', error: null });
    } finally {
      await restarted.close();
      await db.knex('import_jobs').where({ id: alive!.id }).delete();
      await import('node:fs/promises').then((fs) => fs.rm(path.join(uploadDir, `${process.pid}.mine.csv`)));
    }
  });
});
