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
import { bySystem } from '../imports/audited-by.ts';
import {
  ensureRegionAreas,
  storeSimplifiedBoundaries,
  switchBoundarySet,
} from '../imports/boundaries/boundary-sets.ts';
import { createRepositories } from '../repositories/index.ts';

export async function loadSemarangBoundaries(knex: Knex): Promise<{ setId: string; kelurahan: number }> {
  const kelurahan = readKelurahan().features;
  // The shipped kecamatan are the union of their kelurahan with the source's sliver holes removed (SOURCE.md),
  // cleaner than a fresh union would be.
  const kecamatan = readKecamatan().features;
  return knex.transaction(async (trx) => {
    const repos = createRepositories(trx);
    await ensureRegionAreas(repos, SEMARANG_CODE);
    const setId = await repos.boundaries.createSet(
      SEMARANG_CODE,
      SEMARANG_BOUNDARY_LABEL,
      SEMARANG_BOUNDARY_SOURCE,
    );
    await repos.boundaries.insertBoundaries(
      setId,
      [...kecamatan, ...kelurahan].map((f) => ({ areaCode: f.properties.code, geometry: f.geometry })),
    );
    await storeSimplifiedBoundaries(repos, setId);
    // The start-up load is a switch too (from no set, or from an earlier version's invented polygons).
    await switchBoundarySet(repos, {
      regionCode: SEMARANG_CODE,
      setId,
      label: SEMARANG_BOUNDARY_LABEL,
      source: SEMARANG_BOUNDARY_SOURCE,
      by: bySystem(SEMARANG_CODE),
    });
    return { setId, kelurahan: kelurahan.length };
  });
}
