// Jobs never hang when the database goes away mid-import: the import fails, its "failed" cannot be written while
// the database is gone, and it is written once the database returns (retried with back-off). The app reaches
// PostgreSQL through a TCP relay the test can cut and restore; the test watches over its own direct connection.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { createTestUsers, login } from '../support/auth-fixtures.ts';
import { csvText, household, kelurahanPoint } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

/** A TCP relay to PostgreSQL that can drop every connection and refuse new ones, then accept again. */
function relay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
      ),
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore: () => void (open = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('import jobs and a database outage', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let proxy: ReturnType<typeof relay>;

  beforeAll(async () => {
    db = await scratchDatabase('import_outage');
    await db.knex('periods').insert({ region_code: '33.74', period_code: '2025-12' });
    await createTestUsers(db.knex);
    const url = new URL(db.url);
    proxy = relay({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.listen());
    const knex = createKnex({ url: url.toString(), poolMax: 4 });
    app = await testApp(knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
  });
  afterAll(async () => {
    proxy.restore();
    await app.close();
    await app.knex.destroy();
    await proxy.close();
    await db.drop();
  });

  const job = async (id: string) =>
    db.knex('import_jobs').where({ id }).first<{ status: string; error: string | null }>('status', 'error');

  it('writes a job failed by an outage as failed once the database returns', async () => {
    const admin = await login(app, 't.admin');
    const kel = '33.74.01.1001';
    const csv = csvText(
      household({
        kk: '3374011201000777',
        kelurahan: kel,
        ...(await kelurahanPoint(db.knex, kel)),
        size: 2,
        serial: 777,
      }),
    );
    // Hold the import at its first write to the registry, so the outage falls inside it.
    const lock = await db.knex.transaction();
    await lock.raw('lock table households in exclusive mode');
    const body = multipartBody(
      { kind: 'households', period: '2025-12' },
      { name: 'keluarga.csv', content: csv },
    );
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      payload: body.payload,
      headers: { ...body.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json<{ id: string }>().id;
    // Wait until the import waits on the lock.
    for (let i = 0; i < 400; i++) {
      const { rows } = await db.knex.raw<{ rows: unknown[] }>(
        `select 1 from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'households' and not l.granted`,
      );
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    proxy.cut();
    await lock.rollback();
    // The import has failed, but nothing can record it while the database is unreachable.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await job(id))?.status).toBe('running');
    proxy.restore();
    let seen: { status: string; error: string | null } | undefined;
    for (let i = 0; i < 600 && seen?.status !== 'failed'; i++) {
      seen = await job(id);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen?.status).toBe('failed');
    expect(seen?.error).toBeTruthy();
  });
});
