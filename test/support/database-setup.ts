// Global setup: a fresh database for this run on the private cluster (or DATABASE_URL's server), migrated
// once, with the official Semarang boundaries loaded; dropped when the run ends.
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/config.ts';
import { createKnex, migrateLatest } from '../../server/db/knex.ts';
import {
  copyDatabase,
  createProductDatabase,
  dropDatabase,
  provisionDatabase,
} from '../../server/db/provision.ts';
import { loadSemarangBoundaries } from '../../server/demo/load-semarang-boundaries.ts';
import './provided.ts';

export default async function setup(project: TestProject) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const db = await provisionDatabase(config, (m) => console.log(`[test db] ${m}`));
  const name = `sidaksos_test_${project.name}_${process.pid}_${Date.now().toString(36)}`;
  // Owned by the owner role, which migrates; the app under test connects as the app's role.
  const { ownerUrl, appUrl } = await createProductDatabase(db, name);
  const knex = createKnex({ url: ownerUrl });
  try {
    // Throw-away data: durability buys nothing here and costs time.
    await knex.raw(`alter database ${name} set synchronous_commit = off`);
    await migrateLatest(knex);
    await loadSemarangBoundaries(knex);
  } finally {
    await knex.destroy();
  }
  // A copy nobody connects to, for scratch databases: CREATE DATABASE … TEMPLATE copies files in a fraction of
  // a second, where migrating and loading the boundaries again cost seconds per test file.
  const template = `${name}_tpl`;
  const ownerRole = decodeURIComponent(new URL(ownerUrl).username);
  await copyDatabase(db.maintenanceUrl, name, template, ownerRole);
  project.provide('templateDatabase', template);
  project.provide('databaseUrl', appUrl);
  project.provide('ownerUrl', ownerUrl);
  project.provide('maintenanceUrl', db.maintenanceUrl);
  return async () => {
    await dropDatabase(db.maintenanceUrl, template);
    await dropDatabase(db.maintenanceUrl, name);
  };
}
