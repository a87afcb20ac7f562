// `npm start` with bad configuration stops with one clear message and exit code 1.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { createDatabaseIfMissing, dropDatabase, withDatabase } from '../../server/db/provision.ts';

const run = promisify(execFile);

async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  try {
    await run(tsx, ['server/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('start-up with bad configuration', () => {
  const db = `sidaksos_nopostgis_${process.pid}`;
  const role = `sidaksos_plain_${process.pid}`;
  beforeAll(async () => {
    // A database without PostGIS, reached by a role that may not install it (as on a managed server).
    await createDatabaseIfMissing(inject('maintenanceUrl'), db);
    const c = new pg.Client(inject('maintenanceUrl'));
    await c.connect();
    await c.query(`drop role if exists ${role}`);
    await c.query(`create role ${role} login password 'plain-role-password'`);
    await c.end();
  });
  afterAll(async () => {
    await dropDatabase(inject('maintenanceUrl'), db);
    const c = new pg.Client(inject('maintenanceUrl'));
    await c.connect();
    await c.query(`drop role if exists ${role}`);
    await c.end();
  });

  it.each([
    [{ PORT: 'eighty' }, /cannot start: PORT="eighty" is not a whole number/],
    [{ PORT: '99999' }, /cannot start: PORT=99999 is invalid/],
    [
      { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
      /cannot start: Cannot connect to the database at 127\.0\.0\.1:1\/none/,
    ],
  ])('%o', async (env, message) => {
    const r = await start(env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
  });

  it('a database without PostGIS', async () => {
    const url = new URL(withDatabase(inject('maintenanceUrl'), db));
    url.username = role;
    url.password = 'plain-role-password';
    const r = await start({ DATABASE_URL: url.toString() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot start: PostGIS is available at .* but could not be enabled/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
