// What `npm start` loads into an empty database: the demo geography (and, once built, the demo registry).
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { RegionsRepository } from '../repositories/regions-repository.ts';
import { loadDemoGeography } from './load-demo-geography.ts';

export async function loadDemoIfEmpty(
  knex: Knex,
  config: Config,
  log: (m: string) => void,
): Promise<boolean> {
  if (await new RegionsRepository(knex).hasActiveBoundaries(config.regionCode)) return false;
  if (config.regionCode !== '33.74') {
    log(
      `no boundaries for region ${config.regionCode}: import them with npm run cli -- import boundaries FILE`,
    );
    return false;
  }
  log('empty database: loading the synthetic demo city (demo geography — not official boundaries)');
  const { kelurahan } = await loadDemoGeography(knex, config.demoSeed);
  log(`demo geography loaded: ${kelurahan} kelurahan`);
  return true;
}
