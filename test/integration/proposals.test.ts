// Proposals and approval, maker–checker (#20 item 1): with the policy on, an operator's new household, desil
// change and removal are stored as proposals, invisible in the registry and the indicators until a reviewer
// approves them; nobody decides their own; a rejection changes nothing; a batch applies exactly the approved
// ones, all or none; a household changed since its proposal refuses it as stale; the operator's scope holds;
// every decision is in the audit log and the household's history. By default nothing needs approval.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { makeNik } from '../../server/domain/nik.ts';
import {
  createTestUsers,
  login,
  TEST_PASSWORD,
  userAdmin,
  type TestSession,
} from '../support/auth-fixtures.ts';
import { csvText, household, kelurahanPoint } from '../support/import-files.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008';

interface Proposed {
  proposal: { id: string; status: string; kind: string; fieldGroups: string[]; householdId: string | null };
}
interface ProposalAnswer {
  id: string;
  kind: string;
  status: string;
  householdId: string | null;
  fieldGroups: string[];
  diff: Array<{ field: string; before: unknown; after: unknown }>;
  reason: string | null;
  evidenceNote: string | null;
  proposedBy: string;
  decidedBy: string | null;
  decisionReason: string | null;
  batchId: string | null;
}
interface Household {
  id: string;
  version: number;
  desil: number | null;
  address: string | null;
  status: string;
}

describe('proposals and approval (maker–checker)', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  let operator2: TestSession;
  let point: { lat: number; lon: number };
  /** Active households of the operator's kelurahan (set to desil 7, not poor), and one outside it. */
  let ours: string[];
  let outside: string;
  const ids: Record<string, string> = {};
  const id = (key: string) => ids[key]!;

  beforeAll(async () => {
    db = await scratchDatabase('proposals');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1500,
      seed: 20,
      periods: ['2025-07', PERIOD],
    });
    await createTestUsers(db.knex);
    await userAdmin(db.knex).create({
      username: 't.operator2',
      displayName: 'Operator Dua',
      role: 'operator',
      kelurahan: [KEL],
      password: TEST_PASSWORD,
    });
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    operator = await login(app, 't.operator');
    operator2 = await login(app, 't.operator2');
    point = await kelurahanPoint(db.knex, KEL);
    ours = (await db
      .knex('households')
      .where({ period_code: PERIOD, kelurahan_code: KEL, status: 'active' })
      .orderBy('id')
      .limit(8)
      .pluck('id')) as string[];
    expect(ours.length).toBe(8);
    // Not poor to begin with, so a desil change to 1–4 moves the poor count.
    await db.knex('households').where({ period_code: PERIOD }).whereIn('id', ours).update({ desil: 7 });
    outside = (
      await db
        .knex('households')
        .where({ period_code: PERIOD, status: 'active' })
        .whereNot('kelurahan_code', KEL)
        .first<{ id: string }>('id')
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const as = (s: TestSession, opts: InjectOptions, lang?: string) =>
    app.inject({
      ...opts,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(lang ? { 'accept-language': lang } : {}) },
    });
  const read = async (id: string) =>
    (await as(admin, { method: 'GET', url: `/api/v1/households/${id}` })).json<Household>();
  const patch = (s: TestSession, id: string, version: number, changes: object, extra: object = {}) =>
    as(s, {
      method: 'PATCH',
      url: `/api/v1/households/${id}`,
      payload: { version, changes, ...extra },
    });
  const decide = (s: TestSession, body: object, lang?: string) =>
    as(s, { method: 'POST', url: '/api/v1/proposals/decisions', payload: body }, lang);
  const pending = async (s: TestSession = admin) => {
    const res = await as(s, { method: 'GET', url: `/api/v1/proposals?kelurahan=${KEL}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ proposals: ProposalAnswer[] }>().proposals;
  };
  const poorShare = async () => {
    const res = await as(admin, { method: 'GET', url: `/api/v1/indicators/poor_share?period=${PERIOD}` });
    expect(res.statusCode, res.body).toBe(200);
    const v = res
      .json<{ values: Array<{ code: string; numerator: number; denominator: number }> }>()
      .values.find((x) => x.code === KEL)!;
    return { numerator: v.numerator, denominator: v.denominator };
  };
  const proposalCount = async () =>
    Number((await db.knex('proposals').count<{ n: string }>('* as n').first())!.n);
  const newHousehold = (kk: string, serial: number) => ({
    kk,
    kelurahan: KEL,
    address: 'Jl. Usulan No. 7',
    desil: 3,
    location: { lon: point.lon, lat: point.lat },
    members: [
      {
        nik: makeNik('33.74.02', '1980-03-04', 'L', serial),
        name: 'Kepala Usulan',
        sex: 'L',
        birthDate: '1980-03-04',
        relation: 'kepala_keluarga',
      },
    ],
    reason: 'Keluarga pindahan, belum terdata',
    evidenceNote: 'Surat keterangan RT dilihat',
  });

  it('needs no approval by default: an operator edit applies at once', async () => {
    const policy = await as(admin, { method: 'GET', url: '/api/v1/approval-policy' });
    expect(policy.json<{ requires: string[] }>().requires).toEqual([]);
    const h = await read(ours[7]!);
    const res = await patch(operator, h.id, h.version, { desil: h.desil === 9 ? 8 : 9 });
    expect(res.statusCode, res.body).toBe(200);
    expect((await read(h.id)).version).toBe(h.version + 1);
    expect(await proposalCount()).toBe(0);
  });

  it('lets admins set the policy (audited) and nobody else', async () => {
    const body = { requires: ['removal', 'desil', 'new_household'] };
    const refused = await as(operator, { method: 'PUT', url: '/api/v1/approval-policy', payload: body });
    expect(refused.statusCode).toBe(403);
    const res = await as(admin, { method: 'PUT', url: '/api/v1/approval-policy', payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ requires: string[]; savedBy: string }>()).toMatchObject({
      requires: ['new_household', 'removal', 'desil'],
      savedBy: 't.admin',
    });
    const row = await db
      .knex('audit_log')
      .where({ entity: 'approval_policy', username: 't.admin' })
      .first<{ action: string; changes: { requires: [string[], string[]] } }>('action', 'changes');
    expect(row).toMatchObject({
      action: 'update',
      changes: { requires: [[], ['new_household', 'removal', 'desil']] },
    });
  });

  it("keeps an operator's proposals out of the registry and the indicators until approved", async () => {
    const before = await poorShare();
    const h = await read(ours[0]!);
    // An address fix is not in the policy: it applies at once.
    const typo = await patch(operator, h.id, h.version, { address: 'Jl. Perbaikan Ejaan 1' });
    expect(typo.statusCode, typo.body).toBe(200);
    const v = h.version + 1;
    const desil = await patch(
      operator,
      h.id,
      v,
      { desil: 2 },
      { reason: 'Hasil musyawarah', evidenceNote: 'Berita acara RW 03' },
    );
    expect(desil.statusCode, desil.body).toBe(202);
    const p = desil.json<Proposed>().proposal;
    expect(p).toMatchObject({ status: 'pending', kind: 'change', fieldGroups: ['desil'], householdId: h.id });
    ids.desil = p.id;
    const created = await as(operator, {
      method: 'POST',
      url: '/api/v1/households',
      payload: newHousehold('3374021201250701', 7701),
    });
    expect(created.statusCode, created.body).toBe(202);
    ids.created = created.json<Proposed>().proposal.id;
    expect(created.json<Proposed>().proposal.householdId).toBeNull();
    const h2 = await read(ours[1]!);
    const leave = await as(operator, {
      method: 'POST',
      url: `/api/v1/households/${h2.id}/leave`,
      payload: { version: h2.version, reason: 'moved_out', on: '2025-11-30', note: 'Pindah ke luar kota' },
    });
    expect(leave.statusCode, leave.body).toBe(202);
    ids.removal = leave.json<Proposed>().proposal.id;

    // The registry: unchanged records, no new household; the indicators: the same counts.
    expect(await read(h.id)).toMatchObject({ version: v, desil: h.desil, address: 'Jl. Perbaikan Ejaan 1' });
    expect(await read(h2.id)).toMatchObject({ version: h2.version, status: 'active' });
    expect(await db.knex('households').where({ kk: '3374021201250701' }).first()).toBeUndefined();
    const search = await as(admin, { method: 'GET', url: '/api/v1/households?q=Usulan' });
    expect(search.statusCode).toBe(200);
    expect(search.body).not.toContain('Kepala Usulan');
    expect(await poorShare()).toEqual(before);

    // The reviewer's list: by kelurahan, each with its diff; the operator follows theirs.
    const list = await pending();
    expect(list.map((x) => x.id)).toEqual(expect.arrayContaining([ids.desil, ids.created, ids.removal]));
    const d = list.find((x) => x.id === ids.desil)!;
    expect(d.diff).toEqual([{ field: 'desil', before: h.desil, after: 2 }]);
    expect(d).toMatchObject({
      reason: 'Hasil musyawarah',
      evidenceNote: 'Berita acara RW 03',
      proposedBy: 't.operator',
    });
    const n = list.find((x) => x.id === ids.created)!;
    expect(JSON.stringify(n.diff)).not.toContain('3374021201250701'); // the KK is masked
    expect(n.diff.find((x) => x.field === 'members')!.after).toHaveLength(1);
    expect(list.find((x) => x.id === ids.removal)!.diff[0]).toEqual({
      field: 'status',
      before: 'active',
      after: 'moved_out',
    });
    expect((await pending(operator)).map((x) => x.id)).toContain(ids.desil);
  });

  it('refuses to let anyone decide their own proposal', async () => {
    const h = await read(ours[2]!);
    const res = await patch(operator2, h.id, h.version, { desil: 1 });
    expect(res.statusCode, res.body).toBe(202);
    ids.own = res.json<Proposed>().proposal.id;
    // The proposer becomes a reviewer (promoted to admin): still not for their own proposal.
    await db.knex('users').where({ username: 't.operator2' }).update({ role: 'admin' });
    const promoted = await login(app, 't.operator2');
    const refused = await decide(promoted, { ids: [ids.own], decision: 'approve' }, 'id');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json<{ detail: string }>().detail).toContain('Anda buat sendiri');
    // Hidden in a batch with another's proposal: the whole batch is refused, nothing applied.
    const batch = await decide(promoted, { ids: [ids.desil, ids.own], decision: 'approve' });
    expect(batch.statusCode).toBe(403);
    expect(batch.json<{ detail: string }>().detail).toContain('another reviewer');
    expect((await read(h.id)).desil).toBe(h.desil);
    expect((await read(ours[0]!)).desil).not.toBe(2);
    const statuses = await db
      .knex('proposals')
      .whereIn('id', [id('own'), id('desil')])
      .pluck('status');
    expect(statuses).toEqual(['pending', 'pending']);
    // Operators cannot decide at all.
    expect((await decide(operator, { ids: [ids.desil], decision: 'approve' })).statusCode).toBe(403);
  });

  it('changes nothing when a proposal is rejected, and asks why', async () => {
    const h = await read(ours[1]!);
    const noReason = await decide(admin, { ids: [ids.removal], decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    const res = await decide(admin, {
      ids: [ids.removal],
      decision: 'reject',
      reason: 'Masih tinggal di alamat ini (dicek RT)',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ batchId: string | null; proposals: unknown[] }>()).toMatchObject({
      batchId: null,
      proposals: [{ id: ids.removal, status: 'rejected', householdId: h.id }],
    });
    expect(await read(h.id)).toMatchObject({ version: h.version, status: 'active' });
    const again = await decide(admin, { ids: [ids.removal], decision: 'approve' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ detail: string }>().detail).toContain('already rejected by t.admin');
    const row = await db.knex('proposals').where({ id: ids.removal }).first<Record<string, unknown>>();
    expect(row).toMatchObject({
      status: 'rejected',
      decision_reason: 'Masih tinggal di alamat ini (dicek RT)',
    });
  });

  it('applies exactly the approved ones of a batch; the others stay pending and untouched', async () => {
    const before = await poorShare();
    const h0 = await read(ours[0]!);
    const h3 = await read(ours[3]!);
    const other = await patch(operator, h3.id, h3.version, { desil: 4 });
    expect(other.statusCode).toBe(202);
    ids.untouched = other.json<Proposed>().proposal.id;
    const res = await decide(admin, {
      ids: [ids.desil, ids.created],
      decision: 'approve',
      reason: 'Sesuai hasil verivali',
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<{
      batchId: string;
      proposals: Array<{ id: string; status: string; householdId: string }>;
    }>();
    expect(answer.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.proposals.map((p) => p.status)).toEqual(['approved', 'approved']);
    // The desil change is in the record, under a new version; the new household is registered.
    expect(await read(h0.id)).toMatchObject({ desil: 2, version: h0.version + 1 });
    const newId = answer.proposals.find((p) => p.id === ids.created)!.householdId;
    expect(newId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await read(newId)).toMatchObject({ desil: 3, status: 'active' });
    // Not approved: still pending, its household as it was.
    expect(await read(h3.id)).toMatchObject({ desil: h3.desil, version: h3.version });
    expect((await db.knex('proposals').where({ id: ids.untouched }).first<{ status: string }>()).status).toBe(
      'pending',
    );
    expect((await db.knex('proposals').where({ id: ids.own }).first<{ status: string }>()).status).toBe(
      'pending',
    );
    // The indicators now count them: one more poor household from the desil change, one new poor household.
    expect(await poorShare()).toEqual({
      numerator: before.numerator + 2,
      denominator: before.denominator + 1,
    });
    const batch = await db.knex('proposals').where({ batch_id: answer.batchId }).pluck('id');
    expect(batch.sort()).toEqual([ids.desil, ids.created].sort());
  });

  it('refuses a proposal whose household changed since, and the batch it is in, applying nothing', async () => {
    const h3 = await read(ours[3]!);
    const h4 = await read(ours[4]!);
    const fine = await patch(operator, h4.id, h4.version, { desil: 3 });
    expect(fine.statusCode).toBe(202);
    ids.fine = fine.json<Proposed>().proposal.id;
    // An admin corrects the household of the pending proposal directly.
    const direct = await patch(admin, h3.id, h3.version, { address: 'Jl. Dinas 2' });
    expect(direct.statusCode, direct.body).toBe(200);
    const stale = await decide(admin, { ids: [ids.fine, ids.untouched], decision: 'approve' }, 'en');
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json<{ type: string; detail: string }>()).toMatchObject({
      type: '/api/v1/problems/stale-version',
    });
    expect(stale.json<{ detail: string }>().detail).toContain(
      `Household ${h3.id} has changed since proposal`,
    );
    expect((await read(h4.id)).desil).toBe(h4.desil);
    expect((await read(h3.id)).desil).toBe(h3.desil);
    const statuses = await db
      .knex('proposals')
      .whereIn('id', [id('fine'), id('untouched')])
      .pluck('status');
    expect(statuses).toEqual(['pending', 'pending']);
    // Alone, the one still current goes through.
    const ok = await decide(admin, { ids: [ids.fine], decision: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await read(h4.id)).desil).toBe(3);
  });

  it('keeps an operator to their kelurahan: no proposal outside it', async () => {
    const count = await proposalCount();
    const h = await read(outside);
    const change = await patch(operator, outside, h.version, { desil: 1 });
    expect(change.statusCode).toBe(404);
    const leave = await as(operator, {
      method: 'POST',
      url: `/api/v1/households/${outside}/leave`,
      payload: { version: h.version, reason: 'died', on: '2025-11-01' },
    });
    expect(leave.statusCode).toBe(404);
    const elsewhere = await as(operator, {
      method: 'POST',
      url: '/api/v1/households',
      payload: { ...newHousehold('3374021201250702', 7702), kelurahan: '33.74.01.1001' },
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(await proposalCount()).toBe(count);
    expect((await read(outside)).desil).toBe(h.desil);
    // A proposal is checked like the edit itself: a stale version is refused at once, not stored.
    const stale = await patch(operator, ours[5]!, 1_000, { desil: 1 });
    expect(stale.statusCode).toBe(409);
    expect(await proposalCount()).toBe(count);
  });

  it('holds member additions and corrections for review when the policy names members', async () => {
    const put = await as(admin, {
      method: 'PUT',
      url: '/api/v1/approval-policy',
      payload: { requires: ['members', 'desil', 'removal', 'new_household'] },
    });
    expect(put.json<{ requires: string[] }>().requires).toEqual([
      'new_household',
      'removal',
      'desil',
      'members',
    ]);
    const members = async (hid: string) =>
      (await as(admin, { method: 'GET', url: `/api/v1/households/${hid}` })).json<{
        version: number;
        members: Array<{ id: string; name: string; disabilities: Array<{ type: string }> }>;
      }>();
    const hid = ours[6]!;
    const h = await members(hid);
    const baby = {
      nik: makeNik('33.74.02', '2025-10-01', 'P', 7703),
      name: 'Bayi Usulan',
      sex: 'P',
      birthDate: '2025-10-01',
      relation: 'anak',
    };
    const add = await as(operator, {
      method: 'POST',
      url: `/api/v1/households/${hid}/members`,
      payload: { version: h.version, reason: 'birth', member: baby, evidenceNote: 'Akta kelahiran' },
    });
    expect(add.statusCode, add.body).toBe(202);
    expect(add.json<Proposed>().proposal.fieldGroups).toEqual(['members']);
    ids.member = add.json<Proposed>().proposal.id;
    expect((await members(hid)).members.map((m) => m.name)).not.toContain('Bayi Usulan');
    const list = await pending();
    const diff = list.find((x) => x.id === id('member'))!.diff;
    expect(diff[0]).toMatchObject({ field: 'member', before: null, after: { name: 'Bayi Usulan' } });
    expect(JSON.stringify(diff)).not.toContain(baby.nik);
    const approved = await decide(admin, { ids: [id('member')], decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = await members(hid);
    expect(after.members.map((m) => m.name)).toContain('Bayi Usulan');
    expect(after.version).toBe(h.version + 1);

    // A disability recorded for a member: proposed, seen as a diff, applied on approval.
    const target = after.members.find((m) => m.name !== 'Bayi Usulan')!;
    const fix = await as(operator, {
      method: 'PATCH',
      url: `/api/v1/households/${hid}/members/${target.id}`,
      payload: {
        version: after.version,
        changes: { disabilities: [{ type: 'fisik', severity: 'berat' }] },
        reason: 'Hasil kunjungan',
      },
    });
    expect(fix.statusCode, fix.body).toBe(202);
    const fixId = fix.json<Proposed>().proposal.id;
    expect((await members(hid)).members.find((m) => m.id === target.id)!.disabilities).toEqual(
      target.disabilities,
    );
    const fixDiff = (await pending()).find((x) => x.id === fixId)!.diff;
    expect(fixDiff).toContainEqual({
      field: 'disabilities',
      before: target.disabilities.map((d) => ({ ...d })),
      after: [{ type: 'fisik', severity: 'berat' }],
    });
    expect((await decide(admin, { ids: [fixId], decision: 'approve' })).statusCode).toBe(200);
    expect((await members(hid)).members.find((m) => m.id === target.id)!.disabilities).toEqual([
      { type: 'fisik', severity: 'berat' },
    ]);
  });

  it("holds an operator's household file for review (new households held), and runs an admin's directly", async () => {
    const rows = household({ kk: '3374021201250709', kelurahan: KEL, ...point, size: 2, serial: 709 });
    const body = () =>
      multipartBody({ kind: 'households', period: PERIOD }, { name: 'keluarga.csv', content: csvText(rows) });
    // Waited for, so the app is not closed under a job.
    const imported = async (s: TestSession) => {
      const b = body();
      const started = await app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        payload: b.payload,
        headers: { ...b.headers, cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      expect(started.statusCode, started.body).toBe(202);
      const job = started.json<{ id: string }>().id;
      let answer = { status: '', householdsProposed: -1 };
      for (let i = 0; i < 300 && !['succeeded', 'failed'].includes(answer.status); i++) {
        await new Promise((r) => setTimeout(r, 50));
        answer = (await as(s, { method: 'GET', url: `/api/v1/imports/${job}` })).json<typeof answer>();
      }
      return answer;
    };
    expect(await imported(operator)).toEqual(
      expect.objectContaining({ status: 'succeeded', householdsProposed: 1 }),
    );
    expect(await db.knex('households').where({ kk: '3374021201250709' }).first()).toBeUndefined();
    // An admin's import is the reviewer's own: it applies.
    expect(await imported(admin)).toEqual(
      expect.objectContaining({ status: 'succeeded', householdsProposed: 0 }),
    );
    expect(await db.knex('households').where({ kk: '3374021201250709' }).first()).toBeDefined();
  });

  it("refuses an operator's merge while removals wait for review", async () => {
    const [a, b] = [await read(ours[5]!), await read(ours[7]!)];
    const res = await as(
      operator,
      {
        method: 'POST',
        url: `/api/v1/households/${a.id}/merge`,
        payload: { into: b.id, version: a.version, intoVersion: b.version },
      },
      'en',
    );
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ detail: string }>().detail).toContain('ask an administrator to merge');
    expect(await read(a.id)).toMatchObject({ status: 'active', version: a.version });
  });

  it('writes every proposal and decision to the audit log and the household history', async () => {
    const rows = await db
      .knex('audit_log')
      .whereIn('action', ['propose', 'approve', 'reject'])
      .orderBy('id')
      .select<Array<{ action: string; username: string; entity_ids: string[]; reason: string | null }>>(
        'action',
        'username',
        'entity_ids',
        'reason',
      );
    const of = (id: string, action: string) =>
      rows.filter((r) => r.action === action && r.entity_ids.includes(id));
    for (const key of ['desil', 'created', 'removal', 'own', 'untouched', 'fine'])
      expect(of(id(key), 'propose'), key).toHaveLength(1);
    expect(of(id('desil'), 'approve')).toEqual([
      {
        action: 'approve',
        username: 't.admin',
        entity_ids: [ours[0], ids.desil],
        reason: 'Sesuai hasil verivali',
      },
    ]);
    expect(of(id('removal'), 'reject')).toHaveLength(1);
    expect(of(id('created'), 'approve')).toHaveLength(1);
    expect(of(id('own'), 'approve')).toHaveLength(0);

    const history = async (id: string) =>
      (await as(operator, { method: 'GET', url: `/api/v1/households/${id}/history` })).json<
        Array<{ action: string; username: string; changes: Record<string, [unknown, unknown]> }>
      >();
    const approved = await history(ours[0]!);
    const decision = approved.find((e) => e.action === 'approve')!;
    expect(decision).toMatchObject({
      username: 't.admin',
      changes: { proposal_status: ['pending', 'approved'] },
    });
    expect(decision.changes.desil![1]).toBe(2);
    // The change itself, written by the same path as a direct edit, follows the decision.
    expect(approved.some((e) => e.action === 'update' && e.changes.desil?.[1] === 2)).toBe(true);
    const rejected = await history(ours[1]!);
    expect(rejected.find((e) => e.action === 'reject')).toMatchObject({
      changes: { proposal_status: ['pending', 'rejected'], status: ['active', 'moved_out'] },
    });
    expect(rejected.some((e) => e.action === 'leave')).toBe(false);
  });
});
