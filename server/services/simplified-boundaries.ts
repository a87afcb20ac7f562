// The map's simplified boundaries, computed once per boundary set (at load or import, in the same
// transaction) and stored beside the full geometry; requests only read them.
import type { Knex } from 'knex';
import type { MultiPolygon, Polygon } from 'geojson';
import { simplifyCoverage } from '../domain/coverage.ts';
import { BoundariesRepository } from '../repositories/boundaries-repository.ts';

export async function storeSimplifiedBoundaries(trx: Knex | Knex.Transaction, setId: string): Promise<void> {
  const repo = new BoundariesRepository(trx);
  const rows = await repo.kelurahanGeometries(setId);
  if (rows.length === 0) return;
  const coverage = await simplifyCoverage(
    rows.map((r) => ({
      code: r.code,
      kecamatanCode: r.kecamatanCode,
      geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon,
    })),
  );
  await repo.saveSimplified(setId, [
    ...[...coverage.kelurahan].map(([code, geometry]) => ({ code, geometry })),
    ...[...coverage.kecamatan].map(([code, geometry]) => ({ code, geometry })),
  ]);
}

/** Simplifies the sets stored before simplification was kept (a database from an earlier version). */
export async function backfillSimplifiedBoundaries(knex: Knex, log: (m: string) => void): Promise<void> {
  for (const setId of await new BoundariesRepository(knex).setsWithoutSimplified()) {
    log(`simplifying the map geometry of boundary set ${setId} (once)`);
    await knex.transaction((trx) => storeSimplifiedBoundaries(trx, setId));
  }
}
