// Placing a house by hand (#16 task 3): a point inside the household's kelurahan is stored and read back with
// the record; a point in another kelurahan or outside the region is refused in the caller's language and
// nothing of the edit is stored (the other fields of the same save neither, no audit row); an edit that does
// not touch the point is not judged by it.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { kelurahanPoint } from '../support/import-files.ts';
import { createTestUsers, login, type TestSession } from '../support/auth-fixtures.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const KEL = '33.74.02.1008';

interface Rec {
  version: number;
  desil: number | null;
  kelurahanCode: string;
  locationCheck: string;
  location: { lon: number; lat: number } | null;
}

describe('household location edits', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let operator: TestSession;
  let id: string;
  let elsewhere: { lon: number; lat: number };

  beforeAll(async () => {
    db = await scratchDatabase('household_location');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 600, seed: 17, periods: ['2025-12'] });
    await createTestUsers(db.knex);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    operator = await login(app, 't.operator');
    id = (
      await db
        .knex('households')
        .where({ period_code: '2025-12', status: 'active', kelurahan_code: KEL })
        .first<{ id: string }>('id')
    ).id;
    const other = await db
      .knex('areas')
      .where({ level: 'kelurahan' })
      .whereNot('code', KEL)
      .orderBy('code')
      .first<{ code: string }>('code');
    elsewhere = await kelurahanPoint(db.knex, other.code);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const read = async () =>
    (
      await app.inject({
        method: 'GET',
        url: `/api/v1/households/${id}`,
        headers: { cookie: operator.cookie },
      })
    ).json<Rec>();
  const patch = (body: object, lang = 'id') =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/households/${id}`,
      payload: body as never,
      headers: {
        cookie: operator.cookie,
        'x-csrf-token': operator.csrf,
        'accept-language': lang,
      },
    });
  const audits = async () =>
    Number(
      (
        await db
          .knex('audit_log')
          .where({ action: 'update', entity: 'household' })
          .whereRaw('? = any(entity_ids)', [id])
          .count<Array<{ count: string }>>('* as count')
      )[0]!.count,
    );

  it('stores a point inside the kelurahan and reads it back with the record', async () => {
    const inside = await kelurahanPoint(db.knex, KEL);
    const before = await read();
    const res = await patch({ version: before.version, changes: { location: inside } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ locationCheck: string }>().locationCheck).toBe('inside');
    const after = await read();
    expect(after.version).toBe(before.version + 1);
    expect(after.locationCheck).toBe('inside');
    expect(after.location!.lon).toBeCloseTo(inside.lon, 9);
    expect(after.location!.lat).toBeCloseTo(inside.lat, 9);
  });

  it('refuses a point in another kelurahan, in the caller language, and stores nothing of the save', async () => {
    const before = await read();
    const auditsBefore = await audits();
    const res = await patch({
      version: before.version,
      changes: { location: elsewhere, desil: before.desil === 1 ? 2 : 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toMatch(/kelurahan lain/);
    const en = await patch({ version: before.version, changes: { location: elsewhere } }, 'en');
    expect(en.statusCode).toBe(400);
    expect(en.json<{ detail: string }>().detail).toMatch(/another kelurahan/);
    const after = await read();
    expect(after).toEqual(before); // the point, the desil and the version as they were
    expect(await audits()).toBe(auditsBefore);
  });

  it('refuses a point outside the region and stores nothing', async () => {
    const before = await read();
    const res = await patch({ version: before.version, changes: { location: { lon: 110.0, lat: -7.5 } } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toMatch(/di luar semua kelurahan/);
    expect(await read()).toEqual(before);
  });

  it('does not judge the point again when a save leaves it alone', async () => {
    // A household an import placed in another kelurahan (kept there as a warning) can still be edited.
    await db
      .knex('households')
      .where({ period_code: '2025-12', id })
      .update({
        geom: db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [elsewhere.lon, elsewhere.lat]),
        location_check: 'other_kelurahan',
      });
    const before = await read();
    const res = await patch({ version: before.version, changes: { desil: before.desil === 3 ? 4 : 3 } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await read()).locationCheck).toBe('other_kelurahan');
  });
});
