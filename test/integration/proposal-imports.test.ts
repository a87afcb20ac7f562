// An operator's household file under an approval policy (#20 item 1: "imports by operators become a batch of
// proposals with the same review"): the households it changes in a held way become pending proposals — absent
// from the registry and the indicators —, the rest applies at once; the job says how many were proposed; a
// reviewer approves some and rejects others, and the approved end exactly as a direct import leaves them; an
// approval the registry has since made invalid is refused with its reason; nobody approves their own.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import {
  csvText,
  household,
  kelurahanPoint,
  storedHouseholdRows,
  writeCsv,
  type ImportRow,
} from '../support/import-files.ts';
import { importHouseholds } from '../../server/imports/households/import-households.ts';
import { translateJobError } from '../../server/i18n/import-messages.ts';
import { multipartBody } from '../support/multipart.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const KEL = '33.74.02.1008';

interface Job {
  id: string;
  status: string;
  rowsTotal: number;
  rowsStored: number;
  rowsUnchanged: number;
  rowsRejected: number;
  rowsProposed: number;
  householdsProposed: number;
}
interface ProposalAnswer {
  id: string;
  kind: string;
  status: string;
  householdId: string | null;
  fieldGroups: string[];
  diff: Array<{ field: string; before: unknown; after: unknown }>;
  importFile: string | null;
}

describe("an operator's household file under an approval policy", () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let admin: TestSession;
  let operator: TestSession;
  let point: { lat: number; lon: number };
  /** Active households of the operator's kelurahan whose members all have valid NIKs. */
  let ours: string[];

  beforeAll(async () => {
    db = await scratchDatabase('proposal_imports');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 1500, seed: 21, periods: [PERIOD] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    admin = await login(app, 't.admin');
    operator = await login(app, 't.operator');
    point = await kelurahanPoint(db.knex, KEL);
    ours = (await db
      .knex('households as h')
      .where({ 'h.period_code': PERIOD, 'h.kelurahan_code': KEL, 'h.status': 'active' })
      .whereNotExists(
        db
          .knex('members as m')
          .whereRaw('m.period_code = h.period_code and m.household_id = h.id and not m.nik_valid'),
      )
      .orderBy('h.id')
      .limit(6)
      .pluck('h.id')) as string[];
    expect(ours.length).toBe(6);
    const policy = await as(admin, {
      method: 'PUT',
      url: '/api/v1/approval-policy',
      payload: { requires: ['new_household', 'desil', 'members'] },
    });
    expect(policy.statusCode, policy.body).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const as = (s: TestSession, opts: InjectOptions, lang?: string) =>
    app.inject({
      ...opts,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(lang ? { 'accept-language': lang } : {}),
        ...opts.headers,
      },
    });
  const importFile = async (s: TestSession, rows: ImportRow[], name: string): Promise<Job> => {
    const body = multipartBody({ kind: 'households', period: PERIOD }, { name, content: csvText(rows) });
    const res = await as(s, {
      method: 'POST',
      url: '/api/v1/imports',
      payload: body.payload,
      headers: body.headers,
    });
    expect(res.statusCode, res.body).toBe(202);
    const { id } = res.json<{ id: string }>();
    for (let i = 0; i < 400; i++) {
      const job = (await as(s, { method: 'GET', url: `/api/v1/imports/${id}` })).json<Job>();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not finish`);
  };
  const pending = async (lang?: string) => {
    const res = await as(admin, { method: 'GET', url: `/api/v1/proposals?kelurahan=${KEL}` }, lang);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ proposals: ProposalAnswer[] }>().proposals.filter((p) => p.importFile !== null);
  };
  const decide = (s: TestSession, body: object, lang?: string) =>
    as(s, { method: 'POST', url: '/api/v1/proposals/decisions', payload: body }, lang);
  const indicator = async (code: string) => {
    const res = await as(admin, { method: 'GET', url: `/api/v1/indicators/${code}?period=${PERIOD}` });
    expect(res.statusCode, res.body).toBe(200);
    const v = res
      .json<{ values: Array<{ code: string; numerator: number; denominator: number }> }>()
      .values.find((x) => x.code === KEL)!;
    return [v.numerator, v.denominator];
  };
  interface Stored {
    kk: string;
    desil: number | null;
    address: string | null;
    version: number;
  }
  const stored = (id: string) =>
    db
      .knex('households')
      .where({ period_code: PERIOD, id })
      .first<Stored | undefined>('kk', 'desil', 'address', 'version');
  const byKk = (kk: string) =>
    db
      .knex('households')
      .where({ period_code: PERIOD, kk })
      .first<
        | { id: string; kelurahan_code: string; record_source: string; desil: number; status: string }
        | undefined
      >('id', 'kelurahan_code', 'record_source', 'desil', 'status');
  const memberCount = async (id: string) =>
    Number(
      (await db
        .knex('members')
        .where({ period_code: PERIOD, household_id: id })
        .count<{ n: string }>('* as n')
        .first())!.n,
    );

  /** A stored household as file rows (every member, as stored), so an unchanged row changes nothing. */
  const rowsOf = (id: string) => storedHouseholdRows(db.knex, PERIOD, id);

  it('proposes the held households of the file, applies the rest, and says so in the job', async () => {
    const [desilH, addressH, unchangedH, memberH] = ours;
    const before = {
      desil: await stored(desilH!),
      address: await stored(addressH!),
      members: await memberCount(memberH!),
      poor: await indicator('poor_share'),
    };
    const desilRows = (await rowsOf(desilH!)).map((r) => ({
      ...r,
      desil: before.desil!.desil === 1 ? '2' : '1',
    }));
    const addressRows = (await rowsOf(addressH!)).map((r, i) =>
      i === 0 ? { ...r, alamat: 'Jl. Perbaikan Typo 3' } : r,
    );
    const memberRows = await rowsOf(memberH!);
    const newborn = household({
      kk: memberRows[0]!.no_kk!,
      kelurahan: KEL,
      ...point,
      size: 3,
      serial: 901,
    })[2]!;
    const added = {
      ...memberRows[0]!,
      nik: newborn.nik,
      nama: 'Bayi Baru',
      jenis_kelamin: newborn.jenis_kelamin,
      tanggal_lahir: newborn.tanggal_lahir,
      hubungan: 'anak',
      disabilitas: '',
    };
    const fresh = household({ kk: '3374029912250001', kelurahan: KEL, ...point, size: 2, serial: 902 });
    const rows = [
      ...desilRows,
      ...addressRows,
      ...(await rowsOf(unchangedH!)),
      ...memberRows,
      added,
      ...fresh,
    ];

    const job = await importFile(operator, rows, 'usulan-rw02.csv');
    expect(job.status).toBe('succeeded');
    expect(job.rowsRejected).toBe(0);
    expect(job.householdsProposed).toBe(3);
    expect(job.rowsProposed).toBe(desilRows.length + memberRows.length + 1 + fresh.length);
    expect(job.rowsStored + job.rowsProposed).toBe(rows.length);

    // Applied at once: the address fix (not held). Held: the desil, the new member, the new household.
    expect((await stored(addressH!))!.address).toBe('Jl. Perbaikan Typo 3');
    expect(await stored(desilH!)).toEqual(before.desil);
    expect(await memberCount(memberH!)).toBe(before.members);
    expect(await byKk('3374029912250001')).toBeUndefined();
    expect(await indicator('poor_share')).toEqual(before.poor);

    const proposals = await pending();
    expect(proposals.map((p) => [p.householdId, p.kind, p.fieldGroups]).sort()).toEqual(
      [
        [desilH, 'change', ['desil']],
        [memberH, 'change', ['members']],
        [null, 'new_household', ['new_household']],
      ].sort(),
    );
    for (const p of proposals) expect(p.importFile).toBe('usulan-rw02.csv');
    const desilP = proposals.find((p) => p.householdId === desilH)!;
    expect(desilP.diff).toEqual([
      { field: 'desil', before: before.desil!.desil, after: before.desil!.desil === 1 ? 2 : 1 },
    ]);
    const memberP = proposals.find((p) => p.householdId === memberH)!;
    expect(memberP.diff).toEqual([
      {
        field: 'member',
        before: null,
        after: expect.objectContaining({ name: 'Bayi Baru', relation: 'anak' }) as unknown,
      },
    ]);
    // The reviewer's diff never shows a whole NIK or KK.
    expect(JSON.stringify(proposals.map((p) => p.diff))).not.toMatch(/\d{16}/);
    const audit = await db
      .knex('audit_log')
      .where({ action: 'propose', username: 't.operator' })
      .select<Array<{ changes: { import_job?: unknown[] } }>>('changes');
    expect(audit.filter((a) => a.changes.import_job?.[1] === job.id)).toHaveLength(3);
  });

  it('applies exactly the approved ones, as a direct import would; a rejection changes nothing', async () => {
    const [desilH, , , memberH] = ours;
    const proposals = await pending();
    const desilP = proposals.find((p) => p.householdId === desilH)!;
    const memberP = proposals.find((p) => p.householdId === memberH)!;
    const newP = proposals.find((p) => p.kind === 'new_household')!;
    const membersBefore = await memberCount(memberH!);

    // Nobody approves their own proposal, a file's included.
    const own = await decide(operator, { ids: [desilP.id], decision: 'approve' });
    expect(own.statusCode).toBe(403);

    const approved = await decide(admin, { ids: [desilP.id, newP.id], decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    const rejected = await decide(admin, {
      ids: [memberP.id],
      decision: 'reject',
      reason: 'Akta kelahiran belum ada',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);

    expect((await stored(desilH!))!.desil).toBe(desilP.diff[0]!.after);
    const created = (await byKk('3374029912250001'))!;
    expect(created).toMatchObject({
      kelurahan_code: KEL,
      record_source: 'IMPOR',
      desil: 2,
      status: 'active',
    });
    expect(await memberCount(created.id)).toBe(2);
    expect(await memberCount(memberH!)).toBe(membersBefore);
    const decidedNew = (
      await as(admin, { method: 'GET', url: `/api/v1/proposals?status=approved&kelurahan=${KEL}` })
    )
      .json<{ proposals: ProposalAnswer[] }>()
      .proposals.find((p) => p.id === newP.id)!;
    expect(decidedNew.householdId).toBe(created.id);
    expect(await pending()).toEqual([]);
  });

  it('refuses an approval the registry has made stale since the file was read, in the caller’s language', async () => {
    const h = ours[4]!;
    const rows = (await rowsOf(h)).map((r) => ({ ...r, desil: '1' }));
    const current = (await stored(h))!;
    if (current.desil === 1) for (const r of rows) r.desil = '3';
    const job = await importFile(operator, rows, 'desil.csv');
    expect(job.householdsProposed).toBe(1);
    const [p] = await pending();
    // Meanwhile the household is edited directly (an address is not held).
    const edit = await as(admin, {
      method: 'PATCH',
      url: `/api/v1/households/${h}`,
      payload: { version: current.version, changes: { address: 'Jl. Sudah Diubah 1' } },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const res = await decide(admin, { ids: [p!.id], decision: 'approve' }, 'id');
    expect(res.statusCode).toBe(409);
    expect(res.json<{ detail: string }>().detail).toMatch(/sudah berubah sejak usulan/);
    expect((await stored(h))!.desil).toBe(current.desil);
  });

  it('refuses to approve a new household whose NIK has been registered elsewhere since', async () => {
    const fresh = household({ kk: '3374029912250002', kelurahan: KEL, ...point, size: 2, serial: 903 });
    const job = await importFile(operator, fresh, 'baru.csv');
    expect(job.householdsProposed).toBe(1);
    const p = (await pending()).find((x) => x.kind === 'new_household')!;
    // An admin's import (no review) registers the head's NIK in another KK first.
    const other = household({ kk: '3374029912250003', kelurahan: KEL, ...point, size: 1, serial: 904 });
    const direct = await importFile(
      admin,
      [{ ...other[0]!, nik: fresh[0]!.nik, nama: fresh[0]!.nama }],
      'admin.csv',
    );
    expect(direct.rowsStored).toBe(1);
    const res = await decide(admin, { ids: [p.id], decision: 'approve' }, 'en');
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json<{ detail: string }>().detail).toMatch(/row \d+.*NIK already registered in KK/);
    expect(await byKk('3374029912250002')).toBeUndefined();
  });

  it('moves the version on a member-only change, keeps every member line in the approval, then drops the rows', async () => {
    const h = (
      await db.knex.raw<{ rows: Array<{ id: string }> }>(
        `select h.id from households h join members m on m.period_code = h.period_code and m.household_id = h.id
         where h.period_code = ? and h.kelurahan_code = ? and h.status = 'active' and not (h.id = any(?))
         group by h.region_code, h.period_code, h.id having count(*) >= 2 and bool_and(m.nik_valid)
         order by h.id limit 1`,
        [PERIOD, KEL, ours.slice(0, 5)],
      )
    ).rows[0]!.id;
    const rename = (rows: ImportRow[], suffix: string) =>
      rows.map((r, i) => (i < 2 ? { ...r, nama: `${r.nama!.slice(0, 40)} ${suffix}` } : r));
    const job = await importFile(operator, rename(await rowsOf(h), 'Usul'), 'nama.csv');
    expect(job.householdsProposed).toBe(1);
    const stale = (await pending()).find((p) => p.householdId === h)!;
    // Meanwhile an admin's file renames a member directly: the household's version moves with it.
    const before = (await stored(h))!.version;
    const direct = await importFile(admin, rename(await rowsOf(h), 'Langsung').slice(0, 1), 'admin-nama.csv');
    expect(direct.rowsStored).toBe(1);
    expect((await stored(h))!.version).toBe(before + 1);
    const refused = await decide(admin, { ids: [stale.id], decision: 'approve' }, 'en');
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toMatch(/has changed since proposal/);
    expect(
      (await decide(admin, { ids: [stale.id], decision: 'reject', reason: 'Sudah diubah' })).statusCode,
    ).toBe(200);

    // Proposed again on today's record and approved: both members renamed, each line in the audit row.
    const again = await importFile(operator, rename(await rowsOf(h), 'Baru'), 'nama-2.csv');
    expect(again.householdsProposed).toBe(1);
    const fresh = (await pending()).find((p) => p.householdId === h)!;
    expect((await decide(admin, { ids: [fresh.id], decision: 'approve' })).statusCode).toBe(200);
    const names = await db.knex('members').where({ period_code: PERIOD, household_id: h }).pluck('name');
    expect(names.filter((n: string) => n.endsWith(' Baru'))).toHaveLength(2);
    const audit = await db
      .knex('audit_log')
      .where({ action: 'approve' })
      .whereRaw('? = any(entity_ids)', [fresh.id])
      .first<{ changes: Record<string, unknown> }>('changes');
    expect(Object.keys(audit.changes)).toEqual(
      expect.arrayContaining(['member', 'name', 'member_2', 'name_2']),
    );
    // Decided, a file's proposals keep their masked diff, not the file's rows (whole NIKs, birth dates).
    const kept = await db
      .knex('proposals')
      .whereIn('id', [stale.id, fresh.id])
      .select<Array<{ changes: { import: { rows: unknown[] }; diff: unknown[] } }>>('changes');
    expect(kept.map((k) => [k.changes.import.rows.length, k.changes.diff.length > 0])).toEqual([
      [0, true],
      [0, true],
    ]);
  });

  it('rounds a floor area as it is stored, so the same file twice changes nothing the second time', async () => {
    const rows = household({ kk: '3374029912250009', kelurahan: KEL, ...point, size: 2, serial: 909 }).map(
      (r) => ({ ...r, luas_lantai_m2: '40,05' }),
    );
    expect((await importFile(admin, rows, 'luas.csv')).rowsStored).toBe(2);
    const second = await importFile(admin, rows, 'luas.csv');
    expect(second).toMatchObject({ rowsStored: 2, rowsUnchanged: 2, rowsRejected: 0 });
    const row = await db
      .knex('households')
      .where({ period_code: PERIOD, kk: '3374029912250009' })
      .first<{ floor_area_m2: number; version: number }>('floor_area_m2', 'version');
    expect(row).toEqual({ floor_area_m2: 40.1, version: 1 });
  });

  it('refuses, alone and in the caller’s language, an operator file too big to judge, and writes nothing', async () => {
    const operatorId = (await db.knex('users').where({ username: 't.operator' }).first<{ id: string }>('id'))
      .id;
    const rows = household({ kk: '3374029912250011', kelurahan: KEL, ...point, size: 3, serial: 911 });
    const file = writeCsv(rows);
    const before = await db.knex('proposals').count<[{ n: string }]>('* as n');
    const refused = await importHouseholds(db.knex, {
      regionCode: '33.74',
      periodCode: PERIOD,
      filePath: file,
      scope: [KEL],
      review: {
        requires: ['new_household'],
        by: { regionCode: '33.74', username: 't.operator', userId: operatorId, role: 'operator' },
        proposedBy: operatorId,
        maxRows: 2,
      },
    }).then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(refused?.message).toMatch(/^The file has 3 rows for review; .* at most 2\./);
    expect(translateJobError('id', refused!.message)).toMatch(
      /^Berkas berisi 3 baris untuk ditinjau; .* paling banyak 2 baris/,
    );
    expect(await byKk('3374029912250011')).toBeUndefined();
    expect(await db.knex('proposals').count<[{ n: string }]>('* as n')).toEqual(before);
    // The service goes on: the next file imports.
    expect((await importFile(admin, rows, 'kecil.csv')).rowsStored).toBe(3);
  });
});
