// Turns generator batches into COPY lines for each registry table. Column lists are the single place that
// maps generator rows onto table columns.
import { copyLine } from '../repositories/registry-load-repository.ts';
import type { RegistryBatch } from './registry-types.ts';

export const COPY_COLUMNS = {
  households: [
    'region_code',
    'period_code',
    'id',
    'map_id',
    'kk',
    'kelurahan_code',
    'rt',
    'rw',
    'address',
    'geom',
    'desil',
    'desil_source',
    'desil_version',
    'record_source',
    'floor_area_m2',
    'floor_type',
    'wall_type',
    'roof_type',
    'toilet',
    'water_source',
    'lighting',
    'cooking_fuel',
    'ownership',
    'meals_per_day',
    'can_afford_clinic',
    'unfit_house',
    'verification_status',
    'verified_on',
    'status',
    'left_on',
  ],
  members: [
    'region_code',
    'period_code',
    'id',
    'household_id',
    'nik',
    'nik_valid',
    'name',
    'sex',
    'birth_date',
    'relation',
    'education',
    'occupation',
    'chronic_illness',
    'status',
    'died_on',
  ],
  member_disabilities: ['region_code', 'period_code', 'member_id', 'disability_type', 'severity'],
  household_problems: [
    'region_code',
    'period_code',
    'id',
    'household_id',
    'ppks_code',
    'member_id',
    'recorded_on',
  ],
  household_needs: [
    'region_code',
    'period_code',
    'id',
    'household_id',
    'need_code',
    'member_id',
    'met',
    'recorded_on',
  ],
  handling_steps: [
    'region_code',
    'period_code',
    'id',
    'household_id',
    'need_id',
    'opd_code',
    'program_code',
    'action',
    'status',
    'planned_on',
    'due_on',
    'started_on',
    'done_on',
  ],
  enrolments: [
    'region_code',
    'period_code',
    'id',
    'household_id',
    'program_code',
    'member_id',
    'source',
    'enrolled_on',
  ],
} as const;

export type CopyTable = keyof typeof COPY_COLUMNS;

const DESIL_VERSION = 'DTSEN-demo';

/** COPY lines per table for one batch. Points are EWKT, which COPY casts to geometry. */
export function batchLines(regionCode: string, batch: RegistryBatch): Record<CopyTable, string[]> {
  const p = batch.periodCode;
  const out: Record<CopyTable, string[]> = {
    households: [],
    members: [],
    member_disabilities: [],
    household_problems: [],
    household_needs: [],
    handling_steps: [],
    enrolments: [],
  };
  for (const s of batch.households) {
    const h = s.household;
    out.households.push(
      copyLine([
        regionCode,
        p,
        h.id,
        h.map_id ?? null,
        h.kk,
        h.kelurahan_code,
        h.rt,
        h.rw,
        h.address,
        `SRID=4326;POINT(${h.lon} ${h.lat})`,
        h.desil,
        'DTSEN',
        DESIL_VERSION,
        'DEMO',
        h.floor_area_m2,
        h.floor_type,
        h.wall_type,
        h.roof_type,
        h.toilet,
        h.water_source,
        h.lighting,
        h.cooking_fuel,
        h.ownership,
        h.meals_per_day,
        h.can_afford_clinic,
        h.unfit_house,
        h.verification_status,
        h.verified_on,
        h.status,
        h.left_on,
      ]),
    );
    for (const m of s.members) {
      out.members.push(
        copyLine([
          regionCode,
          p,
          m.id,
          h.id,
          m.nik,
          m.nik_valid,
          m.name,
          m.sex,
          m.birth_date,
          m.relation,
          m.education,
          m.occupation,
          m.chronic_illness,
          m.status,
          m.died_on,
        ]),
      );
      for (const d of m.disabilities)
        out.member_disabilities.push(copyLine([regionCode, p, m.id, d.type, d.severity]));
    }
    for (const x of s.problems)
      out.household_problems.push(
        copyLine([regionCode, p, x.id, h.id, x.ppks_code, x.member_id, x.recorded_on]),
      );
    for (const x of s.needs)
      out.household_needs.push(
        copyLine([regionCode, p, x.id, h.id, x.need_code, x.member_id, x.met, x.recorded_on]),
      );
    for (const x of s.steps) {
      out.handling_steps.push(
        copyLine([
          regionCode,
          p,
          x.id,
          h.id,
          x.need_id,
          x.opd_code,
          x.program_code,
          x.action,
          x.status,
          x.planned_on,
          x.due_on,
          x.started_on,
          x.done_on,
        ]),
      );
    }
    for (const e of s.enrolments) {
      out.enrolments.push(
        copyLine([regionCode, p, e.id, h.id, e.program_code, e.member_id, 'demo', e.enrolled_on]),
      );
    }
  }
  return out;
}
