// A database of a test's own (migrated, demo geography loaded), for tests that replace registry-wide state.
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { createKnex, migrateLatest } from '../../server/db/knex.ts';
import {
  createDatabaseIfMissing,
  dropDatabase,
  ensurePostgis,
  withDatabase,
} from '../../server/db/provision.ts';
import { loadSemarangBoundaries } from '../../server/demo/load-semarang-boundaries.ts';
import './provided.ts';

export interface ScratchDatabase {
  knex: Knex;
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(
  label: string,
  opts: { migrate?: boolean; geography?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `sidaksos_${label}_${process.pid}_${Date.now().toString(36)}`;
  await createDatabaseIfMissing(inject('maintenanceUrl'), name);
  const url = withDatabase(inject('databaseUrl'), name);
  await ensurePostgis(url);
  const knex = createKnex({ url, poolMax: 4 });
  await knex.raw(`alter database ${name} set synchronous_commit = off`);
  if (opts.migrate ?? true) await migrateLatest(knex);
  if ((opts.migrate ?? true) && (opts.geography ?? true)) await loadSemarangBoundaries(knex);
  return {
    knex,
    url,
    drop: async () => {
      await knex.destroy();
      await dropDatabase(inject('maintenanceUrl'), name);
    },
  };
}
