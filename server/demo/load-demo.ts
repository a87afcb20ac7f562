// What `npm start` loads into an empty database: the official Kota Semarang boundaries shipped in geodata/,
// then the synthetic registry (made-up people placed inside those boundaries).
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { backfillSimplifiedBoundaries } from '../imports/boundaries/boundary-sets.ts';
import { createRepositories, sessionRepositories } from '../repositories/index.ts';
import { loadSemarangBoundaries } from './load-semarang-boundaries.ts';
import { createDemoUsersIfNone } from './demo-users.ts';
import { createServices } from '../services/container.ts';
import { seedRegistry } from './seed-registry.ts';
import { SYNTHETIC_SET_LABEL } from '../../migrations/20261201_0011_simplified_boundaries.ts';

/** Point checks of every open period against the active boundaries. */
async function reclassifyOpenPeriods(knex: Knex, regionCode: string): Promise<void> {
  await knex.transaction(async (trx) => {
    const registry = sessionRepositories.registryLoad(trx);
    for (const period of await registry.openPeriods(regionCode))
      await registry.classifyLocations(regionCode, period);
  });
}

export async function loadDemoIfEmpty(
  knex: Knex,
  config: Config,
  log: (m: string) => void,
): Promise<boolean> {
  const { regions } = createRepositories(knex);
  if (await regions.hasActiveBoundaries(config.regionCode)) {
    // An earlier version's demo drew invented polygons: replace them with the official ones (households keep
    // their kelurahan codes; their points were drawn in the invented shapes, so the checks are redone).
    if (
      config.regionCode === '33.74' &&
      (await regions.activeSetLabel(config.regionCode)) === SYNTHETIC_SET_LABEL
    ) {
      log(
        'this database has the invented demo polygons of an earlier version: switching to the official ones',
      );
      await loadSemarangBoundaries(knex);
      await reclassifyOpenPeriods(knex, config.regionCode);
      log('  done; `npm run cli -- seed --replace` regenerates the demo people inside the official polygons');
    }
    await backfillSimplifiedBoundaries(knex, log);
    return false;
  }
  if (config.regionCode !== '33.74') {
    log(
      `no boundaries for region ${config.regionCode}: import them with npm run cli -- import boundaries FILE`,
    );
    return false;
  }
  log('empty database: loading the official Kota Semarang boundaries from geodata/');
  const { kelurahan } = await loadSemarangBoundaries(knex);
  log(`boundaries loaded: ${kelurahan} kelurahan, 16 kecamatan (Kemendagri 300.2.2-2430/2025)`);
  return true;
}

/** Seeds the synthetic registry when the region has no households yet (DEMO_HOUSEHOLDS=0 turns it off). */
export async function seedDemoRegistryIfEmpty(
  knex: Knex,
  config: Config,
  log: (m: string) => void,
): Promise<void> {
  if (config.demoHouseholds === 0 || config.regionCode !== '33.74') return;
  const empty = await knex.transaction(
    async (trx) => (await sessionRepositories.registryLoad(trx).householdCount(config.regionCode)) === 0,
  );
  if (!empty) return;
  log(
    `generating the synthetic demo registry: ${config.demoHouseholds.toLocaleString('en')} households, 3 periods (synthetic people, not real)`,
  );
  const started = Date.now();
  let lastShown = 0;
  const result = await seedRegistry(knex, {
    regionCode: config.regionCode,
    households: config.demoHouseholds,
    seed: config.demoSeed,
    onProgress: (done, total, phase) => {
      const pct = Math.floor((100 * done) / total);
      if (phase === 'load' && pct >= lastShown + 25) {
        lastShown = pct;
        log(`  ${pct}%`);
      }
    },
  });
  log(
    `demo registry loaded: ${result.households.toLocaleString('en')} households, ${result.members.toLocaleString('en')} ` +
      `members in ${result.periods.at(-1)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
}

/** Creates the demo accounts on a demo city without users and prints their passwords once. */
export async function createDemoAccountsIfNone(
  knex: Knex,
  config: Config,
  log: (m: string) => void,
): Promise<void> {
  if (config.regionCode !== '33.74') return;
  // Start-up runs before the app exists: the same container as the app's builds the service.
  const created = await createDemoUsersIfNone(createServices({ knex, config }).users, config.regionCode);
  if (created.length === 0) return;
  log('demo accounts (DEMO ONLY — shown once; reset with npm run cli -- users reset-password NAME):');
  for (const a of created) log(`  ${a.username.padEnd(22)} ${a.role.padEnd(9)} ${a.password}`);
}
