// The private cluster's own log keeps no text of failed statements (their values may be NIKs): a failing
// statement with a NIK-like value leaves it nowhere in the server's log.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { locateCluster } from '../../server/db/private-cluster.ts';
import '../support/provided.ts';

describe('the database server log', () => {
  it('does not copy failed statements (log_min_error_statement = panic)', async () => {
    const c = new pg.Client(inject('maintenanceUrl'));
    await c.connect();
    try {
      const { rows } = await c.query<{ v: string }>("select current_setting('log_min_error_statement') v");
      expect(rows[0]!.v).toBe('panic');
      const marker = `3374${Date.now().toString().slice(-12)}`;
      await expect(c.query(`select 1 / 0 where '${marker}' <> ''`)).rejects.toThrow(/division by zero/);
      const loc = await locateCluster(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }).dataDir);
      const log = readFileSync(path.join(loc.pgData, 'server.log'), 'utf8');
      expect(log).toContain('division by zero');
      expect(log).not.toContain(marker);
    } finally {
      await c.end();
    }
  });
});
