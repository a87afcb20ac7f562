// A database outage answers 503 with Retry-After (not 500), on readiness and on API routes alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createKnex } from '../../server/db/knex.ts';
import { testApp, testConfig } from '../support/test-app.ts';

describe('database outage', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
    const knex = createKnex({ url: 'postgres://nobody@127.0.0.1:9/none', poolMax: 2 });
    app = await testApp(knex, testConfig());
  });
  afterAll(async () => {
    await app.close();
    await app.knex.destroy();
  });

  it.each(['/readyz', '/api/v1/indicators/poor_share', '/api/v1/periods', '/api/v1/regions/kelurahan'])(
    '%s answers 503 database-unavailable with Retry-After',
    async (url) => {
      const res = await app.inject(url);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json<{ type: string }>().type).toBe('/api/v1/problems/database-unavailable');
      expect(res.headers['retry-after']).toBe('5');
    },
  );

  it('still answers liveness', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
