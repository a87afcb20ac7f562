// Writing a boundary set, shared by the file import and the demo loader, inside the caller's transaction (the
// repositories passed in are bound to it): the region's codes and names, the map's simplified copy, and the
// switch of the map to the new set, which commits together with its audit row.
// Below the services on purpose (they call the importers), so nothing here imports from services/.
import type { Knex } from 'knex';
import type { MultiPolygon, Polygon } from 'geojson';
import { regionAreas } from '../../../geodata/area-codes.ts';
import { SEMARANG_CODE, SEMARANG_KECAMATAN } from '../../../geodata/semarang-facts.ts';
import { simplifyCoverage } from '../../domain/coverage.ts';
import { createRepositories, type Repositories } from '../../repositories/index.ts';
import type { AuditedBy } from '../audited-by.ts';

type SetRepos = Pick<Repositories, 'boundaries' | 'referenceData'>;

/**
 * A region's kecamatan and kelurahan codes and names (Kemendagri, from idn-area-data), its default agencies and
 * programs: what any boundary set of the region is matched against. Loaded for Kota Semarang on first start and
 * for any other city or regency by its first boundary import, so a deployment elsewhere needs only REGION_CODE.
 */
export async function ensureRegionAreas(repos: SetRepos, regionCode: string): Promise<void> {
  const names = regionAreas(regionCode);
  // Population and family counts are known (BPS 2022) for Semarang only; elsewhere they stay empty.
  const facts = regionCode === SEMARANG_CODE ? SEMARANG_KECAMATAN : [];
  await repos.boundaries.upsertRegion(regionCode, names.regionName);
  // A region starts with the default agencies and programs (editable later); they are data, not code.
  await repos.referenceData.ensureDefaults(regionCode);
  await repos.boundaries.upsertAreas([
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

/** The map's simplified boundaries, computed once per set (at load or import) and stored beside the full ones. */
export async function storeSimplifiedBoundaries(repos: Pick<Repositories, 'boundaries'>, setId: string) {
  const rows = await repos.boundaries.kelurahanGeometries(setId);
  if (rows.length === 0) return;
  const coverage = await simplifyCoverage(
    rows.map((r) => ({
      code: r.code,
      kecamatanCode: r.kecamatanCode,
      geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon,
    })),
  );
  await repos.boundaries.saveSimplified(setId, [
    ...[...coverage.kelurahan].map(([code, geometry]) => ({ code, geometry })),
    ...[...coverage.kecamatan].map(([code, geometry]) => ({ code, geometry })),
  ]);
}

/** Simplifies the sets stored before simplification was kept (a database from an earlier version). */
export async function backfillSimplifiedBoundaries(knex: Knex, log: (m: string) => void): Promise<void> {
  for (const setId of await createRepositories(knex).boundaries.setsWithoutSimplified()) {
    log(`simplifying the map geometry of boundary set ${setId} (once)`);
    await knex.transaction((trx) => storeSimplifiedBoundaries(createRepositories(trx), setId));
  }
}

/**
 * Switches the region's map to a set and writes the audit row of the switch through the same repositories, so
 * the two commit together: who switched, from which set to which, and from what source.
 */
export async function switchBoundarySet(
  repos: Pick<Repositories, 'boundaries' | 'audit'>,
  to: {
    regionCode: string;
    setId: string;
    label: string;
    source: string;
    by: AuditedBy;
    /** What the admin accepted when activating a stored set (the boundaries screen). */
    choices?: Record<string, boolean | number>;
  },
): Promise<void> {
  const previous = await repos.boundaries.activate(to.regionCode, to.setId);
  await repos.audit.append({
    ...to.by,
    action: 'boundary_switch',
    entity: 'boundary_set',
    entityIds: [to.setId],
    changes: { active: [previous, to.setId], label: to.label, source: to.source, ...to.choices },
  });
}
