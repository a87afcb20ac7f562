// `npm run cli -- backup FILE` and `restore FILE`: a backup restored into an empty database holds the same
// registry (hash over every table, audit log and boundary sets included) and the same audit rows; a restore
// into a database that is not empty is refused unless --replace; the app role works on the restored database.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import { createProductDatabase, dropDatabase, withDatabase } from '../../server/db/provision.ts';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { AuditRepository } from '../../server/repositories/audit-repository.ts';
import { runCli } from '../support/cli.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';

/** One hash per table over all its rows (as text, in a fixed order): equal hashes, equal contents. */
async function registryHash(knex: Knex): Promise<Record<string, string>> {
  const { rows: tables } = await knex.raw<{ rows: Array<{ name: string }> }>(
    `select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
        and c.relname not in ('knex_migrations_lock') order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await knex.raw<{ rows: Array<{ h: string | null; n: number }> }>(
      `select md5(string_agg(t::text, E'\\n' order by t::text)) as h, count(*)::int as n from ?? t`,
      [name],
    );
    out[name] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  return out;
}

const auditRows = async (knex: Knex) => Number((await knex('audit_log').count({ n: '*' }))[0]!.n);

describe('backup and restore', () => {
  let source: ScratchDatabase;
  const target = `sidaksos_restore_${process.pid}_${Date.now().toString(36)}`;
  let targetUrls: { ownerUrl: string; appUrl: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidaksos-backup-'));
  const file = path.join(dir, 'registry.dump');
  const env = (urls: { ownerUrl: string; appUrl: string }) => ({
    ...process.env,
    DATABASE_URL: urls.appUrl,
    DATABASE_OWNER_URL: urls.ownerUrl,
    LOG_LEVEL: 'silent',
  });

  beforeAll(async () => {
    source = await scratchDatabase('backup_source');
    await seedRegistry(source.knex, {
      regionCode: '33.74',
      households: 400,
      seed: 11,
      periods: ['2025-07', '2025-12'],
    });
    const audit = new AuditRepository(source.knex);
    for (let i = 0; i < 3; i++)
      await audit.append({ regionCode: '33.74', action: 'read', entity: 'household', entityIds: [`h${i}`] });
    targetUrls = await createProductDatabase(
      {
        url: withDatabase(inject('ownerUrl'), 'postgres'),
        appUrl: inject('databaseUrl'),
        maintenanceUrl: inject('maintenanceUrl'),
      },
      target,
    );
  });
  afterAll(async () => {
    await source.drop();
    await dropDatabase(inject('maintenanceUrl'), target);
    rmSync(dir, { recursive: true, force: true });
  });

  it('round trip: the same registry hash and audit rows in an empty database', async () => {
    const backup = await runCli(['backup', file], env({ ownerUrl: source.ownerUrl, appUrl: source.url }));
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/backup written to .*: \d+ tables, [\d,]+ household rows, \d+ audit rows/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A backup is never overwritten.
    const again = await runCli(['backup', file], env({ ownerUrl: source.ownerUrl, appUrl: source.url }));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/exists already/);

    const restore = await runCli(['restore', file], env(targetUrls));
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/restored .*registry\.dump/);

    const restoredOwner = createKnex({ url: targetUrls.ownerUrl, poolMax: 1 });
    const restoredApp = createKnex({ url: targetUrls.appUrl, poolMax: 1 });
    try {
      const expected = await registryHash(source.knex);
      expect(Object.keys(expected)).toEqual(
        expect.arrayContaining(['households', 'audit_log', 'boundary_sets']),
      );
      expect(Number(expected.households!.split(':')[0])).toBeGreaterThan(0);
      expect(await registryHash(restoredOwner)).toEqual(expected);
      expect(await auditRows(restoredOwner)).toBe(await auditRows(source.knex));
      expect(await auditRows(restoredOwner)).toBeGreaterThanOrEqual(3);
      // The app role serves the restored database, with the same refusals as before.
      expect(Number((await restoredApp('households').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
      await restoredApp('audit_log').insert({ region_code: '33.74', action: 'read', entity: 'household' });
      await expect(restoredApp('audit_log').delete()).rejects.toThrow(/permission denied/);
      // The audit log's guard came back with the schema.
      await expect(restoredOwner('audit_log').delete()).rejects.toThrow(/append-only/);
    } finally {
      await restoredOwner.destroy();
      await restoredApp.destroy();
    }
  });

  it('refuses a database that is not empty, and replaces it when told', async () => {
    const refused = await runCli(['restore', file], env(targetUrls));
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/not empty .*refuses to overwrite/);
    expect(refused.out).not.toMatch(/\n\s+at /);

    const replaced = await runCli(['restore', file, '--replace'], env(targetUrls));
    expect(replaced.code, replaced.out).toBe(0);
    const restored = createKnex({ url: targetUrls.ownerUrl, poolMax: 1 });
    try {
      expect(await registryHash(restored)).toEqual(await registryHash(source.knex));
    } finally {
      await restored.destroy();
    }
  });
});
