// `npm run cli -- seed`: generates the synthetic registry and bulk-loads it in one transaction (all or
// nothing), then classifies household points against the boundaries and finalizes all periods but the last.
import { REGISTRY_TABLE_ORDER } from '../domain/registry-tables.ts';
import type { Knex } from 'knex';
import type { MultiPolygon, Polygon } from 'geojson';
import { createRepositories, sessionRepositories } from '../repositories/index.ts';
import { copyInto } from '../repositories/registry-load-repository.ts';
import type { DefectRates } from './demo-households.ts';
import { batchLines, COPY_COLUMNS, type CopyTable } from './registry-copy.ts';
import { DEFAULT_PERIODS, generateRegistry, type KelurahanShape } from './registry-generator.ts';

export interface SeedOptions {
  regionCode: string;
  households: number;
  seed: number;
  periods?: string[];
  defects?: DefectRates;
  /** Replace an existing registry (demo data only); without it a non-empty registry is refused. */
  replace?: boolean;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface SeedResult {
  households: number;
  members: number;
  periods: string[];
}

export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

const TABLE_ORDER: readonly CopyTable[] = REGISTRY_TABLE_ORDER;

const PARENT_TABLES: readonly CopyTable[] = ['households', 'members'];
/** Households (with their members and other rows) per round of COPY statements. */
const FLUSH_HOUSEHOLDS = 5000;

function toShape(row: {
  code: string;
  name: string;
  kecamatan_code: string;
  area_km2: number;
  geometry: string;
}): KelurahanShape {
  const g = JSON.parse(row.geometry) as Polygon | MultiPolygon;
  return {
    code: row.code,
    name: row.name,
    kecamatanCode: row.kecamatan_code,
    areaKm2: row.area_km2,
    geometry: g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g,
  };
}

export async function seedRegistry(knex: Knex, opts: SeedOptions): Promise<SeedResult> {
  const periods = opts.periods ?? DEFAULT_PERIODS;
  return knex.transaction(async (trx) => {
    const repo = sessionRepositories.registryLoad(trx);
    const shapes = (await repo.kelurahanShapes(opts.regionCode)).map(toShape);
    if (shapes.length === 0) {
      throw new SeedRefusedError(
        `Region ${opts.regionCode} has no active boundaries: load or import them first.`,
      );
    }
    if ((await repo.householdCount(opts.regionCode)) > 0) {
      if (!opts.replace) {
        throw new SeedRefusedError(
          `Region ${opts.regionCode} already has households. Seeding adds synthetic data only to an empty registry; ` +
            'pass --replace to delete the existing registry and generate a new one.',
        );
      }
      await repo.deleteRegistry(opts.regionCode);
    }
    await createRepositories(trx).referenceData.ensureDefaults(opts.regionCode);
    await repo.createPeriods(opts.regionCode, periods);

    const client = await repo.client();
    const totalBatches = shapes.length * periods.length;
    let done = 0;
    let members = 0;
    const lastPeriod = periods[periods.length - 1]!;
    let households = 0;
    // Lines are buffered across batches and flushed table by table (parents first): a COPY statement costs
    // milliseconds of fixed overhead, so thousands of small ones would dominate a small seed.
    const buffer = new Map<CopyTable, string[]>(TABLE_ORDER.map((t) => [t, []]));
    let buffered = 0;
    let flushes = 0;
    const flush = async () => {
      for (const table of TABLE_ORDER) {
        await copyInto(client, table, COPY_COLUMNS[table], buffer.get(table)!);
        buffer.set(table, []);
        // Foreign-key checks are planned once per session, at their first use. Against a parent table with no
        // statistics the planner cannot tell the primary key from the (region, period, …) indexes and may
        // check every child row by scanning the whole period (measured: 240 µs per member row and rising, vs
        // 20 µs). So each parent gets statistics right after its first rows arrive, before any child row.
        if (flushes === 0 && PARENT_TABLES.includes(table)) await repo.analyze([table]);
      }
      flushes += 1;
      buffered = 0;
    };
    for (const batch of generateRegistry(shapes, {
      seed: opts.seed,
      households: opts.households,
      periods,
      defects: opts.defects,
    })) {
      // A household's map number is drawn once, on its first period, and kept in the later ones (as opening a
      // period keeps it): the generator hands the same household objects to each period.
      const fresh = batch.households.filter((s) => s.household.map_id === undefined);
      if (fresh.length) {
        const ids = await repo.reserveMapIds(fresh.length);
        fresh.forEach((s, i) => (s.household.map_id = ids[i]!));
      }
      const lines = batchLines(opts.regionCode, batch);
      for (const table of TABLE_ORDER) buffer.get(table)!.push(...lines[table]);
      buffered += lines.households.length;
      if (buffered >= FLUSH_HOUSEHOLDS) await flush();
      done += 1;
      if (batch.periodCode === lastPeriod) {
        households += batch.households.length;
        members += lines.members.length;
      }
      opts.onProgress?.(done, totalBatches, 'load');
    }
    await flush();
    for (const [i, period] of periods.entries()) {
      opts.onProgress?.(i, periods.length, 'locations');
      await repo.classifyLocations(opts.regionCode, period);
    }
    await repo.markSynthetic(opts.regionCode);
    await repo.finalizePeriods(opts.regionCode, periods.slice(0, -1));
    await repo.analyze();
    return { households, members, periods };
  });
}
