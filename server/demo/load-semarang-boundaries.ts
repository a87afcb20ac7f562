// Loads the official Kota Semarang boundaries shipped in geodata/ (177 kelurahan, 16 kecamatan) as the
// active boundary set, with the region's codes, names and default programs.
import type { Knex } from 'knex';
import {
  readKecamatan,
  readKelurahan,
  SEMARANG_BOUNDARY_LABEL,
  SEMARANG_BOUNDARY_SOURCE,
} from '../../geodata/semarang.ts';
import { SEMARANG_CODE } from '../../geodata/semarang-facts.ts';
import { BoundariesRepository } from '../repositories/boundaries-repository.ts';
import { ensureRegionAreas } from '../services/region-areas.ts';
import { storeSimplifiedBoundaries } from '../services/simplified-boundaries.ts';

export async function loadSemarangBoundaries(knex: Knex): Promise<{ setId: string; kelurahan: number }> {
  const kelurahan = readKelurahan().features;
  // The shipped kecamatan are the union of their kelurahan with the source's sliver holes removed (SOURCE.md),
  // cleaner than a fresh union would be.
  const kecamatan = readKecamatan().features;
  return knex.transaction(async (trx) => {
    await ensureRegionAreas(trx, SEMARANG_CODE);
    const repo = new BoundariesRepository(trx);
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
