// Users of every role with known passwords, and logged-in sessions for app.inject.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Role } from '../../server/auth/roles.ts';
import { createServices } from '../../server/services/container.ts';
import { testConfig } from './test-app.ts';

export const TEST_PASSWORD = 'Uji-Coba-Rahasia-2025';

export interface TestSession {
  cookie: string;
  csrf: string;
}

export const TEST_USERS: ReadonlyArray<{
  username: string;
  role: Role;
  kelurahan?: string[];
  programs?: string[];
}> = [
  { username: 't.admin', role: 'admin' },
  { username: 't.planner', role: 'planner' },
  { username: 't.opd', role: 'opd', programs: ['pkh'] },
  { username: 't.operator', role: 'operator', kelurahan: ['33.74.02.1008'] },
  { username: 't.verifier', role: 'verifier', kelurahan: ['33.74.02.1008'] },
];

export async function createTestUsers(knex: Knex): Promise<void> {
  const service = userAdmin(knex);
  for (const u of TEST_USERS)
    await service.create({ ...u, displayName: u.username, password: TEST_PASSWORD });
}

export async function login(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<TestSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sidaksos_session')!;
  return { cookie: `sidaksos_session=${cookie.value}`, csrf: res.json<{ csrfToken: string }>().csrfToken };
}

/** The app's user administration over `knex`, built by the same container as the app's. */
export function userAdmin(knex: Knex) {
  return createServices({ knex, config: testConfig() }).users;
}
