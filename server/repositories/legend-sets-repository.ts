// Fixed legend sets (migrations/20261202_0017_legend_sets.ts): one saved set of class breaks, colours and
// labels per indicator and program. SQL only; the service validates and audits.
import type { Knex } from 'knex';

export interface LegendSetRow {
  indicator_id: string;
  program_code: string | null;
  breaks: number[];
  colors: string[];
  labels_id: string[] | null;
  labels_en: string[] | null;
  saved_at: string;
  saved_by_username: string | null;
  saved_by_name: string | null;
}

export interface LegendSetWrite {
  indicator: string;
  program: string | null;
  breaks: readonly number[];
  colors: readonly string[];
  labelsId: readonly string[] | null;
  labelsEn: readonly string[] | null;
  savedBy: string | null;
}

const COLUMNS = [
  's.indicator_id',
  's.program_code',
  's.breaks',
  's.colors',
  's.labels_id',
  's.labels_en',
  's.saved_at',
  'u.username as saved_by_username',
  'u.display_name as saved_by_name',
];

export class LegendSetsRepository {
  constructor(private readonly knex: Knex) {}

  private base() {
    return this.knex('legend_sets as s').leftJoin('users as u', 'u.id', 's.saved_by');
  }

  async list(regionCode: string): Promise<LegendSetRow[]> {
    const rows = await this.base()
      .where('s.region_code', regionCode)
      .orderBy(['s.indicator_id', 's.program_code'])
      .select<LegendSetRow[]>(COLUMNS);
    return rows.map(iso);
  }

  /** The set of one indicator (and program), locked when `forUpdate` (a save or delete reads it first). */
  async find(
    regionCode: string,
    indicator: string,
    program: string | null,
    forUpdate = false,
  ): Promise<LegendSetRow | undefined> {
    const q = this.base()
      .where({ 's.region_code': regionCode, 's.indicator_id': indicator })
      .whereRaw("coalesce(s.program_code, '') = ?", [program ?? ''])
      .first<LegendSetRow | undefined>(COLUMNS);
    const row = await (forUpdate ? q.forUpdate('s') : q);
    return row ? iso(row) : undefined;
  }

  async save(regionCode: string, w: LegendSetWrite): Promise<void> {
    await this.knex.raw(
      `insert into legend_sets (region_code, indicator_id, program_code, breaks, colors, labels_id, labels_en, saved_by, saved_at)
       values (?, ?, ?, ?::double precision[], ?::text[], ?::text[], ?::text[], ?, now())
       on conflict (region_code, indicator_id, (coalesce(program_code, ''))) do update set
         breaks = excluded.breaks, colors = excluded.colors, labels_id = excluded.labels_id,
         labels_en = excluded.labels_en, saved_by = excluded.saved_by, saved_at = excluded.saved_at`,
      [
        regionCode,
        w.indicator,
        w.program,
        [...w.breaks],
        [...w.colors],
        w.labelsId ? [...w.labelsId] : null,
        w.labelsEn ? [...w.labelsEn] : null,
        w.savedBy,
      ],
    );
  }

  /** Whether a set was there to delete. */
  async remove(regionCode: string, indicator: string, program: string | null): Promise<boolean> {
    const n = await this.knex('legend_sets')
      .where({ region_code: regionCode, indicator_id: indicator })
      .whereRaw("coalesce(program_code, '') = ?", [program ?? ''])
      .delete();
    return n > 0;
  }
}

/** saved_at as ISO text: the same in every language and time zone (the web formats it). */
function iso(r: LegendSetRow): LegendSetRow {
  const at = r.saved_at as unknown;
  return { ...r, saved_at: at instanceof Date ? at.toISOString() : String(at) };
}
