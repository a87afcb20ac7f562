// The kelurahan's part of the semester cycle and the penetapan (#20 items 2 and 4) on the real app: the
// muskel's decisions (a removal becomes a proposal another admin decides; the recorder may not), the berita
// acara (type judged from its bytes, size-limited, audited downloads), closing and reopening a kelurahan, the
// adoption refused while kelurahan are open unless an override names them with a reason, and the adoption
// report whose figures are the indicators' for that period (JSON, XLSX and the text of the PDF).
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import {
  createTestUsers,
  login,
  TEST_PASSWORD,
  userAdmin,
  type TestSession,
} from '../support/auth-fixtures.ts';
import { multipartBody } from '../support/multipart.ts';
import { readPdf } from '../support/pdf-pages.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
/** The test operator's kelurahan. */
const KEL = '33.74.02.1008';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 7),
]);

interface Record {
  code: string;
  name: string;
  status: 'open' | 'closed';
  muskelOn: string | null;
  beritaAcara: number;
  proposals: { pending: number; approved: number; rejected: number };
  decisions: { keep: number; remove: number; add: number };
}
interface Line {
  level: string;
  code: string;
  households: number;
  persons: number;
  status: string | null;
  values: Record_<{ numerator: number; denominator: number | null; value: number | null }>;
  counts: Record_<number>;
}
type Record_<T> = { [k: string]: T };
interface Report {
  period: string;
  status: string;
  adoptedAt: string | null;
  leftOpen: Array<{ code: string; name: string }>;
  reason: string | null;
  lines: Line[];
  beritaAcara: Array<{ kelurahan: string; fileName: string }>;
}

describe('the kelurahan cycle and the penetapan', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let reviewer: TestSession;
  let planner: TestSession;
  let operator: TestSession;
  let opd: TestSession;
  let onList: Array<{ id: string; version: number }>;

  const as = (s: TestSession, opts: InjectOptions, lang?: string) =>
    app.inject({
      ...opts,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(lang ? { 'accept-language': lang } : {}),
        ...(opts.headers ?? {}),
      },
    });
  const records = async (s: TestSession = admin) => {
    const res = await as(s, { method: 'GET', url: `/api/v1/periods/${PERIOD}/kelurahan` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ kelurahan: Record[] }>().kelurahan;
  };
  const upload = (s: TestSession, file: { name: string; content: Buffer }, kel = KEL) => {
    const { payload, headers } = multipartBody({}, file);
    return as(s, {
      method: 'POST',
      url: `/api/v1/periods/${PERIOD}/kelurahan/${kel}/berita-acara`,
      payload,
      headers: { ...headers, 'accept-language': 'id' },
    });
  };
  const audits = async (entity: string) =>
    Number((await db.knex('audit_log').where({ entity }).count<{ n: string }>('* as n').first())!.n);

  beforeAll(async () => {
    db = await scratchDatabase('kelurahan_cycle');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1200,
      seed: 37,
      periods: ['2025-07', PERIOD],
    });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    [admin, planner, operator, opd] = [
      await login(app, 't.admin'),
      await login(app, 't.planner'),
      await login(app, 't.operator'),
      await login(app, 't.opd'),
    ];
    // A second Dinsos reviewer, so a decision is never approved by its recorder.
    await userAdmin(db.knex).create({
      username: 't.reviewer',
      role: 'admin',
      displayName: 't.reviewer',
      password: TEST_PASSWORD,
    });
    reviewer = await login(app, 't.reviewer');
    onList = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .orderBy('id')
      .limit(3)
      .select<Array<{ id: string; version: number }>>('id', 'version');
    expect(onList).toHaveLength(3);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("records the muskel's decisions: a removal is a proposal the registry does not see until another admin approves it", async () => {
    const body = {
      period: PERIOD,
      muskelOn: '2025-11-20',
      decisions: [
        { householdId: onList[0]!.id, decision: 'keep' },
        { householdId: onList[1]!.id, decision: 'remove', reason: 'moved_out', note: 'pindah ke Kendal' },
        { decision: 'add', head: 'Sri Wahyuni (sintetis)', rt: 3, rw: 2 },
      ],
    };
    // Another kelurahan is not the operator's: 404, nothing recorded.
    const elsewhere = await as(operator, {
      method: 'POST',
      url: '/api/v1/areas/33.74.01.1001/muskel/decisions',
      payload: body,
    });
    expect(elsewhere.statusCode).toBe(404);
    // A removal without its reason is refused, naming the row, in the caller's language; nothing is kept.
    const noReason = await as(
      operator,
      {
        method: 'POST',
        url: `/api/v1/areas/${KEL}/muskel/decisions`,
        payload: {
          ...body,
          decisions: [body.decisions[0], { householdId: onList[1]!.id, decision: 'remove' }],
        },
      },
      'en',
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ detail: string }>().detail).toMatch(/^Row 2: a removal needs its reason/);
    expect(await audits('muskel_decision')).toBe(0);
    expect(Number((await db.knex('muskel_decisions').count<{ n: string }>('* as n').first())!.n)).toBe(0);

    const res = await as(operator, {
      method: 'POST',
      url: `/api/v1/areas/${KEL}/muskel/decisions`,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const saved = res.json<{ decisions: Array<{ decision: string; proposalId: string | null }> }>().decisions;
    expect(saved.map((d) => d.decision)).toEqual(['keep', 'remove', 'add']);
    const proposalId = saved[1]!.proposalId!;
    expect(proposalId).toBeTruthy();
    const status = async () =>
      (
        await db
          .knex('households')
          .where({ period_code: PERIOD, id: onList[1]!.id })
          .first<{ status: string }>('status')
      ).status;
    expect(await status()).toBe('active');
    const mine = (await records(operator)).find((r) => r.code === KEL)!;
    expect(mine).toMatchObject({ muskelOn: '2025-11-20', decisions: { keep: 1, remove: 1, add: 1 } });
    expect(mine.proposals.pending).toBe(1);
    expect(await records(operator)).toHaveLength(1);

    // The admin who records decisions cannot approve the removal they proposed; another reviewer can.
    const adminBody = {
      ...body,
      decisions: [{ householdId: onList[2]!.id, decision: 'remove', reason: 'died' }],
    };
    const byAdmin = await as(admin, {
      method: 'POST',
      url: `/api/v1/areas/${KEL}/muskel/decisions`,
      payload: adminBody,
    });
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
    const own = byAdmin.json<{ decisions: Array<{ proposalId: string }> }>().decisions[0]!.proposalId;
    const self = await as(admin, {
      method: 'POST',
      url: '/api/v1/proposals/decisions',
      payload: { ids: [own], decision: 'approve' },
    });
    expect(self.statusCode).toBe(403);
    const approved = await as(reviewer, {
      method: 'POST',
      url: '/api/v1/proposals/decisions',
      payload: { ids: [proposalId], decision: 'approve' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await status()).toBe('moved_out');
    const rejected = await as(reviewer, {
      method: 'POST',
      url: '/api/v1/proposals/decisions',
      payload: { ids: [own], decision: 'reject', reason: 'masih tinggal di alamat' },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(await audits('muskel_decision')).toBe(2);
  });

  it('attaches a berita acara judged by its bytes and size, and audits every download', async () => {
    const fake = await upload(operator, {
      name: 'berita-acara.pdf',
      content: Buffer.from('MZ not a pdf at all'),
    });
    expect(fake.statusCode).toBe(415);
    expect(fake.json<{ detail: string }>().detail).toContain('bukan berkas PDF, PNG atau JPEG');
    const huge = await upload(operator, {
      name: 'scan.png',
      content: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]),
    });
    expect(huge.statusCode).toBe(413);
    expect((await upload(operator, { name: 'ba.png', content: PNG }, '33.74.01.1001')).statusCode).toBe(404);
    expect((await upload(opd, { name: 'ba.png', content: PNG })).statusCode).toBe(403);
    expect(Number((await db.knex('berita_acara').count<{ n: string }>('* as n').first())!.n)).toBe(0);

    const ok = await upload(operator, { name: 'berita acara RW 02.png', content: PNG });
    expect(ok.statusCode, ok.body).toBe(201);
    const scan = ok.json<{ id: string; contentType: string; bytes: number }>();
    expect(scan).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
    const before = await audits('berita_acara');
    const file = await as(planner, {
      method: 'GET',
      url: `/api/v1/periods/${PERIOD}/kelurahan/${KEL}/berita-acara/${scan.id}`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(await audits('berita_acara')).toBe(before + 1);
    // Asked through another kelurahan's path, the scan is not found.
    const wrongPath = await as(admin, {
      method: 'GET',
      url: `/api/v1/periods/${PERIOD}/kelurahan/33.74.01.1001/berita-acara/${scan.id}`,
    });
    expect(wrongPath.statusCode).toBe(404);
  });

  it('refuses adoption while kelurahan are open, adopts with a named override, and reports the indicators', async () => {
    const all = await records();
    // The operator closes their kelurahan; closed, it takes no more decisions until an admin reopens it.
    const close = await as(operator, {
      method: 'POST',
      url: `/api/v1/periods/${PERIOD}/kelurahan/${KEL}/close`,
      payload: { note: 'muskel selesai' },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect(
      (await as(operator, { method: 'POST', url: `/api/v1/periods/${PERIOD}/kelurahan/${KEL}/reopen` }))
        .statusCode,
    ).toBe(403);
    const late = await as(operator, {
      method: 'POST',
      url: `/api/v1/areas/${KEL}/muskel/decisions`,
      payload: {
        period: PERIOD,
        muskelOn: '2025-11-21',
        decisions: [{ householdId: onList[0]!.id, decision: 'keep' }],
      },
    });
    expect(late.statusCode).toBe(409);
    const others = all.filter((r) => r.code !== KEL).map((r) => r.code);
    // Close a second kelurahan too, so the override names exactly the rest.
    expect(
      (await as(admin, { method: 'POST', url: `/api/v1/periods/${PERIOD}/kelurahan/${others[0]}/close` }))
        .statusCode,
    ).toBe(200);
    const stillOpen = others.slice(1);

    const finalize = (payload?: object) =>
      as(
        admin,
        { method: 'POST', url: `/api/v1/periods/${PERIOD}/finalize`, ...(payload ? { payload } : {}) },
        'en',
      );
    const refused = await finalize();
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toContain(
      `${stillOpen.length} kelurahan are still open`,
    );
    expect((await finalize({ leaveOpen: stillOpen.slice(1), reason: 'x' })).statusCode).toBe(409);
    expect((await finalize({ leaveOpen: stillOpen })).statusCode).toBe(400);
    expect((await finalize({ leaveOpen: [...stillOpen, KEL], reason: 'x' })).statusCode).toBe(409);
    expect(
      (await db.knex('periods').where({ period_code: PERIOD }).first<{ status: string }>('status')).status,
    ).toBe('open');

    // The draft report, before adoption, says so.
    const draft = await as(planner, { method: 'GET', url: `/api/v1/periods/${PERIOD}/adoption-report` });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json<Report>()).toMatchObject({ status: 'open', adoptedAt: null });

    const adopted = await finalize({ leaveOpen: stillOpen, reason: 'Muskel tertunda banjir' });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json<{ leftOpen: string[] }>().leftOpen).toEqual([...stillOpen].sort());
    const audit = await db
      .knex('audit_log')
      .where({ action: 'period_finalize' })
      .first<{ reason: string; changes: { leftOpen: string[] } }>('reason', 'changes');
    expect(audit.reason).toBe('Muskel tertunda banjir');
    expect(audit.changes.leftOpen).toHaveLength(stillOpen.length);

    const report = (
      await as(admin, { method: 'GET', url: `/api/v1/periods/${PERIOD}/adoption-report` })
    ).json<Report>();
    expect(report).toMatchObject({ status: 'finalized', reason: 'Muskel tertunda banjir' });
    expect(report.leftOpen).toHaveLength(stillOpen.length);
    expect(report.beritaAcara.map((b) => b.kelurahan)).toEqual([KEL]);
    const byCode = new Map(report.lines.map((l) => [l.code, l]));
    expect(byCode.get(KEL)).toMatchObject({ status: 'closed' });
    expect(byCode.get(KEL)!.counts).toMatchObject({
      approved: 1,
      rejected: 1,
      kept: 1,
      removed: 2,
      added: 1,
      berita_acara: 1,
      moved_out: 1,
    });
    // Every indicator figure equals the indicators' answer for the period, at every level.
    for (const id of ['poor_households', 'poor_share', 'disability_rate', 'unverified_share']) {
      for (const level of ['kelurahan', 'kecamatan', 'city']) {
        const res = await as(admin, {
          method: 'GET',
          url: `/api/v1/indicators/${id}?period=${PERIOD}&level=${level}`,
        });
        expect(res.statusCode, res.body).toBe(200);
        const values = res.json<{
          values: Array<{
            code: string;
            numerator: number;
            denominator: number | null;
            value: number | null;
          }>;
        }>().values;
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) {
          const line = byCode.get(v.code);
          expect(line, `${id} ${v.code}`).toBeDefined();
          expect(line!.values[id], `${id} ${v.code}`).toEqual({
            numerator: v.numerator,
            denominator: v.denominator,
            value: v.value,
          });
        }
      }
    }
    // The counts are the registry's: active households per kelurahan and the city's sum.
    const active = await db
      .knex('households')
      .where({ period_code: PERIOD, status: 'active' })
      .groupBy('kelurahan_code')
      .select<Array<{ kelurahan_code: string; n: string }>>('kelurahan_code', db.knex.raw('count(*) as n'));
    for (const a of active) expect(byCode.get(a.kelurahan_code)!.counts.active).toBe(Number(a.n));
    const city = report.lines[0]!;
    expect(city.level).toBe('city');
    expect(city.counts.active).toBe(active.reduce((n, a) => n + Number(a.n), 0));

    // XLSX: one line per area, the kelurahan's figures in its row; the PDF's text names the override.
    const xlsx = await as(admin, {
      method: 'GET',
      url: `/api/v1/periods/${PERIOD}/adoption-report?format=xlsx&lang=en`,
    });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const kelRow = rows.find((r) => r.includes(KEL))!;
    expect(kelRow).toBeDefined();
    expect(kelRow).toContain(byCode.get(KEL)!.households);
    expect(rows.filter((r) => r.includes('Kelurahan')).length).toBe(
      byCode.size - 1 - report.lines.filter((l) => l.level === 'kecamatan').length,
    );
    const pdf = await as(admin, {
      method: 'GET',
      url: `/api/v1/periods/${PERIOD}/adoption-report?format=pdf`,
    });
    expect(pdf.statusCode).toBe(200);
    const text = (await readPdf(pdf.rawPayload)).map((p) => p.squashed).join('');
    expect(text).toContain('Laporanpenetapan');
    expect(text).toContain('Alasan:Muskeltertundabanjir');
    expect(text).toContain(byCode.get(KEL)!.code);
    expect(await audits('adoption_report')).toBe(4);
    // Adopted, the period is frozen: no more closing, scans or decisions.
    expect((await upload(operator, { name: 'late.png', content: PNG })).statusCode).toBe(409);
  });

  it('keeps the public and OPD staff out, and operators to their own kelurahan', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/v1/periods/${PERIOD}/kelurahan` })).statusCode).toBe(
      401,
    );
    expect(
      (await as(opd, { method: 'GET', url: `/api/v1/periods/${PERIOD}/adoption-report` })).statusCode,
    ).toBe(403);
    expect(
      (await as(operator, { method: 'GET', url: `/api/v1/periods/${PERIOD}/adoption-report` })).statusCode,
    ).toBe(403);
    const res = await as(operator, {
      method: 'GET',
      url: `/api/v1/periods/${PERIOD}/kelurahan/33.74.01.1001/berita-acara`,
    });
    expect(res.statusCode).toBe(404);
  });
});
