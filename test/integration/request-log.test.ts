// The server's own log (lib/request-log.ts): one line per request, only where someone needs to read it at the
// default level (refusals, failures, slow answers), every request at debug, and never a token from a URL.
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { requestLogLevel, SLOW_REQUEST_MS } from '../../server/lib/request-log.ts';
import { testConfig, testKnex } from '../support/test-app.ts';

interface Line {
  level: number;
  msg: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

async function appWithLog(knex: Knex, level: string): Promise<{ app: FastifyInstance; lines: Line[] }> {
  const lines: Line[] = [];
  const logStream = { write: (s: string) => void lines.push(JSON.parse(s) as Line) };
  const app = await buildApp({ config: testConfig({ LOG_LEVEL: level }), knex, logStream });
  return { app, lines };
}

const SECRET = `sdk_${'A'.repeat(43)}`;

describe('the request log', () => {
  let knex: Knex;
  beforeAll(() => {
    knex = testKnex();
  });
  afterAll(() => knex.destroy());

  it('writes nothing for an answered request at info, one line for a refusal, without the token', async () => {
    const { app, lines } = await appWithLog(knex, 'info');
    try {
      expect((await app.inject('/api/v1/indicators')).statusCode).toBe(200);
      expect(lines.filter((l) => l.req)).toEqual([]);

      const refused = await app.inject(`/api/v1/indicators?token=${SECRET}&level=kelurahan`);
      expect(refused.statusCode).toBe(400);
      const missing = await app.inject('/api/v1/no-such-thing');
      expect(missing.statusCode).toBe(404);
      // A token under no parameter name at all is still a token in a URL: refused, and blanked.
      const unnamed = await app.inject(`/api/v1/indicators?=${SECRET}`);
      expect(unnamed.statusCode).toBe(400);
      expect(unnamed.json<{ type: string }>().type).toContain('token-in-url');

      const requestLines = lines.filter((l) => l.req);
      expect(requestLines.map((l) => [l.level, l.msg, l.res?.statusCode])).toEqual([
        [30, 'request refused', 400],
        [30, 'request refused', 404],
        [30, 'request refused', 400],
      ]);
      expect(requestLines[2]!.req!.url).toBe('/api/v1/indicators?=%E2%80%A6');
      expect(requestLines[0]!.req!.url).toBe('/api/v1/indicators?token=%E2%80%A6&level=kelurahan');
      expect(requestLines[1]!.req).toMatchObject({ method: 'GET', url: '/api/v1/no-such-thing' });
      expect(typeof requestLines[0]!.responseTime).toBe('number');
      // Not in any line at all (the refusal's own message included).
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    } finally {
      await app.close();
    }
  });

  it('writes every request at debug', async () => {
    const { app, lines } = await appWithLog(knex, 'debug');
    try {
      expect((await app.inject('/api/v1/indicators')).statusCode).toBe(200);
      const done = lines.filter((l) => l.req?.url === '/api/v1/indicators');
      expect(done.map((l) => [l.level, l.msg, l.res?.statusCode])).toEqual([[20, 'request completed', 200]]);
    } finally {
      await app.close();
    }
  });

  it('chooses the level from the answer', () => {
    expect(requestLogLevel(200, 3, false)).toBe('debug');
    expect(requestLogLevel(304, 1, false)).toBe('debug');
    expect(requestLogLevel(429, 1, false)).toBe('info');
    expect(requestLogLevel(200, SLOW_REQUEST_MS, false)).toBe('warn');
    expect(requestLogLevel(404, SLOW_REQUEST_MS + 1, false)).toBe('warn');
    expect(requestLogLevel(503, 1, false)).toBe('error');
    expect(requestLogLevel(200, 1, true)).toBe('error');
  });
});
