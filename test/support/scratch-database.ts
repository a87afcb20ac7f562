// A database of a test's own (migrated, demo geography loaded), for tests that replace registry-wide state.
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { createKnex, migrateLatest } from '../../server/db/knex.ts';
import {
  copyDatabase,
  createProductDatabase,
  dropDatabase,
  withDatabase,
} from '../../server/db/provision.ts';
import './provided.ts';

export interface ScratchDatabase {
  /** As the app's role, like the app under test. */
  knex: Knex;
  url: string;
  /** As the owner role (migrations, restores). */
  ownerUrl: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(
  label: string,
  opts: { migrate?: boolean; geography?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `sidaksos_${label}_${process.pid}_${Date.now().toString(36)}`;
  const full = (opts.migrate ?? true) && (opts.geography ?? true);
  let ownerUrl: string;
  let url: string;
  if (full) {
    // The usual case: a copy of the run's migrated template (boundaries loaded), in a fraction of a second.
    ownerUrl = withDatabase(inject('ownerUrl'), name);
    url = withDatabase(inject('databaseUrl'), name);
    const ownerRole = decodeURIComponent(new URL(ownerUrl).username);
    await copyDatabase(inject('maintenanceUrl'), inject('templateDatabase'), name, ownerRole);
  } else {
    ({ ownerUrl, appUrl: url } = await createProductDatabase(
      {
        url: withDatabase(inject('ownerUrl'), 'postgres'),
        appUrl: inject('databaseUrl'),
        maintenanceUrl: inject('maintenanceUrl'),
      },
      name,
    ));
  }
  // Migrated and filled as the owner; the test gets the app's role, like the app under test.
  const owner = createKnex({ url: ownerUrl, poolMax: 2 });
  try {
    await owner.raw(`alter database ${name} set synchronous_commit = off`);
    if (!full && (opts.migrate ?? true)) await migrateLatest(owner);
  } finally {
    await owner.destroy();
  }
  const knex = createKnex({ url, poolMax: 4 });
  return {
    knex,
    url,
    ownerUrl,
    drop: async () => {
      await knex.destroy();
      await dropDatabase(inject('maintenanceUrl'), name);
    },
  };
}
