// Helpers for integration tests: the real app and a knex pool on this run's test database.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createKnex } from '../../server/db/knex.ts';
import './provided.ts';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...overrides });
}

/** This run's database as the app's role (what the app under test uses). */
export function testKnex(): Knex {
  return createKnex({ url: inject('databaseUrl'), poolMax: 4 });
}

/** This run's database as the owner role, for fixtures that need more than the app may do. */
export function ownerKnex(): Knex {
  return createKnex({ url: inject('ownerUrl'), poolMax: 2 });
}

export async function testApp(knex: Knex, config: Config = testConfig()): Promise<FastifyInstance> {
  return buildApp({ config, knex, logger: false });
}
