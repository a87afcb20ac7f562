// Hostile files fail their own job, never the service: ZIP bombs (honest and lying sizes, too many entries), a
// file that needs more memory than the parse worker may use, and a file that crashes its parser — each ends as
// a failed job with a sentence, while /healthz keeps answering over real HTTP throughout.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { geodataFile } from '../support/geodata.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';
import { zipBuffer } from '../support/zip-writer.ts';
import { readFileSync } from 'node:fs';

interface JobAnswer {
  status: string;
  error: string | null;
}

const ONE_MB = Buffer.alloc(1024 * 1024);

describe('hostile uploads', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let small: FastifyInstance;
  let admin: TestSession;
  let base: string;

  beforeAll(async () => {
    db = await scratchDatabase('hostile_uploads');
    await db.knex('periods').insert({ region_code: '33.74', period_code: '2025-12' });
    await createTestUsers(db.knex);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sidaksos-hostile-'));
    const overrides = {
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      SIDAKSOS_DATA_DIR: dataDir,
      IMPORT_UPLOADS_PER_USER: '10',
    };
    app = await testApp(db.knex, testConfig(overrides));
    // A second app whose parse worker may use only 32 MB of heap.
    small = await testApp(db.knex, testConfig({ ...overrides, IMPORT_WORKER_MEMORY_MB: '32' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    admin = await login(app, 't.admin');
  });
  afterAll(async () => {
    await small.close();
    await app.close();
    await db.drop();
  });

  const upload = async (
    target: FastifyInstance,
    fields: Record<string, string>,
    file: { name: string; content: Buffer },
  ) => {
    const body = multipartBody(fields, file);
    const res = await target.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: body.payload,
      headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json<{ id: string }>().id;
  };

  /** Polls the job to its end while asking /healthz over HTTP each time; returns the job and the health answers. */
  const finishedWhileHealthy = async (target: FastifyInstance, id: string) => {
    let healthy = 0;
    for (let i = 0; i < 600; i++) {
      // Generous per-request timeout: the point is that it answers, not how fast.
      const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      healthy++;
      const job = (
        await target.inject({
          method: 'GET',
          url: `/api/v1/imports/${id}`,
          headers: { cookie: admin.cookie },
        })
      ).json<JobAnswer>();
      if (job.status === 'succeeded' || job.status === 'failed') return { job, healthy };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };

  it('fails a zipped Shapefile whose .shp inflates to 1 GB of zeros before inflating it, and /healthz answers', async () => {
    const zip = await zipBuffer([
      { name: 'batas.shp', content: { chunk: ONE_MB, times: 1024 } },
      { name: 'batas.dbf', content: Buffer.alloc(100) },
      { name: 'batas.prj', content: Buffer.from('GEOGCS["WGS 84"]') },
    ]);
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    const { job, healthy } = await finishedWhileHealthy(
      app,
      await upload(app, { kind: 'boundaries' }, { name: 'batas-kelurahan.zip', content: zip }),
    );
    expect(healthy).toBeGreaterThan(0);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      'batas-kelurahan.zip was refused before unpacking: batas.shp inflates to 1024 MB, more than the 200 MB one file may have. Check the file, or split it.',
    );
  });

  it('stops inflating at the declared size when a ZIP lies about it', async () => {
    const zip = await zipBuffer([
      { name: 'batas.shp', content: { chunk: ONE_MB, times: 256 }, declaredSize: 1000 },
      { name: 'batas.dbf', content: Buffer.alloc(100) },
      { name: 'batas.prj', content: Buffer.from('GEOGCS["WGS 84"]') },
    ]);
    const { job } = await finishedWhileHealthy(
      app,
      await upload(app, { kind: 'boundaries' }, { name: 'bohong.zip', content: zip }),
    );
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(
      /^bohong\.zip: batas\.shp holds more data than the ZIP declares .*; zip it again\.$/,
    );
  });

  it('refuses a ZIP with too many entries, and an XLSX that is a ZIP bomb, each with a sentence', async () => {
    const many = await zipBuffer(
      Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.txt`, content: Buffer.from('x') })),
    );
    const a = await finishedWhileHealthy(
      app,
      await upload(app, { kind: 'boundaries' }, { name: 'banyak.zip', content: many }),
    );
    expect(a.job.status).toBe('failed');
    expect(a.job.error).toBe(
      'banyak.zip holds 1001 files; an upload may hold at most 1000. Zip only the files of the import.',
    );
    // The same checks guard workbooks: an .xlsx is a ZIP too.
    const bomb = await zipBuffer([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'xl/sharedStrings.xml', content: { chunk: ONE_MB, times: 300 } },
    ]);
    const b = await finishedWhileHealthy(
      app,
      await upload(app, { kind: 'households', period: '2025-12' }, { name: 'keluarga.xlsx', content: bomb }),
    );
    expect(b.job.status).toBe('failed');
    expect(b.job.error).toMatch(
      /^keluarga\.xlsx was refused before unpacking: xl\/sharedStrings\.xml inflates to 300 MB/,
    );
  });

  it('fails a file that needs more memory than the parse worker may use, and the server carries on', async () => {
    // The real polygons, repeated: a valid GeoJSON of ~22 MB whose parsed coordinates need far more than 32 MB.
    const real = JSON.parse(readFileSync(geodataFile('semarang-kelurahan.geojson'), 'utf8')) as {
      features: unknown[];
    };
    const big = Buffer.from(
      JSON.stringify({ type: 'FeatureCollection', features: Array(100).fill(real.features).flat() }),
    );
    const { job, healthy } = await finishedWhileHealthy(
      small,
      await upload(small, { kind: 'boundaries' }, { name: 'besar.geojson', content: big }),
    );
    expect(healthy).toBeGreaterThan(0);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      'besar.geojson needs more than 32 MB of memory to read, so its import was stopped; split it into smaller files.',
    );
    // The same upload through the normal app still works: only the job failed.
    const ok = await finishedWhileHealthy(
      app,
      await upload(
        app,
        { kind: 'boundaries' },
        { name: 'kelurahan.geojson', content: readFileSync(geodataFile('semarang-kelurahan.geojson')) },
      ),
    );
    expect(ok.job.status, ok.job.error ?? '').toBe('succeeded');
  });

  it('fails a truncated Shapefile with one sentence naming the uploaded file', async () => {
    const shp = Buffer.alloc(100);
    shp.writeInt32BE(9994, 0);
    shp.writeInt32BE(5000, 24); // says 10,000 bytes
    shp.writeInt32LE(1000, 28);
    shp.writeInt32LE(5, 32);
    const zip = await zipBuffer([
      { name: 'kel.shp', content: shp },
      { name: 'kel.dbf', content: Buffer.alloc(40) },
      { name: 'kel.prj', content: Buffer.from('GEOGCS["WGS 84"]') },
    ]);
    const { job } = await finishedWhileHealthy(
      app,
      await upload(app, { kind: 'boundaries' }, { name: 'terpotong.zip', content: zip }),
    );
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      'terpotong.zip: the .shp file is cut short: its header says 10000 bytes, the file has 100. Export the Shapefile again from your GIS and upload all its parts (.shp, .shx, .dbf, .prj) zipped together.',
    );
  });
});
