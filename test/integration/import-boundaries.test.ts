// Importing the real Semarang kelurahan polygons (../shared/geodata) as official boundaries.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoundaryImportError,
  importBoundariesFile,
} from '../../server/imports/boundaries/import-boundaries.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { sharedGeodata } from '../support/shared-geodata.ts';

const REAL = sharedGeodata('semarang-kelurahan.geojson');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sidaksos-boundaries-'));

interface Fc {
  type: string;
  features: Array<{
    type: string;
    properties: Record<string, unknown>;
    geometry: { type: string; coordinates: unknown };
  }>;
}

function variant(name: string, change: (fc: Fc) => unknown): string {
  const fc = JSON.parse(readFileSync(REAL, 'utf8')) as Fc;
  const file = path.join(tmp, name);
  writeFileSync(file, typeof change === 'function' ? JSON.stringify(change(fc) ?? fc) : '');
  return file;
}

describe('boundary import', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await scratchDatabase('boundaries');
    await seedRegistry(db.knex, {
      regionCode: '33.74',
      households: 1500,
      seed: 5,
      periods: ['2025-07', '2025-12'],
    });
  });
  afterAll(() => db.drop());

  const activeSet = async () =>
    await db
      .knex('boundary_sets')
      .where({ region_code: '33.74', active: true })
      .first<{ id: string; label: string }>('id', 'label');
  const householdDigest = async () =>
    (
      await db.knex.raw<{ rows: Array<{ d: string }> }>(
        `select md5(string_agg(id || kelurahan_code || period_code, ',' order by period_code, id)) d from households`,
      )
    ).rows[0]!.d;

  it('matches all 177 real kelurahan by code, derives 16 kecamatan and switches sets without touching households', async () => {
    const before = await householdDigest();
    const demoSet = await activeSet();
    const r = await importBoundariesFile(db.knex, REAL, { regionCode: '33.74', label: 'Kemendagri 2025' });
    expect(r.report.matched).toHaveLength(177);
    expect(r.report.matched.every((m) => m.method === 'code')).toBe(true);
    expect(r.report).toMatchObject({ unmatched: [], ambiguous: [], missing: [], duplicates: [] });
    expect(r.kecamatan).toBe(16);
    expect(r.fields.codeField).toBe('code');
    const now = await activeSet();
    expect(now.id).toBe(r.setId);
    expect(now.id).not.toBe(demoSet.id);
    expect(await householdDigest()).toBe(before);
    // The old set is kept (switching back is possible), and the real city is about 372 km².
    expect(await db.knex('boundary_sets').where({ id: demoSet.id }).first('id')).toBeDefined();
    const { rows } = await db.knex.raw<{ rows: Array<{ km2: number; valid: boolean }> }>(
      `select sum(area_km2) km2, bool_and(ST_IsValid(geom)) valid from area_boundaries b join areas a on a.code = b.area_code
       where b.boundary_set_id = ? and a.level = 'kelurahan'`,
      [r.setId],
    );
    expect(rows[0]!.valid).toBe(true);
    expect(rows[0]!.km2).toBeGreaterThan(365);
    expect(rows[0]!.km2).toBeLessThan(380);
    // Demo points now lie on other lines: the open period's point checks were redone against the new set.
    const checks = await db
      .knex('households')
      .where({ period_code: '2025-12' })
      .whereNot('location_check', 'inside')
      .count<Array<{ count: number }>>();
    expect(Number(checks[0]!.count)).toBeGreaterThan(100);
  });

  it('matches all 177 by name within kecamatan when the code fields are removed', async () => {
    const file = variant('names-only.geojson', (fc) => {
      for (const f of fc.features) {
        const { name, district } = f.properties as { name: string; district: string };
        f.properties = { NAMOBJ: `Kel. ${name.toUpperCase()}`, WADMKC: district };
      }
    });
    const r = await importBoundariesFile(db.knex, file, { regionCode: '33.74' });
    expect(r.fields).toEqual({ codeField: undefined, nameField: 'NAMOBJ', kecamatanField: 'WADMKC' });
    expect(r.report.matched).toHaveLength(177);
    expect(r.report.matched.every((m) => m.method === 'name')).toBe(true);
    expect(r.report.ambiguous).toEqual([]);
  });

  it.each([
    ['not JSON', () => 'not json at all', /is not valid JSON/],
    ['not a FeatureCollection', () => ({ type: 'Feature' }), /is not a GeoJSON FeatureCollection/],
    ['no features', () => ({ type: 'FeatureCollection', features: [] }), /has no features/],
    [
      'projected coordinates',
      (fc: Fc) => {
        fc.features[3]!.geometry = {
          type: 'Polygon',
          coordinates: [
            [
              [436000, 9226000],
              [437000, 9226000],
              [437000, 9227000],
              [436000, 9226000],
            ],
          ],
        };
      },
      /feature 4 has coordinate \[436000, 9226000\], which is not longitude\/latitude/,
    ],
    [
      'points',
      (fc: Fc) => void (fc.features[0]!.geometry = { type: 'Point', coordinates: [110.4, -7] }),
      /feature 1 is a Point/,
    ],
    [
      'missing kelurahan',
      (fc: Fc) => ({ ...fc, features: fc.features.slice(0, 170) }),
      /7 kelurahan have no polygon .*--allow-partial/,
    ],
    [
      'nothing matches',
      (fc: Fc) => fc.features.forEach((f) => (f.properties = { name: 'Atlantis' })),
      /No feature matched/,
    ],
  ])('refuses %s with a clear message and changes nothing', async (label, change, message) => {
    const file = path.join(tmp, `${label.replace(/\s/g, '-')}.geojson`);
    const fc = JSON.parse(readFileSync(REAL, 'utf8')) as Fc;
    const out = change(fc);
    writeFileSync(file, typeof out === 'string' ? out : JSON.stringify(out ?? fc));
    const setsBefore = await db.knex('boundary_sets').count<Array<{ count: number }>>();
    const active = await activeSet();
    await expect(importBoundariesFile(db.knex, file, { regionCode: '33.74' })).rejects.toThrow(
      BoundaryImportError,
    );
    await expect(importBoundariesFile(db.knex, file, { regionCode: '33.74' })).rejects.toThrow(message);
    expect(await db.knex('boundary_sets').count()).toEqual(setsBefore);
    expect((await activeSet()).id).toBe(active.id);
  });

  it('stores a partial set without activating it when asked', async () => {
    const file = variant('partial.geojson', (fc) => ({ ...fc, features: fc.features.slice(0, 100) }));
    const active = await activeSet();
    const r = await importBoundariesFile(db.knex, file, {
      regionCode: '33.74',
      allowPartial: true,
      activate: false,
    });
    expect(r.report.missing).toHaveLength(77);
    expect(r.activated).toBe(false);
    expect((await activeSet()).id).toBe(active.id);
  });
});
