// Work a user shapes is bounded before it starts: oversized rules are refused without any SQL, analyses run
// with SET LOCAL statement_timeout and work_mem, one heavy analysis per user at a time, and a failed
// statement is reported by the hash of its SQL, never its text.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { createKnex } from '../../server/db/knex.ts';
import { RULE_LIMITS } from '../../server/domain/rule-limits.ts';
import { bounded } from '../../server/lib/heavy-work.ts';
import { statementHash } from '../../server/lib/statement-errors.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const desil = (n: number) => ({ field: 'desil', op: 'lte', value: (n % 10) + 1 });

/** `depth` levels of `not` around one condition. */
function deepRule(depth: number): unknown {
  let rule: unknown = desil(1);
  for (let i = 0; i < depth; i++) rule = { not: rule };
  return rule;
}

/** `count` conditions in all-lists of 20 (each list within the per-list limit), under one any. */
function wideRule(count: number): unknown {
  const lists = Array.from({ length: Math.ceil(count / 20) }, (_, l) => ({
    all: Array.from({ length: Math.min(20, count - l * 20) }, (_, i) => desil(l * 20 + i)),
  }));
  return { any: lists.slice(0, 20) };
}

/** 20 member conditions in one all-list. */
const ageList = (from: number) => ({
  all: Array.from({ length: 20 }, (_, i) => ({ field: 'age', op: 'gte', value: from + i })),
});

describe('bounded work', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let planner: TestSession;
  let admin: TestSession;
  const statements: string[] = [];

  beforeAll(async () => {
    db = await scratchDatabase('bounded');
    await db.knex('periods').insert({ region_code: '33.74', period_code: PERIOD });
    await db.knex('households').insert(
      Array.from({ length: 20 }, (_, i) => ({
        region_code: '33.74',
        period_code: PERIOD,
        id: randomUUID(),
        kk: `337401010125${String(i + 1).padStart(4, '0')}`,
        kelurahan_code: '33.74.01.1001',
        record_source: 'DEMO',
        desil: (i % 10) + 1,
      })),
    );
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    planner = await login(app, 't.planner');
    admin = await login(app, 't.admin');
    db.knex.on('query', (q: { sql: string }) => statements.push(q.sql));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const post = (url: string, payload: unknown, s: TestSession = planner) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
  const whatIf = (rule: unknown, s: TestSession = planner) =>
    post('/api/v1/analysis/what-if', { program: 'pkh', period: PERIOD, rule }, s);
  /** Statements that read the registry (a compiled rule always does). */
  const registryReads = () => statements.filter((sql) => /household_features|member_features/.test(sql));

  it.each<[string, unknown, string, RegExp]>([
    ['500 nested conditions', deepRule(500), 'depth', /nest at most 8 levels/],
    ['400 conditions in lists of 20', wideRule(400), 'conditions', /at most 100 conditions/],
    [
      '40 conditions inside some_member',
      { some_member: { any: [ageList(0), ageList(20)] } },
      'memberConditions',
      /at most 30 conditions inside some_member/,
    ],
  ])('refuses %s with 400 naming the limit, before any SQL is built', async (_name, rule, limit, message) => {
    statements.length = 0;
    const res = await whatIf(rule);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json<{ detail: string; limit: string; max: number }>();
    expect(body.detail).toMatch(message);
    expect(body).toMatchObject({ limit, max: RULE_LIMITS[limit as keyof typeof RULE_LIMITS] });
    expect(registryReads()).toEqual([]);
  });

  it('documents the limits in the OpenAPI description of the rule and analysis routes', () => {
    const paths = (app.swagger() as { paths: Record<string, Record<string, { description?: string }>> })
      .paths;
    for (const [path, method] of [
      ['/api/v1/analysis/what-if', 'post'],
      ['/api/v1/programs/{code}/rule', 'put'],
    ] as const)
      expect(paths[path]?.[method]?.description, path).toContain(
        `at most ${RULE_LIMITS.conditions} conditions`,
      );
    expect(paths['/api/v1/analysis/sites']?.post?.description).toMatch(/k 1–50, radius 100–5000 m/);
  });

  it('refuses an oversized stored rule the same way and keeps the stored one', async () => {
    const before = await db
      .knex('programs')
      .where({ program_code: 'pkh' })
      .first<{ version: number }>('version');
    statements.length = 0;
    const answer = await app.inject({
      method: 'PUT',
      url: '/api/v1/programs/pkh/rule',
      payload: { rule: deepRule(500), version: before.version },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ limit: string }>().limit).toBe('depth');
    expect(statements.filter((sql) => /update\s+"?programs/i.test(sql))).toEqual([]);
    expect(
      await db.knex('programs').where({ program_code: 'pkh' }).first<{ version: number }>('version'),
    ).toEqual(before);
  });

  it('still answers a valid rule at the limits', async () => {
    const res = await whatIf({ any: [wideRule(80), deepRule(6)] });
    expect(res.statusCode, res.body).toBe(200);
    // desil ≤ 1 (every list) or desil ≤ 2 (an even number of nots): 4 of the 20 households.
    expect(res.json<{ total: { proposed: number } }>().total.proposed).toBe(4);
  });

  /** Holds an exclusive lock on households until `release`, so an analysis waits inside its statement. */
  async function holdHouseholds(): Promise<{ release: () => Promise<void> }> {
    const trx = await db.knex.transaction();
    await trx.raw('lock table households in access exclusive mode');
    return {
      release: async () => {
        await trx.rollback();
      },
    };
  }
  async function untilWaiting(knex: Knex): Promise<void> {
    for (;;) {
      const { rows } = await knex.raw<{ rows: unknown[] }>(
        `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('runs one heavy analysis per user: a second in parallel gets 429 with Retry-After', async () => {
    const lock = await holdHouseholds();
    const first = whatIf(desil(3));
    try {
      await untilWaiting(db.knex);
      const second = await whatIf(desil(4));
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBe('10');
      expect(second.json<{ type: string }>().type).toBe('/api/v1/problems/analysis-busy');
      // Another user is not held up by the planner's analysis (it waits for the lock, then answers).
      const other = whatIf(desil(4), admin);
      await lock.release();
      expect((await other).statusCode).toBe(200);
    } finally {
      await lock.release().catch(() => undefined);
    }
    const answer = await first;
    expect(answer.statusCode, answer.body).toBe(200);
    // The slot is free again once the first has finished.
    expect((await whatIf(desil(4))).statusCode).toBe(200);
  });

  it('stops an analysis at the short statement timeout and answers 503 naming it', async () => {
    const quick = await testApp(db.knex, testConfig({ ANALYSIS_STATEMENT_TIMEOUT_MS: '300' }));
    const lock = await holdHouseholds();
    try {
      const session = await login(quick, 't.opd');
      const res = await quick.inject({
        method: 'POST',
        url: '/api/v1/analysis/what-if',
        payload: { program: 'pkh', period: PERIOD, rule: desil(3) },
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      });
      expect(res.statusCode, res.body).toBe(503);
      const body = res.json<{ type: string; detail: string }>();
      expect(body.type).toBe('/api/v1/problems/analysis-timeout');
      expect(body.detail).toMatch(/stopped after 0.3 s/);
    } finally {
      await lock.release();
      await quick.close();
    }
  });

  it('sets statement_timeout and work_mem for the transaction only', async () => {
    const inside = await bounded(db.knex, { statementTimeoutMs: 1234, workMem: '2MB' }, async (trx) => {
      const { rows } = await trx.raw<{ rows: Array<{ t: string; w: string; ro: string }> }>(
        `select current_setting('statement_timeout') t, current_setting('work_mem') w,
                current_setting('transaction_read_only') ro`,
      );
      return rows[0]!;
    });
    expect(inside).toEqual({ t: '1234ms', w: '2MB', ro: 'on' });
    const { rows } = await db.knex.raw<{ rows: Array<{ w: string }> }>(
      `select current_setting('work_mem') w`,
    );
    expect(rows[0]!.w).not.toBe('2MB');
  });

  it('reports a failed statement by the hash of its SQL and its SQLSTATE, never its text or values', async () => {
    const sql = 'select 1 / (? - 7) as a_very_recognisable_column_name';
    const err = await db.knex.raw(sql, [7]).then(
      () => undefined,
      (e: Error & { code?: string; sqlHash?: string }) => e,
    );
    expect(err).toBeDefined();
    expect(err!.code).toBe('22012');
    expect(err!.message).toBe(`division by zero [statement ${err!.sqlHash}, SQLSTATE 22012]`);
    expect(err!.sqlHash).toBe(statementHash('select 1 / ($1 - 7) as a_very_recognisable_column_name'));
    expect(err!.message).not.toContain('recognisable');
  });

  it('logs a request’s failed statement as hash and SQLSTATE, without its SQL or values', async () => {
    const lines: string[] = [];
    const logged = await buildApp({
      config: testConfig(),
      knex: db.knex,
      logger: { level: 'error', stream: { write: (line: string) => lines.push(line) } },
    });
    const owner = createKnex({ url: db.ownerUrl, poolMax: 1 });
    try {
      // A table gone missing makes the login's first statement fail, whatever it is.
      await owner.raw('alter table login_throttles rename to login_throttles_away');
      const res = await logged.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.admin', password: 'a-recognisable-password' },
      });
      expect(res.statusCode).toBe(500);
      const entry = lines
        .map((l) => JSON.parse(l) as { msg: string; statement?: Record<string, unknown> })
        .find((e) => e.msg === 'unhandled error');
      expect(entry?.statement).toMatchObject({ sqlstate: '42P01' });
      expect(entry?.statement?.sqlHash).toMatch(/^[0-9a-f]{16}$/);
      const all = lines.join('\n');
      expect(all).not.toMatch(/delete from|insert into|select /i);
      expect(all).not.toContain('a-recognisable-password');
    } finally {
      await owner.raw('alter table login_throttles_away rename to login_throttles');
      await owner.destroy();
      await logged.close();
    }
  });
});
