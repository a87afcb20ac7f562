// Loads the official Kota Semarang boundaries shipped in geodata/ (177 kelurahan, 16 kecamatan) as the
// active boundary set, with the region's codes, names and default programs.
import type { Knex } from 'knex';
import { regionAreas } from '../../geodata/area-codes.ts';
import {
  readKecamatan,
  readKelurahan,
  SEMARANG_BOUNDARY_LABEL,
  SEMARANG_BOUNDARY_SOURCE,
} from '../../geodata/semarang.ts';
import { SEMARANG_CODE, SEMARANG_KECAMATAN } from '../../geodata/semarang-facts.ts';
import { BoundariesRepository } from '../repositories/boundaries-repository.ts';
import { ReferenceDataRepository } from '../repositories/reference-data-repository.ts';
import { storeSimplifiedBoundaries } from '../services/simplified-boundaries.ts';

export async function loadSemarangBoundaries(knex: Knex): Promise<{ setId: string; kelurahan: number }> {
  const names = regionAreas(SEMARANG_CODE);
  const kelurahan = readKelurahan().features;
  // The shipped kecamatan are the union of their kelurahan with the source's sliver holes removed (SOURCE.md),
  // cleaner than a fresh union would be.
  const kecamatan = readKecamatan().features;
  return knex.transaction(async (trx) => {
    const repo = new BoundariesRepository(trx);
    await repo.upsertRegion(SEMARANG_CODE, names.regionName);
    // A region starts with the default agencies and programs (editable later); they are data, not code.
    await new ReferenceDataRepository(trx).ensureDefaults(SEMARANG_CODE);
    await repo.upsertAreas([
      ...names.kecamatan.map((k) => {
        const facts = SEMARANG_KECAMATAN.find((f) => f.code === k.code);
        return {
          code: k.code,
          regionCode: SEMARANG_CODE,
          level: 'kecamatan' as const,
          parentCode: null,
          name: k.name,
          population: facts?.people2022 ?? null,
          families: facts?.families2022 ?? null,
        };
      }),
      ...names.kelurahan.map((k) => ({
        code: k.code,
        regionCode: SEMARANG_CODE,
        level: 'kelurahan' as const,
        parentCode: k.kecamatanCode,
        name: k.name,
      })),
    ]);
    const setId = await repo.createSet(SEMARANG_CODE, SEMARANG_BOUNDARY_LABEL, SEMARANG_BOUNDARY_SOURCE);
    await repo.insertBoundaries(
      setId,
      [...kecamatan, ...kelurahan].map((f) => ({ areaCode: f.properties.code, geometry: f.geometry })),
    );
    await storeSimplifiedBoundaries(trx, setId);
    await repo.activate(SEMARANG_CODE, setId);
    return { setId, kelurahan: kelurahan.length };
  });
}
