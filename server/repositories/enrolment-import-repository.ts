// The SQL side of an enrolment-list import, inside the import's transaction: staged rows are matched to
// members (by NIK) and households (by KK) of the period, and new enrolments inserted; existing ones stay.
import type { Knex } from 'knex';
import type pg from 'pg';
import type { StagedEnrolment } from '../domain/staged-rows.ts';
import type { RejectRow } from './import-jobs-repository.ts';
import { copyInto, copyLine } from './registry-load-repository.ts';

const mask = (col: string) => `left(${col}, 4) || '••••••••' || right(${col}, 4)`;

export class EnrolmentImportRepository {
  constructor(
    private readonly trx: Knex.Transaction,
    private readonly regionCode: string,
    private readonly periodCode: string,
  ) {}

  async stage(rows: readonly StagedEnrolment[]): Promise<void> {
    await this.trx.raw(`create temp table enrolment_stage (
      row_number int primary key, program_code text not null, nik text, kk text, enrolled_on date,
      household_id uuid, member_id uuid, kelurahan_code text, matched_kk text, rejected boolean not null default false
    ) on commit drop`);
    const client = await (
      this.trx as unknown as { client: { acquireConnection(): Promise<pg.PoolClient> } }
    ).client.acquireConnection();
    await copyInto(
      client,
      'enrolment_stage',
      ['row_number', 'program_code', 'nik', 'kk', 'enrolled_on'],
      rows.map((r) => copyLine([r.rowNumber, r.program, r.nik, r.kk, r.enrolledOn])),
    );
    await this.trx.raw('analyze enrolment_stage');
  }

  /** Resolves each row to a household (and member); returns the rows that match nothing, with why. */
  async match(kelurahanScope?: readonly string[]): Promise<RejectRow[]> {
    const b = [this.regionCode, this.periodCode];
    await this.trx.raw(
      `update enrolment_stage s set member_id = m.id, household_id = m.household_id, kelurahan_code = h.kelurahan_code,
              matched_kk = h.kk
       from members m join households h on h.region_code = m.region_code and h.period_code = m.period_code and h.id = m.household_id
       where m.region_code = ? and m.period_code = ? and m.nik = s.nik and m.status = 'active' and h.status = 'active'`,
      b,
    );
    await this.trx.raw(
      `update enrolment_stage s set household_id = h.id, kelurahan_code = h.kelurahan_code, matched_kk = h.kk
       from households h
       where h.region_code = ? and h.period_code = ? and h.kk = s.kk and h.status = 'active' and s.nik is null`,
      b,
    );
    // [condition, column, reason, binds of the condition, binds of the reason] — binds in SQL text order.
    const reasons: Array<[string, string, string, unknown[], unknown[]]> = [
      [
        's.nik is not null and s.member_id is null',
        'nik',
        `'no active member with this NIK in period ' || ?`,
        [],
        [this.periodCode],
      ],
      [
        's.nik is null and s.household_id is null',
        'no_kk',
        `'no active household with this KK in period ' || ?`,
        [],
        [this.periodCode],
      ],
      [
        's.nik is not null and s.kk is not null and s.matched_kk <> s.kk',
        'no_kk',
        `'the NIK belongs to KK ' || ${mask('s.matched_kk')} || ', not to this KK'`,
        [],
        [],
      ],
      [
        `s.member_id is null and s.household_id is not null and exists (select 1 from programs p
           where p.region_code = ? and p.program_code = s.program_code and p.unit = 'person')`,
        'nik',
        `'program ' || s.program_code || ' enrols persons: give the recipient''s NIK'`,
        [this.regionCode],
        [],
      ],
    ];
    if (kelurahanScope)
      reasons.push([
        's.kelurahan_code is not null and not (s.kelurahan_code = any(?))',
        'nik',
        `'the recipient lives in kelurahan ' || s.kelurahan_code || ', outside your kelurahan'`,
        [[...kelurahanScope]],
        [],
      ]);
    const out: RejectRow[] = [];
    for (const [where, column, reason, whereBinds, reasonBinds] of reasons) {
      const { rows } = await this.trx.raw<{ rows: RejectRow[] }>(
        `update enrolment_stage s set rejected = true where not s.rejected and ${where}
         returning s.row_number, '${column}' column_name, ${mask('coalesce(s.nik, s.kk)')} value, ${reason} reason,
                   'error' severity`,
        [...whereBinds, ...reasonBinds] as Knex.RawBinding[],
      );
      out.push(...rows);
    }
    return out;
  }

  async apply(source: string): Promise<{ inserted: number; unchanged: number }> {
    const { rowCount } = await this.trx.raw<{ rowCount: number }>(
      `insert into enrolments (region_code, period_code, id, household_id, member_id, program_code, source, enrolled_on)
       select ?, ?, gen_random_uuid(), household_id, member_id, program_code, ?, min(enrolled_on)
       from enrolment_stage s
       where not rejected and not exists (
         select 1 from enrolments e where e.region_code = ? and e.period_code = ? and e.program_code = s.program_code
           and e.household_id = s.household_id and e.member_id is not distinct from s.member_id)
       group by household_id, member_id, program_code`,
      [this.regionCode, this.periodCode, source, this.regionCode, this.periodCode],
    );
    const { rows } = await this.trx.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int n from enrolment_stage where not rejected`,
    );
    return { inserted: rowCount, unchanged: rows[0]!.n - rowCount };
  }
}
