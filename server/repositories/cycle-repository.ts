// The kelurahan's part of the semester cycle (migration 0020): the period record of each kelurahan (open or
// closed, the muskel's day), the scanned berita acara attached to it, the meeting's decisions, and the counts
// the periods screen and the adoption report read per kelurahan.
import type { Knex } from 'knex';
import { storedFileColumns, type StoredFileInput } from './stored-file.ts';

export interface KelurahanCycleRow {
  code: string;
  name: string;
  kecamatan_code: string;
  kecamatan_name: string;
  status: 'open' | 'closed';
  muskel_on: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  note: string | null;
  berita_acara: number;
  active: number;
  verified: number;
  pending: number;
  approved: number;
  rejected: number;
  kept: number;
  removed: number;
  added: number;
}

export interface BeritaAcaraRow {
  id: string;
  kelurahan_code: string;
  file_name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

export interface DecisionInsert {
  regionCode: string;
  periodCode: string;
  kelurahanCode: string;
  householdId: string | null;
  decision: 'keep' | 'remove' | 'add';
  details: Record<string, unknown>;
  note: string | null;
  proposalId: string | null;
  recordedBy: string;
}

/** Households leaving between the period carried from and this one, per kelurahan it left from. */
export interface MovementRow {
  code: string;
  entered: number;
  moved_out: number;
  died: number;
  not_eligible: number;
  merged: number;
}

export class CycleRepository {
  constructor(private readonly knex: Knex) {}

  /** Every kelurahan of the region (or those in `only`) with its record and counts for the period. */
  async kelurahan(
    regionCode: string,
    periodCode: string,
    only?: readonly string[],
  ): Promise<KelurahanCycleRow[]> {
    const { rows } = await this.knex.raw<{ rows: KelurahanCycleRow[] }>(
      `select a.code, a.name, k.code as kecamatan_code, k.name as kecamatan_name,
              coalesce(kp.status, 'open') as status, to_char(kp.muskel_on, 'YYYY-MM-DD') as muskel_on,
              kp.closed_at, cu.display_name as closed_by, kp.note,
              (select count(*) from berita_acara b where b.region_code = :r and b.period_code = :p
                 and b.kelurahan_code = a.code)::int as berita_acara,
              coalesce(h.active, 0)::int as active, coalesce(h.verified, 0)::int as verified,
              coalesce(pr.pending, 0)::int as pending, coalesce(pr.approved, 0)::int as approved,
              coalesce(pr.rejected, 0)::int as rejected,
              coalesce(md.kept, 0)::int as kept, coalesce(md.removed, 0)::int as removed,
              coalesce(md.added, 0)::int as added
       from areas a
       join areas k on k.code = a.parent_code
       left join kelurahan_periods kp on kp.region_code = :r and kp.period_code = :p and kp.kelurahan_code = a.code
       left join users cu on cu.id = kp.closed_by
       left join (
         select kelurahan_code, count(*) as active,
                count(*) filter (where verification_status = 'verified') as verified
         from households where region_code = :r and period_code = :p and status = 'active' group by 1
       ) h on h.kelurahan_code = a.code
       left join (
         select kelurahan_code, count(*) filter (where status = 'pending') as pending,
                count(*) filter (where status = 'approved') as approved,
                count(*) filter (where status = 'rejected') as rejected
         from proposals where region_code = :r and period_code = :p group by 1
       ) pr on pr.kelurahan_code = a.code
       left join (
         select kelurahan_code, count(*) filter (where decision = 'keep') as kept,
                count(*) filter (where decision = 'remove') as removed,
                count(*) filter (where decision = 'add') as added
         from muskel_decisions where region_code = :r and period_code = :p group by 1
       ) md on md.kelurahan_code = a.code
       where a.region_code = :r and a.level = 'kelurahan' and (:k::text[] is null or a.code = any(:k::text[]))
       order by k.name, a.name, a.code`,
      { r: regionCode, p: periodCode, k: only ? [...only] : null },
    );
    return rows;
  }

  /** Closes or reopens a kelurahan's record (an upsert: a kelurahan without one is open). */
  async setStatus(
    regionCode: string,
    periodCode: string,
    kelurahanCode: string,
    status: 'open' | 'closed',
    by: string | null,
    muskelOn: string | null,
    note: string | null,
  ): Promise<void> {
    const closed = status === 'closed';
    await this.knex('kelurahan_periods')
      .insert({
        region_code: regionCode,
        period_code: periodCode,
        kelurahan_code: kelurahanCode,
        status,
        muskel_on: muskelOn,
        closed_by: closed ? by : null,
        closed_at: closed ? this.knex.fn.now() : null,
        note,
      })
      .onConflict(['region_code', 'period_code', 'kelurahan_code'])
      .merge({
        status,
        closed_by: closed ? by : null,
        closed_at: closed ? this.knex.fn.now() : null,
        note,
        // Closing without the meeting's day keeps the one its decisions recorded.
        muskel_on: this.knex.raw('coalesce(excluded.muskel_on, kelurahan_periods.muskel_on)'),
      });
  }

  /** Notes the day the meeting met on the record (creating it, open, if there is none). */
  async setMuskelDay(
    regionCode: string,
    periodCode: string,
    kelurahanCode: string,
    on: string,
  ): Promise<void> {
    await this.knex('kelurahan_periods')
      .insert({
        region_code: regionCode,
        period_code: periodCode,
        kelurahan_code: kelurahanCode,
        muskel_on: on,
      })
      .onConflict(['region_code', 'period_code', 'kelurahan_code'])
      .merge(['muskel_on']);
  }

  async insertBeritaAcara(row: StoredFileInput & { kelurahanCode: string }): Promise<BeritaAcaraRow> {
    const [inserted] = await this.knex('berita_acara')
      .insert({ ...storedFileColumns(row), kelurahan_code: row.kelurahanCode })
      .returning<BeritaAcaraRow[]>(META);
    return inserted!;
  }

  /** The berita acara of a kelurahan (or of every kelurahan), newest first, without their contents. */
  async beritaAcaraList(
    regionCode: string,
    periodCode: string,
    kelurahanCode?: string,
  ): Promise<BeritaAcaraRow[]> {
    return this.knex('berita_acara')
      .where({ region_code: regionCode, period_code: periodCode })
      .modify((q) => {
        if (kelurahanCode) q.where({ kelurahan_code: kelurahanCode });
      })
      .orderBy('uploaded_at', 'desc')
      .select<BeritaAcaraRow[]>(META);
  }

  async beritaAcara(
    regionCode: string,
    periodCode: string,
    id: string,
  ): Promise<(BeritaAcaraRow & { content: Buffer }) | undefined> {
    return this.knex('berita_acara')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .first<(BeritaAcaraRow & { content: Buffer }) | undefined>([...META, 'content']);
  }

  /** Records a decision; a household's later decision replaces its earlier one (one per household). */
  async saveDecision(d: DecisionInsert): Promise<string> {
    const row = {
      region_code: d.regionCode,
      period_code: d.periodCode,
      kelurahan_code: d.kelurahanCode,
      household_id: d.householdId,
      decision: d.decision,
      details: JSON.stringify(d.details),
      note: d.note,
      proposal_id: d.proposalId,
      recorded_by: d.recordedBy,
    };
    const q = this.knex('muskel_decisions').insert(row);
    const [saved] = await (
      d.householdId === null
        ? q
        : q
            .onConflict(
              this.knex.raw('(region_code, period_code, household_id) where household_id is not null'),
            )
            .merge({ ...row, recorded_at: this.knex.fn.now() })
    ).returning<Array<{ id: string }>>('id');
    return saved!.id;
  }

  /** The decisions recorded for a kelurahan, with the household's head for the list. */
  async decisions(regionCode: string, periodCode: string, kelurahanCode: string) {
    return this.knex('muskel_decisions as d')
      .leftJoin('proposals as p', 'p.id', 'd.proposal_id')
      .where({ 'd.region_code': regionCode, 'd.period_code': periodCode, 'd.kelurahan_code': kelurahanCode })
      .orderBy('d.recorded_at')
      .select<
        Array<{
          id: string;
          household_id: string | null;
          decision: 'keep' | 'remove' | 'add';
          details: Record<string, unknown>;
          note: string | null;
          proposal_id: string | null;
          proposal_status: string | null;
          recorded_at: Date;
        }>
      >(
        'd.id',
        'd.household_id',
        'd.decision',
        'd.details',
        'd.note',
        'd.proposal_id',
        'p.status as proposal_status',
        'd.recorded_at',
      );
  }

  /** How the period was adopted: when, by whom, and the kelurahan an override left open (with why). */
  async adoption(regionCode: string, periodCode: string) {
    return this.knex('periods as p')
      .leftJoin('users as u', 'u.id', 'p.finalized_by')
      .where({ 'p.region_code': regionCode, 'p.period_code': periodCode })
      .first<
        | {
            status: 'open' | 'finalized';
            carried_from: string | null;
            finalized_at: Date | null;
            finalized_by: string | null;
            adopted_open: string[] | null;
            adoption_reason: string | null;
          }
        | undefined
      >(
        'p.status',
        'p.carried_from',
        'p.finalized_at',
        'u.display_name as finalized_by',
        'p.adopted_open',
        'p.adoption_reason',
      );
  }

  /** Entries into the period and exits from the register by reason, per kelurahan, against `from`. */
  async movement(regionCode: string, periodCode: string, from: string | null): Promise<MovementRow[]> {
    const { rows } = await this.knex.raw<{ rows: MovementRow[] }>(
      `with b as (select id, kelurahan_code, status from households where region_code = :r and period_code = :p),
            a as (select id, kelurahan_code, status from households
                  where region_code = :r and period_code = :from and status = 'active')
       select coalesce(b.kelurahan_code, a.kelurahan_code) as code,
              count(*) filter (where a.id is null and b.status = 'active')::int as entered,
              count(*) filter (where (a.id is not null or :from::text is null) and b.status = 'moved_out')::int as moved_out,
              count(*) filter (where (a.id is not null or :from::text is null) and b.status = 'died')::int as died,
              count(*) filter (where (a.id is not null or :from::text is null) and b.status = 'not_eligible')::int as not_eligible,
              count(*) filter (where (a.id is not null or :from::text is null) and b.status = 'merged')::int as merged
       from b left join a on a.id = b.id
       group by 1`,
      { r: regionCode, p: periodCode, from },
    );
    return rows;
  }
}

const META = [
  'id',
  'kelurahan_code',
  'file_name',
  'content_type',
  'bytes',
  'sha256',
  'uploaded_by',
  'uploaded_at',
];
