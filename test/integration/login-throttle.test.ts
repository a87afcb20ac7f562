// Login slow-down: failures are reserved before the password is checked, so parallel attempts are counted
// exactly; a slowed-down account, a wrong password, an unknown and a disabled user get the same answer;
// slow-down holds per username and per client address, and ends with its window.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../server/services/actor.ts';
import { createTestUsers, TEST_PASSWORD } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

describe('login slow-down', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await scratchDatabase('login');
    await createTestUsers(db.knex);
    await db.knex('users').where({ username: 't.operator' }).update({ disabled: true });
    // The per-minute request limit is set out of the way: these tests are about the failure slow-down.
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' }));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const attempt = (username: string, password: string, remoteAddress = '127.0.0.1', on = app) =>
    on.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress,
    });
  const reasons = async (username: string) =>
    (
      await db
        .knex('audit_log')
        .where({ action: 'login_failed', username })
        .select<Array<{ reason: string }>>('reason')
    ).map((r) => r.reason);
  /** Moves the windows of these counters into the past, as if the window had passed. */
  const endWindows = (...keys: string[]) =>
    db
      .knex('login_throttles')
      .whereIn('key', keys)
      .update({ window_ends: db.knex.raw(`now() - interval '1 second'`) });
  /** What a client can observe of an answer, apart from the date and the per-minute request counter. */
  const observable = (r: LightMyRequestResponse) => ({
    status: r.statusCode,
    body: r.body,
    headers: Object.fromEntries(
      Object.entries(r.headers).filter(([k]) => k !== 'date' && !k.startsWith('x-ratelimit-')),
    ),
  });

  it('evaluates exactly the configured number of 20 parallel wrong passwords and refuses the rest', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt('t.opd', `wrong-password-${i}`)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(401));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const logged = await reasons('t.opd');
    expect(logged.filter((r) => r === 'wrong password')).toHaveLength(5);
    expect(logged.filter((r) => r.startsWith('slowed down'))).toHaveLength(15);

    // The right password within the window is refused with the same answer, without being checked.
    const right = await attempt('t.opd', TEST_PASSWORD);
    expect(observable(right)).toEqual(observable(answers[0]!));
    expect((await reasons('t.opd')).filter((r) => r.startsWith('slowed down'))).toHaveLength(16);

    // Administrators see the slow-down in the user list while it lasts.
    const listed = (await app.services.users.list()).find((u) => u.username === 't.opd');
    expect(listed?.lockedUntil).toEqual(expect.any(String));

    // After the window the right password works, and the username starts afresh.
    await endWindows('user:t.opd');
    const later = await attempt('t.opd', TEST_PASSWORD);
    expect(later.statusCode, later.body).toBe(200);
    expect(await db.knex('login_throttles').where({ key: 'user:t.opd' }).first()).toBeUndefined();
    await endWindows('ip:127.0.0.1');
  });

  it('answers a slowed-down account, a wrong password, an unknown and a disabled user identically', async () => {
    for (let i = 0; i < 6; i++) await attempt('t.planner', `nope-${i}`);
    const slowedDown = await attempt('t.planner', TEST_PASSWORD);
    const wrong = await attempt('t.admin', 'not-the-password');
    const unknown = await attempt('nobody.here', 'not-the-password');
    const disabled = await attempt('t.operator', TEST_PASSWORD);
    expect(slowedDown.statusCode).toBe(401);
    expect(slowedDown.json()).toEqual({
      type: '/api/v1/problems/invalid-credentials',
      title: 'Login failed',
      status: 401,
      detail: 'Invalid username or password.',
    });
    for (const other of [wrong, unknown, disabled]) expect(observable(other)).toEqual(observable(slowedDown));
    // Unknown usernames are slowed down like known ones, so the slow-down itself tells nothing either.
    for (let i = 0; i < 6; i++) await attempt('nobody.here', `nope-${i}`);
    expect(observable(await attempt('nobody.here', 'x'))).toEqual(observable(slowedDown));
    await endWindows('user:t.planner', 'user:nobody.here', 'ip:127.0.0.1');
  });

  it('slows down one address trying many usernames, without shutting the account out elsewhere', async () => {
    const strict = await testApp(
      db.knex,
      testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_FAILURES_PER_IP: '3' }),
    );
    try {
      for (const name of ['ghost1', 'ghost2', 'ghost3'])
        expect((await attempt(name, 'x', '10.9.8.7', strict)).statusCode).toBe(401);
      // The address has used its failures: even a right password from it is refused for now …
      expect((await attempt('t.admin', TEST_PASSWORD, '10.9.8.7', strict)).statusCode).toBe(401);
      expect((await reasons('t.admin')).at(-1)).toMatch(/^slowed down/);
      // … while the same account logs in from another address.
      expect((await attempt('t.admin', TEST_PASSWORD, '10.1.1.1', strict)).statusCode).toBe(200);
      await endWindows('ip:10.9.8.7');
      expect((await attempt('t.admin', TEST_PASSWORD, '10.9.8.7', strict)).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('ends a username’s slow-down when an administrator sets a new password', async () => {
    for (let i = 0; i < 5; i++) await attempt('t.admin', `nope-${i}`, '10.2.2.2');
    expect(await attempt('t.admin', TEST_PASSWORD, '10.2.2.3')).toMatchObject({ statusCode: 401 });
    await app.services.users.resetPassword('t.admin', 'Baru-Sekali-Rahasia-2026', cliActor('33.74'));
    expect((await attempt('t.admin', 'Baru-Sekali-Rahasia-2026', '10.2.2.3')).statusCode).toBe(200);
  });
});
