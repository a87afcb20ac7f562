// A deployment for another city or regency: REGION_CODE and one boundary import, nothing else. Its Kemendagri
// codes and names come from idn-area-data with the first import; the polygons here are Semarang's shipped ones
// relabelled with that region's codes (no other real polygons ship with the repository).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionAreas } from '../../geodata/area-codes.ts';
import { importBoundariesFile } from '../../server/imports/boundaries/import-boundaries.ts';
import { RegionsRepository } from '../../server/repositories/regions-repository.ts';
import { geodataFile } from '../support/geodata.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

const REGION = '33.22'; // Kabupaten Semarang
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sidaksos-region-'));

describe('another region by REGION_CODE and a boundary import', () => {
  let db: ScratchDatabase;
  let file: string;
  beforeAll(async () => {
    db = await scratchDatabase('region', { geography: false });
    const villages = regionAreas(REGION).kelurahan;
    const fc = JSON.parse(readFileSync(geodataFile('semarang-kelurahan.geojson'), 'utf8')) as {
      features: Array<{ properties: Record<string, unknown> }>;
    };
    // One kecamatan's worth of villages, each on a Semarang polygon.
    const kec = villages[0]!.kecamatanCode;
    const mine = villages.filter((v) => v.kecamatanCode === kec);
    fc.features = fc.features.slice(0, mine.length).map((f, i) => ({
      ...f,
      properties: { kode: mine[i]!.code, nama: mine[i]!.name },
    }));
    file = path.join(tmp, 'kab-semarang.geojson');
    writeFileSync(file, JSON.stringify(fc));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await db.drop();
  });

  it('loads the region’s codes and names, then its polygons, simplified for the map', async () => {
    const result = await importBoundariesFile(db.knex, file, { regionCode: REGION, allowPartial: true });
    expect(result.activated).toBe(true);
    const region = await db.knex('regions').where({ region_code: REGION }).first<{ name: string }>('name');
    expect(region.name).toMatch(/SEMARANG/i);
    const areas = await db.knex('areas').where({ region_code: REGION }).count<Array<{ n: string }>>('* as n');
    expect(Number(areas[0]!.n)).toBe(
      regionAreas(REGION).kelurahan.length + regionAreas(REGION).kecamatan.length,
    );
    const fc = JSON.parse(
      await new RegionsRepository(db.knex).featureCollection({
        regionCode: REGION,
        level: 'kelurahan',
        simplified: true,
      }),
    ) as { synthetic_people: boolean; features: Array<{ id: string; geometry: { type: string } | null }> };
    expect(fc.features.length).toBe(result.report.matched.length);
    expect(fc.features.every((f) => f.geometry?.type === 'MultiPolygon')).toBe(true);
    expect(fc.synthetic_people).toBe(false); // no demo registry here
    // The set's map copy was computed at import, for its kelurahan and the kecamatan derived from them.
    const missing = await db
      .knex('area_boundaries')
      .where({ boundary_set_id: result.setId })
      .whereNull('geom_simplified')
      .count<Array<{ n: string }>>('* as n');
    expect(Number(missing[0]!.n)).toBe(0);
    expect(fc.features.every((f) => f.id.startsWith(`${REGION}.`))).toBe(true);
  });
});
