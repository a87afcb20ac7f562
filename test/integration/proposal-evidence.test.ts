// A proposal's evidence files (#20 item 1: "the reason and evidence: a note, a photo of the house"): its maker
// attaches a photo or a scanned letter while it waits; the file is judged by its bytes (a renamed text file is
// refused, nothing stored), capped in size and in number; nobody but the maker or an admin adds one; operators
// of another kelurahan cannot see it; reviewers read the list with the proposal and download each file as it
// was sent; every attach and download is in the audit log; a decided proposal takes no more evidence.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from '../../server/services/proposal-evidence-service.ts';
import {
  createTestUsers,
  login,
  TEST_PASSWORD,
  userAdmin,
  type TestSession,
} from '../support/auth-fixtures.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 3),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 9)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');

interface Evidence {
  id: string;
  fileName: string;
  contentType: string;
  bytes: number;
  uploadedBy: string | null;
}

describe('proposal evidence', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  let colleague: TestSession;
  let elsewhere: TestSession;
  let proposalId: string;

  beforeAll(async () => {
    db = await scratchDatabase('proposal_evidence');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 300, seed: 41, periods: [PERIOD] });
    await createTestUsers(db.knex);
    const users = userAdmin(db.knex);
    await users.create({
      username: 'ev.colleague',
      displayName: 'Rekan',
      role: 'operator',
      kelurahan: [KEL],
      password: TEST_PASSWORD,
    });
    await users.create({
      username: 'ev.elsewhere',
      displayName: 'Lain',
      role: 'operator',
      kelurahan: ['33.74.01.1001'],
      password: TEST_PASSWORD,
    });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    operator = await login(app, 't.operator');
    colleague = await login(app, 'ev.colleague');
    elsewhere = await login(app, 'ev.elsewhere');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const as = (s: TestSession, opts: InjectOptions, lang = 'en') =>
    app.inject({
      ...opts,
      headers: { ...opts.headers, cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': lang },
    });
  const attach = (s: TestSession, id: string, name: string, content: Buffer, lang = 'en') => {
    const { payload, headers } = multipartBody({}, { name, content });
    return as(s, { method: 'POST', url: `/api/v1/proposals/${id}/evidence`, payload, headers }, lang);
  };
  const stored = async () =>
    Number((await db.knex('proposal_evidence').count<{ n: string }>('* as n').first())!.n);
  const listed = async (s: TestSession = admin) => {
    const res = await as(s, { method: 'GET', url: `/api/v1/proposals?kelurahan=${KEL}` });
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ proposals: Array<{ id: string; evidence: Evidence[] }> }>()
      .proposals.find((p) => p.id === proposalId);
  };

  it("attaches a photo and a scan to the operator's pending proposal, judged by their bytes", async () => {
    const policy = await as(admin, {
      method: 'PUT',
      url: '/api/v1/approval-policy',
      payload: { requires: ['desil'] },
    });
    expect(policy.statusCode, policy.body).toBe(200);
    const h = await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .orderBy('id')
      .first<{ id: string; version: number; desil: number | null }>('id', 'version', 'desil');
    const res = await as(operator, {
      method: 'PATCH',
      url: `/api/v1/households/${h.id}`,
      payload: { version: h.version, changes: { desil: h.desil === 2 ? 3 : 2 }, evidenceNote: 'Foto rumah' },
    });
    expect(res.statusCode, res.body).toBe(202);
    proposalId = res.json<{ proposal: { id: string } }>().proposal.id;

    // A text file with a photo's name: refused by its contents, in the caller's language; nothing stored.
    const fake = await attach(
      operator,
      proposalId,
      'rumah.jpg',
      Buffer.from('<script>alert(1)</script>'),
      'id',
    );
    expect(fake.statusCode).toBe(415);
    expect(fake.json<{ detail: string }>().detail).toContain('“rumah.jpg” bukan berkas PDF, PNG atau JPEG');
    // Too large: refused as it streams.
    const huge = await attach(operator, proposalId, 'besar.png', Buffer.alloc(EVIDENCE_MAX_BYTES + 10, 1));
    expect(huge.statusCode).toBe(413);
    expect(huge.json<{ detail: string }>().detail).toContain('larger than 5 MB');
    // Nobody but the maker (or an admin): a colleague in the same kelurahan is refused, one elsewhere sees nothing.
    expect((await attach(colleague, proposalId, 'a.png', PNG)).statusCode).toBe(403);
    expect((await attach(elsewhere, proposalId, 'a.png', PNG)).statusCode).toBe(404);
    expect(await stored()).toBe(0);

    const photo = await attach(operator, proposalId, 'rumah.png', PNG);
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json<Evidence>()).toMatchObject({
      fileName: 'rumah.png',
      contentType: 'image/png',
      bytes: PNG.length,
      uploadedBy: 't.operator',
    });
    // The browser's word does not count: a JPEG named .png is stored as what it is.
    const jpeg = await attach(operator, proposalId, 'surat.png', JPEG);
    expect(jpeg.json<Evidence>().contentType).toBe('image/jpeg');
    expect(await stored()).toBe(2);
    const audit = await db
      .knex('audit_log')
      .where({ entity: 'proposal_evidence', action: 'create' })
      .select<Array<{ entity_ids: string[]; username: string }>>('entity_ids', 'username');
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.entity_ids[0] === proposalId && a.username === 't.operator')).toBe(true);
  });

  it('lists the files with the proposal and serves each as it was sent, audited; others see none', async () => {
    const p = await listed();
    expect(p!.evidence.map((e) => e.fileName)).toEqual(['rumah.png', 'surat.png']);
    const photo = p!.evidence[0]!;
    const url = `/api/v1/proposals/${proposalId}/evidence/${photo.id}`;
    const before = Number(
      (await db
        .knex('audit_log')
        .where({ entity: 'proposal_evidence', action: 'export' })
        .count<{ n: string }>('* as n')
        .first())!.n,
    );
    const got = await as(admin, { method: 'GET', url });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.rawPayload, PNG)).toBe(0);
    const after = Number(
      (await db
        .knex('audit_log')
        .where({ entity: 'proposal_evidence', action: 'export' })
        .count<{ n: string }>('* as n')
        .first())!.n,
    );
    expect(after).toBe(before + 1);
    // An operator of another kelurahan: the proposal does not exist for them.
    expect((await as(elsewhere, { method: 'GET', url })).statusCode).toBe(404);
    // A file of another proposal under this one's id: not found.
    const wrong = `/api/v1/proposals/${proposalId}/evidence/00000000-0000-4000-8000-000000000000`;
    expect((await as(admin, { method: 'GET', url: wrong })).statusCode).toBe(404);
  });

  it(`keeps at most ${EVIDENCE_MAX_FILES} files, and none once the proposal is decided`, async () => {
    for (let i = (await listed())!.evidence.length; i < EVIDENCE_MAX_FILES; i++)
      expect((await attach(operator, proposalId, `surat-${i}.pdf`, PDF)).statusCode).toBe(201);
    const sixth = await attach(operator, proposalId, 'lagi.pdf', PDF);
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json<{ detail: string }>().detail).toContain(
      `already has ${EVIDENCE_MAX_FILES} evidence files`,
    );
    expect(await stored()).toBe(EVIDENCE_MAX_FILES);

    const decided = await as(admin, {
      method: 'POST',
      url: '/api/v1/proposals/decisions',
      payload: { ids: [proposalId], decision: 'reject', reason: 'Foto tidak sesuai alamat' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const late = await attach(admin, proposalId, 'telat.png', PNG);
    expect(late.statusCode).toBe(409);
    expect(late.json<{ detail: string }>().detail).toContain('already decided');
  });
});
