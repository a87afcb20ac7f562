// Bulk loading of registry snapshots with COPY (pg-copy-streams), on one connection inside one transaction:
// a load either completes or leaves nothing. Used by the demo seed; the import work reuses the COPY writer.
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ACTIVE_BOUNDARIES_SQL, locationCase } from './location-check-sql.ts';
import { analyzeTables } from '../db/maintenance.ts';

export type CopyValue = string | number | boolean | null | undefined;

const COPY_SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format: \N for null, backslash escapes for the characters COPY treats specially. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  // Most values hold none of COPY's special characters: one test instead of four replacements each.
  if (!COPY_SPECIAL.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** Streams lines into `table (columns)` with COPY FROM STDIN. */
export async function copyInto(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  lines: string[],
): Promise<void> {
  if (lines.length === 0) return;
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  // A few large writes instead of one per line: per-chunk overhead dominated on big imports.
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += 2000) chunks.push(lines.slice(i, i + 2000).join(''));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

const REGISTRY_TABLES: readonly string[] = [
  'households',
  'members',
  'member_disabilities',
  'enrolments',
  'handling_steps',
  'household_needs',
  'household_problems',
];

export interface KelurahanShapeRow {
  code: string;
  name: string;
  kecamatan_code: string;
  area_km2: number;
  geometry: string;
}

export class RegistryLoadRepository {
  constructor(private readonly trx: Knex.Transaction) {}

  /** The raw pg client of this transaction, for COPY. */
  async client(): Promise<pg.PoolClient> {
    // knex exposes the transaction's connection; COPY must run on it to be part of the transaction.
    return await (
      this.trx as unknown as { client: { acquireConnection(): Promise<pg.PoolClient> } }
    ).client.acquireConnection();
  }

  async kelurahanShapes(regionCode: string): Promise<KelurahanShapeRow[]> {
    const { rows } = await this.trx.raw<{ rows: KelurahanShapeRow[] }>(
      `select a.code, a.name, a.parent_code as kecamatan_code, b.area_km2, ST_AsGeoJSON(b.geom, 6) as geometry
       from boundary_sets s join area_boundaries b on b.boundary_set_id = s.id
       join areas a on a.code = b.area_code and a.level = 'kelurahan'
       where s.region_code = ? and s.active order by a.code`,
      [regionCode],
    );
    return rows;
  }

  async householdCount(regionCode: string): Promise<number> {
    const row = await this.trx('households')
      .where({ region_code: regionCode })
      .count<{ n: number }>('* as n')
      .first();
    return Number(row?.n ?? 0);
  }

  /** Removes every period and its snapshot (demo re-seed only; finalized periods are reopened first). */
  async deleteRegistry(regionCode: string): Promise<void> {
    await this.trx('periods').where({ region_code: regionCode }).update({ status: 'open' });
    for (const table of [
      'summary_state',
      'area_summaries',
      'enrolments',
      'handling_steps',
      'household_needs',
      'household_problems',
      'households',
    ]) {
      await this.trx(table).where({ region_code: regionCode }).delete();
    }
    await this.trx('periods').where({ region_code: regionCode }).delete();
  }

  async createPeriods(regionCode: string, codes: string[]): Promise<void> {
    await this.trx('periods').insert(
      codes.map((code, i) => ({
        region_code: regionCode,
        period_code: code,
        status: 'open',
        carried_from: codes[i - 1] ?? null,
      })),
    );
  }

  async openPeriods(regionCode: string): Promise<string[]> {
    const rows = await this.trx('periods')
      .where({ region_code: regionCode, status: 'open' })
      .orderBy('period_code')
      .select<Array<{ period_code: string }>>('period_code');
    return rows.map((r) => r.period_code);
  }

  async finalizePeriods(regionCode: string, codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    await this.trx('periods')
      .where({ region_code: regionCode })
      .whereIn('period_code', codes)
      .update({ status: 'finalized', finalized_at: this.trx.fn.now() });
  }

  /**
   * Sets each household's point → kelurahan relation against the active boundaries: inside its kelurahan,
   * near it (within NEAR_METRES: real boundaries have slivers), in another kelurahan, or outside the region.
   */
  async classifyLocations(regionCode: string, periodCode: string): Promise<void> {
    await this.trx.raw(
      `with active as (${ACTIVE_BOUNDARIES_SQL}), checked as (
         select h.id, ${locationCase('h.geom', 'own.geom')} as result
         from households h left join active own on own.area_code = h.kelurahan_code
         where h.region_code = ? and h.period_code = ?
       )
       update households h set location_check = c.result
       from checked c
       where h.region_code = ? and h.period_code = ? and h.id = c.id and h.location_check is distinct from c.result`,
      [regionCode, regionCode, periodCode, regionCode, periodCode],
    );
  }

  /** Records that the region's registry is synthetic demo data (maps, GeoJSON and GIS layers say so). */
  async markSynthetic(regionCode: string): Promise<void> {
    await this.trx('regions').where({ region_code: regionCode }).update({ synthetic_registry: true });
  }

  /** Households of open periods whose point falls in no kelurahan (after classifyLocations). */
  async countOutside(regionCode: string): Promise<number> {
    const { rows } = await this.trx.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int n from households h join periods p on p.region_code = h.region_code and p.period_code = h.period_code
       where h.region_code = ? and p.status = 'open' and h.location_check = 'outside'`,
      [regionCode],
    );
    return rows[0]!.n;
  }

  /** `n` fresh map numbers from households.map_id's identity sequence (nextval needs only USAGE). */
  async reserveMapIds(n: number): Promise<number[]> {
    const { rows } = await this.trx.raw<{ rows: Array<{ id: string }> }>(
      `select nextval(pg_get_serial_sequence('households', 'map_id')) id from generate_series(1, ?)`,
      [n],
    );
    return rows.map((r) => Number(r.id));
  }

  async analyze(tables: readonly string[] = REGISTRY_TABLES): Promise<void> {
    for (const table of tables) {
      if (!REGISTRY_TABLES.includes(table)) throw new Error(`not a registry table: ${table}`);
      await analyzeTables(this.trx, [table]);
    }
  }
}
