// A database made by an earlier version for the demo (invented polygons, synthetic people) is upgraded: its
// people stay marked synthetic and its invented polygons give way to the official boundaries at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createKnex, migrateLatest } from '../../server/db/knex.ts';
import { loadDemoIfEmpty } from '../../server/demo/load-demo.ts';
import { readKelurahan } from '../../geodata/semarang.ts';
import { testConfig } from '../support/test-app.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

describe('upgrading a demo database of an earlier version', () => {
  let db: ScratchDatabase;
  let owner: Knex;
  beforeAll(async () => {
    db = await scratchDatabase('legacy', { migrate: false });
    owner = createKnex({ url: db.ownerUrl, poolMax: 2 });
    // The schema as it was before this version (migrations up to 0010), with a synthetic demo set.
    for (let i = 0; i < 10; i++) await owner.migrate.up();
    await owner('regions').insert({ region_code: '33.74', name: 'KOTA SEMARANG' });
    await owner('areas').insert([
      { code: '33.74.01', region_code: '33.74', level: 'kecamatan', name: 'Semarang Tengah' },
      {
        code: '33.74.01.1001',
        region_code: '33.74',
        level: 'kelurahan',
        parent_code: '33.74.01',
        name: 'Miroto',
      },
    ]);
    const [set] = await owner('boundary_sets')
      .insert({ region_code: '33.74', label: 'Demo (sintetis)', source: 'generated', synthetic: true })
      .returning<Array<{ id: string }>>('id');
    const miroto = readKelurahan().features.find((f) => f.properties.code === '33.74.01.1001')!;
    await owner.raw(
      `insert into area_boundaries (boundary_set_id, area_code, geom, area_km2)
       select ?::uuid, '33.74.01.1001', g, ST_Area(g::geography) / 1e6
       from (select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) g) q`,
      [set!.id, JSON.stringify(miroto.geometry)],
    );
    await owner('boundary_sets').where({ id: set!.id }).update({ active: true });
    await migrateLatest(owner);
  });
  afterAll(async () => {
    await owner.destroy();
    await db.drop();
  });

  it('keeps the people marked synthetic and switches to the official polygons at start', async () => {
    const region = await owner('regions')
      .where({ region_code: '33.74' })
      .first<{ synthetic_registry: boolean }>();
    expect(region.synthetic_registry).toBe(true);
    const said: string[] = [];
    expect(await loadDemoIfEmpty(owner, testConfig(), (m) => said.push(m))).toBe(false);
    expect(said.join('\n')).toContain('invented demo polygons');
    const active = await owner('boundary_sets')
      .where({ region_code: '33.74', active: true })
      .first<{ label: string; id: string }>('label', 'id');
    expect(active.label).toContain('Kemendagri');
    const n = await owner('area_boundaries')
      .where({ boundary_set_id: active.id })
      .whereNotNull('geom_simplified')
      .count<Array<{ count: string }>>('* as count');
    expect(Number(n[0]!.count)).toBe(193);
  });
});
