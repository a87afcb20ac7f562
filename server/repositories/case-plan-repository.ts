// A household's case plan — problems (PPKS), needs and the handling steps each OPD takes — and the steps'
// progress: added by operators, updated by the OPD that owns the step's program, overdue counts per kelurahan.
import type { Knex } from 'knex';
import type { RowScope } from '../auth/roles.ts';

export interface StepRow {
  id: string;
  household_id: string;
  need_id: string | null;
  opd_code: string;
  program_code: string | null;
  action: string;
  status: string;
  planned_on: string | null;
  due_on: string | null;
  started_on: string | null;
  done_on: string | null;
  note: string | null;
  version: number;
}

export interface StepPatch {
  status?: string;
  due_on?: string | null;
  started_on?: string | null;
  done_on?: string | null;
  note?: string | null;
}

export interface StepListFilter {
  status?: string;
  program?: string;
  kelurahan?: string;
  due?: 'overdue' | 'week' | 'any';
  /** The date overdue and "this week" are counted from. */
  today: string;
}

export type StepListRowDb = StepRow & {
  kk: string;
  kelurahan_code: string;
  kelurahan_name: string;
  program_name: string | null;
  overdue: boolean;
};

const STEP_COLUMNS = [
  's.id',
  's.household_id',
  's.need_id',
  's.opd_code',
  's.program_code',
  's.action',
  's.status',
  's.planned_on',
  's.due_on',
  's.started_on',
  's.done_on',
  's.note',
  's.version',
] as const;

export class CasePlanRepository {
  constructor(private readonly knex: Knex) {}

  async plan(regionCode: string, periodCode: string, householdId: string) {
    const where = { region_code: regionCode, period_code: periodCode, household_id: householdId };
    const [problems, needs, steps] = await Promise.all([
      this.knex('household_problems').where(where).orderBy('recorded_on').select<
        Array<{
          id: string;
          ppks_code: string;
          member_id: string | null;
          note: string | null;
          recorded_on: string;
        }>
      >('id', 'ppks_code', 'member_id', 'note', 'recorded_on'),
      this.knex('household_needs').where(where).orderBy('recorded_on').select<
        Array<{
          id: string;
          need_code: string;
          member_id: string | null;
          met: boolean;
          note: string | null;
          recorded_on: string;
        }>
      >('id', 'need_code', 'member_id', 'met', 'note', 'recorded_on'),
      this.knex('handling_steps as s')
        .where({ 's.region_code': regionCode, 's.period_code': periodCode, 's.household_id': householdId })
        .orderBy([{ column: 's.due_on', nulls: 'last' }, { column: 's.id' }])
        .select<StepRow[]>(...STEP_COLUMNS),
    ]);
    return { problems, needs, steps };
  }

  /** Records a problem (PPKS category) or a need of a household; unknown codes fail on the foreign key. */
  async addEntry(
    table: 'household_problems' | 'household_needs',
    regionCode: string,
    periodCode: string,
    householdId: string,
    entry: { code: string; member_id: string | null; note: string | null },
  ): Promise<string> {
    const [row] = await this.knex(table)
      .insert({
        region_code: regionCode,
        period_code: periodCode,
        id: this.knex.raw('gen_random_uuid()'),
        household_id: householdId,
        [table === 'household_problems' ? 'ppks_code' : 'need_code']: entry.code,
        member_id: entry.member_id,
        note: entry.note,
        recorded_on: this.knex.raw('current_date'),
      })
      .returning<Array<{ id: string }>>('id');
    return row!.id;
  }

  /** A need and its household, locked for a change (call inside a transaction); undefined when out of scope. */
  async lockNeed(regionCode: string, periodCode: string, id: string, scope: RowScope) {
    const q = this.knex('household_needs as n')
      .join('households as h', (j) => {
        j.on('h.region_code', 'n.region_code')
          .andOn('h.period_code', 'n.period_code')
          .andOn('h.id', 'n.household_id');
      })
      .where({ 'n.region_code': regionCode, 'n.period_code': periodCode, 'n.id': id })
      .forUpdate('n')
      .first<{ household_id: string; met: boolean } | undefined>('n.household_id', 'n.met');
    if (scope.kelurahan) void q.whereIn('h.kelurahan_code', [...scope.kelurahan]);
    return q;
  }

  async setNeedMet(regionCode: string, periodCode: string, id: string, met: boolean): Promise<void> {
    await this.knex('household_needs')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .update({ met });
  }

  async addStep(
    regionCode: string,
    periodCode: string,
    householdId: string,
    step: {
      need_id: string | null;
      opd_code: string;
      program_code: string | null;
      action: string;
      planned_on: string;
      due_on: string | null;
      note: string | null;
    },
  ): Promise<string> {
    const [row] = await this.knex('handling_steps')
      .insert({
        region_code: regionCode,
        period_code: periodCode,
        id: this.knex.raw('gen_random_uuid()'),
        household_id: householdId,
        status: 'planned',
        ...step,
      })
      .returning<Array<{ id: string }>>('id');
    return row!.id;
  }

  /**
   * A step locked for a change (call inside a transaction). OPD staff reach only steps of their programs,
   * operators only steps of households in their kelurahan; undefined when missing or out of scope.
   */
  async lockStep(regionCode: string, periodCode: string, id: string, scope: RowScope) {
    const q = this.knex('handling_steps as s')
      .join('households as h', (j) => {
        j.on('h.region_code', 's.region_code')
          .andOn('h.period_code', 's.period_code')
          .andOn('h.id', 's.household_id');
      })
      .where({ 's.region_code': regionCode, 's.period_code': periodCode, 's.id': id })
      .forUpdate('s')
      .first<StepRow | undefined>(...STEP_COLUMNS);
    if (scope.programs) void q.whereIn('s.program_code', [...scope.programs]);
    if (scope.kelurahan && !scope.programs) void q.whereIn('h.kelurahan_code', [...scope.kelurahan]);
    return q;
  }

  /** Writes a step's changed fields under its next version. */
  async saveStep(
    regionCode: string,
    periodCode: string,
    id: string,
    values: StepPatch,
    version: number,
  ): Promise<void> {
    await this.knex('handling_steps')
      .where({ region_code: regionCode, period_code: periodCode, id })
      .update({ ...values, version, updated_at: this.knex.fn.now() });
  }

  /**
   * One page of the steps to work on: OPD staff see the steps of their programs, operators those of their
   * kelurahan; with the household's kelurahan (code and name), the program's name and the masked KK so the step
   * can be found in the field, no other personal data. Open steps past their due date (as of `today`) come first,
   * then the newest (planned latest, then changed latest); `total` counts every match over all pages.
   */
  async list(
    regionCode: string,
    periodCode: string,
    filter: StepListFilter,
    scope: RowScope,
    page: { limit: number; offset: number },
  ): Promise<{ total: number; rows: StepListRowDb[] }> {
    const overdue = `(s.status in ('planned', 'ongoing') and s.due_on < ?::date)`;
    const q = this.knex('handling_steps as s')
      .join('households as h', (j) => {
        j.on('h.region_code', 's.region_code')
          .andOn('h.period_code', 's.period_code')
          .andOn('h.id', 's.household_id');
      })
      .where({ 's.region_code': regionCode, 's.period_code': periodCode });
    if (filter.status) void q.where('s.status', filter.status);
    if (filter.program) void q.where('s.program_code', filter.program);
    if (filter.kelurahan) void q.where('h.kelurahan_code', filter.kelurahan);
    if (filter.due === 'overdue') void q.whereRaw(overdue, [filter.today]);
    if (filter.due === 'week')
      void q.whereRaw(`s.due_on between ?::date and ?::date + 6`, [filter.today, filter.today]);
    if (scope.programs) void q.whereIn('s.program_code', [...scope.programs]);
    if (scope.kelurahan && !scope.programs) void q.whereIn('h.kelurahan_code', [...scope.kelurahan]);
    const [counted, rows] = await Promise.all([
      q.clone().count<Array<{ n: string }>>({ n: '*' }),
      q
        .clone()
        .join('areas as a', 'a.code', 'h.kelurahan_code')
        .leftJoin('programs as p', (j) => {
          j.on('p.region_code', 's.region_code').andOn('p.program_code', 's.program_code');
        })
        .orderByRaw(`${overdue} desc, s.planned_on desc nulls last, s.updated_at desc, s.id`, [filter.today])
        .limit(page.limit)
        .offset(page.offset)
        .select<StepListRowDb[]>(
          ...STEP_COLUMNS,
          'h.kk',
          'h.kelurahan_code',
          'a.name as kelurahan_name',
          'p.name as program_name',
          this.knex.raw(`${overdue} as overdue`, [filter.today]),
        ),
    ]);
    return { total: Number(counted[0]?.n ?? 0), rows };
  }

  /** Open and overdue steps (due before `today`, not done or cancelled) per kelurahan; OPD staff: their programs. */
  async overdue(regionCode: string, periodCode: string, today: string, scope: RowScope) {
    const { rows } = await this.knex.raw<{
      rows: Array<{ code: string; name: string; open: number; overdue: number }>;
    }>(
      `select a.code, a.name, count(s.id) filter (where s.status in ('planned', 'ongoing'))::int open,
              count(s.id) filter (where s.status in ('planned', 'ongoing') and s.due_on < ?::date)::int overdue
       from areas a
       left join households h on h.kelurahan_code = a.code and h.region_code = ? and h.period_code = ?
       left join handling_steps s on s.region_code = h.region_code and s.period_code = h.period_code and s.household_id = h.id
         and (?::text[] is null or s.program_code = any(?::text[]))
       where a.region_code = ? and a.level = 'kelurahan'
       group by a.code, a.name order by a.code`,
      [
        today,
        regionCode,
        periodCode,
        scope.programs ? [...scope.programs] : null,
        scope.programs ? [...scope.programs] : null,
        regionCode,
      ],
    );
    return rows;
  }
}
