// Global setup for browser tests: Debian's Chromium (installed via apt as root when missing), a current web
// build, and the real app listening on a free loopback port against this run's test database.
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createKnex } from '../../server/db/knex.ts';
import { ensureChromium } from '../../server/db/system-packages.ts';
import { ensureWebBuilt } from '../../server/web-build.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import './provided.ts';

export default async function setup(project: TestProject) {
  const chromiumPath = await ensureChromium((m) => console.log(`[browser] ${m}`));
  await ensureWebBuilt((m) => console.log(`[browser] ${m}`));
  // Every browser test file logs in to this one server from 127.0.0.1: the per-address login and request
  // limits (which have their own tests, login-throttle and access) would otherwise refuse the later files.
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_FAILURES_PER_IP: '10000',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const knex = createKnex({ url: project.getProvidedContext().databaseUrl });
  // A small registry: enough for choropleths, and small enough that public maps have suppressed cells.
  await seedRegistry(knex, {
    regionCode: '33.74',
    households: 3000,
    seed: 17,
    periods: ['2025-07', '2025-12'],
  });
  const app = await buildApp({ config, knex, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  project.provide('baseUrl', address);
  project.provide('chromiumPath', chromiumPath);
  return async () => {
    await app.close();
    await knex.destroy();
  };
}
