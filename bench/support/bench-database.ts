// A database of the benchmark's own on the local cluster (or DATABASE_URL's server): created fresh,
// migrated, with the official Semarang boundaries, and dropped afterwards. Benchmarks never touch the app's database.
import type { Knex } from 'knex';
import pg from 'pg';
import { createKnex, migrateLatest } from '../../server/db/knex.ts';
import { createProductDatabase, dropDatabase, provisionDatabase } from '../../server/db/provision.ts';
import { loadSemarangBoundaries } from '../../server/demo/load-semarang-boundaries.ts';
import { loadConfig } from '../../server/config.ts';

export interface BenchDatabase {
  knex: Knex;
  url: string;
  /** Writes out the cluster's dirty pages now (as the superuser): see seededApp in bench/main.ts. */
  checkpoint(): Promise<void>;
  drop(): Promise<void>;
}

export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const config = loadConfig(process.env);
  const provisioned = await provisionDatabase(config, (msg) => console.error(`[bench] ${msg}`));
  const name = `sidaksos_bench_${label}_${Date.now().toString(36)}`;
  // Owned by the owner role (which migrates and loads, as the benchmarks' bulk loads need).
  const { ownerUrl: url } = await createProductDatabase(provisioned, name);
  const knex = createKnex({ url, poolMax: 6 });
  await migrateLatest(knex);
  await loadSemarangBoundaries(knex);
  return {
    knex,
    url,
    checkpoint: async () => {
      const admin = new pg.Client({ connectionString: provisioned.maintenanceUrl });
      await admin.connect();
      try {
        await admin.query('checkpoint');
      } catch (err) {
        // On a server of someone else's (DATABASE_URL) the role may not checkpoint: measured without it.
        if ((err as { code?: string }).code !== '42501') throw err;
        console.error('[bench] no checkpoint (the role lacks pg_checkpoint); figures may swing more');
      } finally {
        await admin.end();
      }
    },
    drop: async () => {
      await knex.destroy();
      await dropDatabase(provisioned.maintenanceUrl, name);
    },
  };
}
