// Migrations go up, down and up again on a database of their own; the schema's guards hold.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createKnex, migrateLatest, migrationsCurrent } from '../../server/db/knex.ts';
import { createProductDatabase, dropDatabase, withDatabase } from '../../server/db/provision.ts';
import { ownerKnex, testKnex } from '../support/test-app.ts';

const PRODUCT_TABLES = [
  'regions',
  'areas',
  'boundary_sets',
  'area_boundaries',
  'periods',
  'households',
  'members',
  'member_disabilities',
  'ppks_categories',
  'need_categories',
  'opds',
  'programs',
  'enrolments',
  'household_problems',
  'household_needs',
  'handling_steps',
  'users',
  'user_scopes',
  'sessions',
  'audit_log',
  'import_jobs',
  'import_rejects',
  'area_summaries',
  'summary_state',
  'summary_dirty_kelurahan',
  'household_cells',
  'login_throttles',
  'access_tokens',
  'legend_sets',
  'proposal_evidence',
  'proposals',
  'approval_policies',
  'kelurahan_periods',
  'berita_acara',
  'muskel_decisions',
  'verification_assignments',
  'verification_visits',
];

async function tables(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: Array<{ t: string }> }>(
    "select table_name t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  return rows.map((r) => r.t).filter((t) => !t.startsWith('knex_') && t !== 'spatial_ref_sys');
}

describe('migrations', () => {
  const name = `sidaksos_migr_${process.pid}`;
  let knex: Knex;
  beforeAll(async () => {
    // As the owner role, which runs migrations.
    const { ownerUrl } = await createProductDatabase(
      {
        url: withDatabase(inject('ownerUrl'), 'postgres'),
        appUrl: inject('databaseUrl'),
        maintenanceUrl: inject('maintenanceUrl'),
      },
      name,
    );
    knex = createKnex({ url: ownerUrl });
  });
  afterAll(async () => {
    await knex.destroy();
    await dropDatabase(inject('maintenanceUrl'), name);
  });

  it('go up, down and up again cleanly', async () => {
    expect(await migrationsCurrent(knex)).toBe(false);
    const applied = await migrateLatest(knex);
    expect(applied.length).toBeGreaterThanOrEqual(6);
    expect((await tables(knex)).sort()).toEqual([...PRODUCT_TABLES].sort());
    expect(await migrationsCurrent(knex)).toBe(true);

    await knex.migrate.rollback(undefined, true);
    expect(await tables(knex)).toEqual([]);
    expect(await migrationsCurrent(knex)).toBe(false);

    expect(await migrateLatest(knex)).toEqual(applied);
    expect((await tables(knex)).sort()).toEqual([...PRODUCT_TABLES].sort());
    expect(await migrateLatest(knex)).toEqual([]); // idempotent
  });
});

describe('schema guards', () => {
  let knex: Knex;
  const hh = {
    region_code: '33.74',
    id: '0b6f0c36-0000-4000-8000-000000000001',
    kk: '3374010101250001',
    kelurahan_code: '33.74.01.1001',
    record_source: 'DEMO',
  };
  beforeAll(async () => {
    knex = testKnex();
    await knex('periods').insert([
      { region_code: '33.74', period_code: '2099-07', status: 'open' },
      { region_code: '33.74', period_code: '2099-12', status: 'open' },
    ]);
    await knex('households').insert({ ...hh, period_code: '2099-07' });
    await knex('periods').where({ period_code: '2099-07' }).update({ status: 'finalized' });
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it('refuses every write to a finalized period, with a clear message', async () => {
    const refused = /period 2099-07 is finalized and cannot be changed/;
    await expect(
      knex('households').insert({ ...hh, id: hh.id.replace('1', '2'), period_code: '2099-07' }),
    ).rejects.toThrow(refused);
    await expect(knex('households').where({ period_code: '2099-07' }).update({ desil: 1 })).rejects.toThrow(
      refused,
    );
    await expect(knex('households').where({ period_code: '2099-07' }).delete()).rejects.toThrow(refused);
    expect(await knex('households').where({ period_code: '2099-07' }).first('desil')).toEqual({
      desil: null,
    });
  });

  it('accepts writes to an open period', async () => {
    await knex('households').insert({ ...hh, period_code: '2099-12', desil: 3 });
    expect(await knex('households').where({ period_code: '2099-12' }).first('desil')).toEqual({ desil: 3 });
  });

  it.each([
    [{ kk: '33740101' }, /households_kk_digits/],
    [{ kk: '33740101012500AB' }, /households_kk_digits/],
    [{ desil: 11 }, /check constraint/],
    [{ floor_type: 'marmer' }, /check constraint/],
    [{ kelurahan_code: '33.74.99.9999' }, /foreign key/],
  ])('rejects an invalid household %o', async (patch, message) => {
    const row = { ...hh, id: '0b6f0c36-0000-4000-8000-0000000000ff', period_code: '2099-12', ...patch };
    await expect(knex('households').insert(row)).rejects.toThrow(message);
  });

  it('keeps the audit log append-only, even for its owner (the app role may not even try)', async () => {
    await knex('audit_log').insert({
      region_code: '33.74',
      action: 'read',
      entity: 'household',
      entity_ids: ['x'],
    });
    const owner = ownerKnex();
    try {
      await expect(owner('audit_log').update({ reason: 'tamper' })).rejects.toThrow(/append-only/);
      await expect(owner('audit_log').delete()).rejects.toThrow(/append-only/);
      await expect(owner.raw('truncate audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await owner.destroy();
    }
    expect(await knex('audit_log').whereNotNull('reason').count<Array<{ count: number }>>()).toEqual([
      { count: 0 },
    ]);
  });

  it('allows one active boundary set per region', async () => {
    const [set] = await knex('boundary_sets')
      .insert({ region_code: '33.74', label: 'second', source: 'test', active: true })
      .returning('id')
      .catch((e: Error) => [e]);
    expect(set).toBeInstanceOf(Error);
    expect(String(set)).toMatch(/boundary_sets_one_active/);
  });
});
