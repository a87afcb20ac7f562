// A region's kecamatan and kelurahan codes and names (Kemendagri, from idn-area-data), its default agencies and
// programs: what any boundary set of the region is matched against. Loaded for Kota Semarang on first start and
// for any other city or regency by its first boundary import, so a deployment elsewhere needs only REGION_CODE.
import type { Knex } from 'knex';
import { regionAreas } from '../../geodata/area-codes.ts';
import { SEMARANG_CODE, SEMARANG_KECAMATAN } from '../../geodata/semarang-facts.ts';
import { BoundariesRepository } from '../repositories/boundaries-repository.ts';
import { ReferenceDataRepository } from '../repositories/reference-data-repository.ts';

export async function ensureRegionAreas(trx: Knex.Transaction, regionCode: string): Promise<void> {
  const names = regionAreas(regionCode);
  // Population and family counts are known (BPS 2022) for Semarang only; elsewhere they stay empty.
  const facts = regionCode === SEMARANG_CODE ? SEMARANG_KECAMATAN : [];
  const repo = new BoundariesRepository(trx);
  await repo.upsertRegion(regionCode, names.regionName);
  // A region starts with the default agencies and programs (editable later); they are data, not code.
  await new ReferenceDataRepository(trx).ensureDefaults(regionCode);
  await repo.upsertAreas([
    ...names.kecamatan.map((k) => {
      const fact = facts.find((f) => f.code === k.code);
      return {
        code: k.code,
        regionCode,
        level: 'kecamatan' as const,
        parentCode: null,
        name: k.name,
        population: fact?.people2022 ?? null,
        families: fact?.families2022 ?? null,
      };
    }),
    ...names.kelurahan.map((k) => ({
      code: k.code,
      regionCode,
      level: 'kelurahan' as const,
      parentCode: k.kecamatanCode,
      name: k.name,
    })),
  ]);
}
