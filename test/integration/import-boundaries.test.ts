// Importing the real Semarang kelurahan polygons (geodata/) as official boundaries.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import proj4 from 'proj4';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoundaryImportError,
  importBoundariesFile,
} from '../../server/imports/boundaries/import-boundaries.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { geodataFile } from '../support/geodata.ts';
import { UTM_49S_PRJ, writeShapefile, type PolygonFeature } from '../support/shapefile-writer.ts';

const REAL = geodataFile('semarang-kelurahan.geojson');
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
    // Forget the open period's point checks, to see the import redo them against the new set.
    await db.knex('households').where({ period_code: '2025-12' }).update({ location_check: 'missing' });
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
    // The open period's point checks were redone against the new set; the demo's points lie inside their own
    // kelurahan of the same official polygons, so every one is inside again.
    const checks = await db
      .knex('households')
      .where({ period_code: '2025-12' })
      .select('location_check')
      .count<Array<{ location_check: string | null; count: string }>>('* as count')
      .groupBy('location_check');
    expect(checks.map((c) => c.location_check)).toEqual(['inside']);
    expect(Number(checks[0]!.count)).toBeGreaterThan(1000);
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
      'a feature that is not an object',
      () => ({ type: 'FeatureCollection', features: [null] }),
      /feature 1 is not a GeoJSON Feature object; export the layer again/,
    ],
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

  /** The real polygons as a UTM 49S Shapefile (as a mapping agency would deliver them), written by the test. */
  function utmShapefile(dir: string): string {
    const fc = JSON.parse(readFileSync(REAL, 'utf8')) as Fc;
    const toUtm = proj4('EPSG:4326', UTM_49S_PRJ);
    const features: PolygonFeature[] = fc.features.map((f) => {
      const g = f.geometry as {
        type: 'Polygon' | 'MultiPolygon';
        coordinates: number[][][] | number[][][][];
      };
      const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
      return {
        properties: { KODE_KEL: String(f.properties.code), NAMA: String(f.properties.name) },
        polygons: polygons.map((rings) =>
          rings.map((ring) => ring.map((p) => toUtm.forward([p[0]!, p[1]!]))),
        ),
      };
    });
    return writeShapefile(dir, 'batas_kelurahan', features, UTM_49S_PRJ);
  }

  it('imports a Shapefile in UTM 49S (folder with .shp/.dbf/.prj), reprojecting to the same areas', async () => {
    const dir = mkdtempSync(path.join(tmp, 'shp-'));
    utmShapefile(dir);
    // The raw coordinates are metres (e.g. x ≈ 435000), not degrees.
    const r = await importBoundariesFile(db.knex, dir, { regionCode: '33.74', label: 'BIG UTM 49S' });
    expect(r.reprojected).toBe(true);
    expect(r.report.matched).toHaveLength(177);
    expect(r.fields.codeField).toBe('KODE_KEL');
    const { rows } = await db.knex.raw<{ rows: Array<{ code: string; a: number; b: number }> }>(
      `select x.area_code code, x.area_km2 a, y.area_km2 b
       from area_boundaries x join area_boundaries y on y.area_code = x.area_code
       join boundary_sets sy on sy.id = y.boundary_set_id and sy.label = 'Kemendagri 2025'
       where x.boundary_set_id = ? and length(x.area_code) = 13`,
      [r.setId],
    );
    expect(rows).toHaveLength(177);
    // Every kelurahan has the area it has in the GeoJSON original (reprojection round trip within 0.1 %).
    for (const row of rows) expect(Math.abs(row.a - row.b) / row.b, row.code).toBeLessThan(0.001);
  });

  it('imports the same Shapefile from a .zip, and refuses a .zip without a .dbf', async () => {
    const dir = mkdtempSync(path.join(tmp, 'zip-'));
    const shp = utmShapefile(dir);
    const zip = new JSZip();
    for (const ext of ['.shp', '.shx', '.dbf', '.prj'])
      zip.file(`data/batas_kelurahan${ext}`, readFileSync(shp.replace(/\.shp$/, ext)));
    const file = path.join(dir, 'batas.zip');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await importBoundariesFile(db.knex, file, { regionCode: '33.74' });
    expect(r.report.matched).toHaveLength(177);
    expect(r.reprojected).toBe(true);

    const broken = new JSZip();
    broken.file('batas_kelurahan.shp', readFileSync(shp));
    const bad = path.join(dir, 'tanpa-dbf.zip');
    writeFileSync(bad, await broken.generateAsync({ type: 'nodebuffer' }));
    await expect(importBoundariesFile(db.knex, bad, { regionCode: '33.74' })).rejects.toThrow(
      /\.dbf file .* is missing/,
    );
  });

  it('refuses a Shapefile without a .prj, naming the folder and what to do', async () => {
    const dir = mkdtempSync(path.join(tmp, 'noprj-'));
    const shp = utmShapefile(dir);
    rmSync(shp.replace(/\.shp$/, '.prj'));
    await expect(importBoundariesFile(db.knex, dir, { regionCode: '33.74' })).rejects.toThrow(
      /^noprj-\w+ has no \.prj file, so its coordinate system is unknown; export the Shapefile again with its \.prj/,
    );
  });

  /** The real polygons with feature 1's outer ring made to touch itself (a spike back to its first vertex). */
  const selfTouching = (name: string) =>
    variant(name, (fc) => {
      const g = fc.features[0]!.geometry as { type: string; coordinates: number[][][] | number[][][][] };
      const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0]) as number[][];
      const [x, y] = ring[0]!;
      ring.splice(1, 0, [x! + 0.0005, y! + 0.0005], [x! + 0.0005, y! - 0.0005], [x!, y!]);
    });

  it('lists repaired polygons and stores such a set without activating it unless the repairs are accepted', async () => {
    const file = selfTouching('spike.geojson');
    const code = (JSON.parse(readFileSync(REAL, 'utf8')) as Fc).features[0]!.properties.code as string;
    const active = await activeSet();
    const r = await importBoundariesFile(db.knex, file, { regionCode: '33.74' });
    expect(r.repairs).toHaveLength(1);
    expect(r.repairs[0]).toMatchObject({ code, features: [0] });
    expect(r.repairs[0]!.reason).toMatch(/Self-intersection/);
    expect(r.activated).toBe(false);
    expect(r.notActivated).toMatch(
      /^1 kelurahan polygon\(s\) were not valid and were repaired .*--accept-repairs/,
    );
    expect((await activeSet()).id).toBe(active.id);
    // Stored all the same, with the repairs in its report, so it can be looked at.
    const stored = await db
      .knex('boundary_sets')
      .where({ id: r.setId })
      .first<{ active: boolean; match_report: { repairs: unknown[] } }>('active', 'match_report');
    expect(stored).toMatchObject({ active: false, match_report: { repairs: [{ code }] } });
    const accepted = await importBoundariesFile(db.knex, file, { regionCode: '33.74', acceptRepairs: true });
    expect(accepted.repairs).toHaveLength(1);
    expect(accepted.activated).toBe(true);
    expect((await activeSet()).id).toBe(accepted.setId);
  });

  it('lists pairs of kelurahan overlapping by more than 1,000 m²', async () => {
    const fc = JSON.parse(readFileSync(REAL, 'utf8')) as Fc;
    const [a, b] = [fc.features[0]!, fc.features[1]!].map((f) => f.properties.code as string) as [
      string,
      string,
    ];
    // A square of about 88 m × 88 m well inside kelurahan b, added as a part of kelurahan a.
    const { rows } = await db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
      `select ST_X(c.center) x, ST_Y(c.center) y
       from area_boundaries ab join boundary_sets s on s.id = ab.boundary_set_id and s.active,
            lateral ST_MaximumInscribedCircle(ab.geom) c
       where ab.area_code = ?`,
      [b],
    );
    const { x, y } = rows[0]!;
    const d = 0.0004;
    const square = [
      [
        [x - d, y - d],
        [x + d, y - d],
        [x + d, y + d],
        [x - d, y + d],
        [x - d, y - d],
      ],
    ];
    const file = variant('overlap.geojson', (c) => {
      const g = c.features[0]!.geometry;
      const polygons = g.type === 'Polygon' ? [g.coordinates] : (g.coordinates as unknown[]);
      c.features[0]!.geometry = { type: 'MultiPolygon', coordinates: [...polygons, square] };
    });
    const r = await importBoundariesFile(db.knex, file, { regionCode: '33.74', activate: false });
    expect(r.repairs).toEqual([]);
    const pair = r.overlaps.find((o) => [o.a, o.b].sort().join() === [a, b].sort().join());
    expect(pair?.m2).toBeGreaterThan(7000);
    expect(pair?.m2).toBeLessThan(9000);
    expect(r.overlaps.every((o) => o.m2 > 1000)).toBe(true);
  });

  it('refuses a Shapefile whose parts come from different exports, naming the file and what to do', async () => {
    const dir = mkdtempSync(path.join(tmp, 'mixed-'));
    const shp = utmShapefile(dir);
    const other = mkdtempSync(path.join(tmp, 'other-'));
    const fewer = JSON.parse(readFileSync(REAL, 'utf8')) as Fc;
    writeShapefile(
      other,
      'batas_kelurahan',
      fewer.features.slice(0, 170).map((f) => ({
        properties: { KODE_KEL: String(f.properties.code) },
        polygons: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      })),
    );
    writeFileSync(shp.replace(/\.shp$/, '.dbf'), readFileSync(path.join(other, 'batas_kelurahan.dbf')));
    await expect(importBoundariesFile(db.knex, dir, { regionCode: '33.74' })).rejects.toThrow(
      /: the \.dbf holds 170 rows of attributes but the \.shp holds 177 shapes: the parts come from different exports\. Export the Shapefile again/,
    );
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
