// Imports audit the same way from either door: an upload and a CLI import each write the job's 'import' row, a
// boundary switch writes a 'boundary_switch' row in the switch's own transaction, and every read of a reject
// report (it holds the file's values: unmasked NIKs, names) is an audited export — JSON, CSV, XLSX and the
// CLI's terminal alike. CLI rows name the OS user who ran the command, via 'cli'.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { geodataFile } from '../support/geodata.ts';
import { csvText, household, kelurahanPoint, writeCsv, type ImportRow } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.01.1001';
const OPERATOR_KEL = '33.74.02.1008'; // t.operator's kelurahan

interface AuditRow {
  username: string | null;
  role: string | null;
  via: string;
  action: string;
  entity: string;
  entity_ids: string[];
  period_code: string | null;
  changes: Record<string, unknown> | null;
}

describe('import audit', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  let serial = 900;
  const points = new Map<string, { lat: number; lon: number }>();
  const hh = (kel: string, size: number): ImportRow[] =>
    household({
      kk: `3374011201${String(++serial).padStart(6, '0')}`,
      kelurahan: kel,
      ...points.get(kel)!,
      size,
      serial,
    });
  const auditOf = (where: Partial<AuditRow>) =>
    db
      .knex('audit_log')
      .where(where)
      .orderBy('id')
      .select<AuditRow[]>(
        'username',
        'role',
        'via',
        'action',
        'entity',
        'entity_ids',
        'period_code',
        'changes',
      );
  const env = () => ({ ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
  const osUser = userInfo().username;

  beforeAll(async () => {
    db = await scratchDatabase('import_audit');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    for (const kel of [KEL, OPERATOR_KEL]) points.set(kel, await kelurahanPoint(db.knex, kel));
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
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
    file: { name: string; content: Buffer | string },
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
  const finished = async (id: string) => {
    for (let i = 0; i < 400; i++) {
      const job = (await get(`/api/v1/imports/${id}`, admin)).json<{ status: string }>();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };

  it('audits every reject-report download, in every format, as an export naming the job', async () => {
    const rows = [...hh(OPERATOR_KEL, 2), { ...hh(OPERATOR_KEL, 1)[0]!, desil: '12' }];
    const res = await upload(
      operator,
      { kind: 'households', period: PERIOD },
      { name: 'ditolak.csv', content: csvText(rows) },
    );
    expect(res.statusCode, res.body).toBe(202);
    const { id } = res.json<{ id: string }>();
    expect(await finished(id)).toMatchObject({ status: 'succeeded' });
    const [started] = await auditOf({ action: 'import', entity: 'households', username: 't.operator' });
    expect(started).toMatchObject({ via: 'api', role: 'operator', entity_ids: [id], period_code: PERIOD });

    for (const format of ['json', 'csv', 'xlsx'] as const) {
      const before = (await auditOf({ action: 'export', entity: 'import_rejects' })).length;
      const answer = await get(`/api/v1/imports/${id}/rejects?format=${format}`, operator);
      expect(answer.statusCode, answer.body).toBe(200);
      const after = await auditOf({ action: 'export', entity: 'import_rejects' });
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toMatchObject({
        username: 't.operator',
        via: 'api',
        entity_ids: [id],
        period_code: PERIOD,
        changes: { format, rows: 1, kind: 'households' },
      });
    }
    // Another user's job is not theirs to see: 404, and nothing was read, so nothing is audited.
    const adminJob = (
      await upload(
        admin,
        { kind: 'households', period: PERIOD },
        { name: 'a.csv', content: csvText(hh(KEL, 1)) },
      )
    ).json<{ id: string }>().id;
    await finished(adminJob);
    expect((await get(`/api/v1/imports/${adminJob}/rejects?format=csv`, operator)).statusCode).toBe(404);
    const readOfAdminJob = await db
      .knex('audit_log')
      .where({ action: 'export', entity: 'import_rejects' })
      .whereRaw('? = any(entity_ids)', [adminJob]);
    expect(readOfAdminJob).toEqual([]);
  });

  it('audits a boundary switch through the API in the switch itself, from the set before to the new one', async () => {
    const before = await db.knex('boundary_sets').where({ active: true }).first<{ id: string }>('id');
    const content = readFileSync(geodataFile('semarang-kelurahan.geojson'));
    const res = await upload(admin, { kind: 'boundaries' }, { name: 'kelurahan-2025.geojson', content });
    expect(res.statusCode, res.body).toBe(202);
    expect(await finished(res.json<{ id: string }>().id)).toMatchObject({ status: 'succeeded' });
    const now = await db.knex('boundary_sets').where({ active: true }).first<{ id: string }>('id');
    expect(now.id).not.toBe(before.id);
    const switches = await auditOf({ action: 'boundary_switch', entity: 'boundary_set', via: 'api' });
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({
      username: 't.admin',
      role: 'admin',
      entity_ids: [now.id],
      changes: { active: [before.id, now.id], label: 'kelurahan-2025.geojson' },
    });
  });

  it('audits a CLI household import and its reject report as the OS user, via cli', async () => {
    const rows = [...hh(KEL, 2), { ...hh(KEL, 1)[0]!, desil: '12' }];
    const r = await runCli(['import', 'households', writeCsv(rows), '--period', PERIOD], env());
    expect(r.code, r.out).toBe(0);
    const jobId = /\(job ([0-9a-f-]{36})\)/.exec(r.out)![1]!;
    const imported = await auditOf({ action: 'import', entity: 'households', via: 'cli' });
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({
      username: osUser,
      role: null,
      entity_ids: [jobId],
      period_code: PERIOD,
      changes: { allowMoves: false, allowTwoHeads: false },
    });
    // The CLI printed the rejected row: the same audited read as a download.
    expect(r.out).toMatch(/row 4 \[desil\]/);
    const read = await auditOf({ action: 'export', entity: 'import_rejects', via: 'cli' });
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({
      username: osUser,
      entity_ids: [jobId],
      changes: { format: 'text', rows: 1 },
    });
  });

  it('audits a CLI boundary switch as the OS user, via cli, with the set it replaced', async () => {
    const before = await db.knex('boundary_sets').where({ active: true }).first<{ id: string }>('id');
    const r = await runCli(
      ['import', 'boundaries', geodataFile('semarang-kelurahan.geojson'), '--label', 'CLI 2025'],
      env(),
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/now active/);
    const now = await db
      .knex('boundary_sets')
      .where({ active: true })
      .first<{ id: string; label: string }>('id', 'label');
    expect(now).toMatchObject({ label: 'CLI 2025' });
    const switches = await auditOf({ action: 'boundary_switch', via: 'cli' });
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({
      username: osUser,
      entity: 'boundary_set',
      entity_ids: [now.id],
      changes: { active: [before.id, now.id], label: 'CLI 2025' },
    });
    // The import itself has its job and row too, like an upload.
    const imported = await auditOf({ action: 'import', entity: 'boundaries', via: 'cli' });
    expect(imported).toEqual([expect.objectContaining({ username: osUser, period_code: null })]);
    const job = await db
      .knex('import_jobs')
      .where({ id: imported[0]!.entity_ids[0] })
      .first<{ status: string }>('status');
    expect(job).toEqual({ status: 'succeeded' });
  });
});
