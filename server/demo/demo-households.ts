// Synthetic households and members: composition, ages, NIKs consistent with birth date and sex, housing
// correlated with desil, disability with realistic (under-registered) prevalence, and configured defects.
import { makeNik, checkNik, type Sex } from '../domain/nik.ts';
import type { Random } from '../lib/random.ts';
import { FEMALE_NAMES, MALE_NAMES, SECOND_NAMES, STREETS } from './names.ts';
import type { HouseholdRow, MemberRow } from './registry-types.ts';

export interface DefectRates {
  /** Share of members whose NIK is structurally invalid (impossible date part). */
  invalidNik: number;
  /** Share of members whose NIK duplicates one in another household. */
  duplicateNik: number;
  /** Share of members recorded as deceased yet still active. */
  deceasedActive: number;
  /** Share of households whose point lies slightly outside their kelurahan (off by default: the demo's points
   * all lie inside their own official polygon; tests that exercise the location checks turn it on). */
  pointOutside: number;
}

export const DEFAULT_DEFECTS: DefectRates = {
  invalidNik: 0.004,
  duplicateNik: 0.002,
  deceasedActive: 0.002,
  pointOutside: 0,
};

/** State shared across the whole run (the generator walks kelurahan in code order, so this is deterministic). */
export class GeneratorContext {
  private readonly nikSerials = new Map<string, number>();
  private readonly kkSerials = new Map<string, number>();
  private readonly recentNiks: string[] = [];

  constructor(readonly defects: DefectRates) {}

  nextNikSerial(key: string): number {
    const n = (this.nikSerials.get(key) ?? 0) + 1;
    this.nikSerials.set(key, n);
    return n;
  }

  nextKkSerial(key: string): number {
    const n = (this.kkSerials.get(key) ?? 0) + 1;
    this.kkSerials.set(key, n);
    return n;
  }

  rememberNik(nik: string): void {
    this.recentNiks.push(nik);
    if (this.recentNiks.length > 500) this.recentNiks.shift();
  }

  /** A NIK from an earlier household (for the duplicate-NIK defect), if any. */
  earlierNik(rng: Random): string | undefined {
    return this.recentNiks.length > 50 ? rng.pick(this.recentNiks.slice(0, -20)) : undefined;
  }
}

export function uuidFrom(rng: Random): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rng.next() * 16).toString(16)).join('');
  const variant = (8 + Math.floor(rng.next() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A birth date for someone `age` years old on `on`. */
function birthDateFor(rng: Random, age: number, on: string): string {
  return addDays(on, -Math.round((age + rng.next()) * 365.25));
}

/** Picks a code from weights interpolated between a poor and a well-off household (poorness 1 → 0). */
function byPoorness(rng: Random, poorness: number, options: ReadonlyArray<[string, number, number]>): string {
  const weights = options.map(([, poor, rich]) => poor * poorness + rich * (1 - poorness));
  let u = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < options.length; i++) {
    u -= weights[i]!;
    if (u < 0) return options[i]![0];
  }
  return options[options.length - 1]![0];
}

// Index = size. Mean ≈ 3.4 members per KK over the registry (PRODUCT.md: 500k households ≈ 1.7M persons).
const SIZE_WEIGHTS = [0, 0.15, 0.21, 0.25, 0.2, 0.11, 0.05, 0.03];

export function householdSize(rng: Random, poorness: number): number {
  // Poorer households are larger on average: shift weight from sizes 1–3 to 5–7.
  const w = SIZE_WEIGHTS.map((x, s) => x * (s >= 5 ? 1 + poorness : s <= 2 ? 1.3 - 0.6 * poorness : 1));
  let u = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let s = 1; s < w.length; s++) {
    u -= w[s]!;
    if (u < 0) return s;
  }
  return 4;
}

function personName(rng: Random, sex: Sex): string {
  const first = rng.pick(sex === 'L' ? MALE_NAMES : FEMALE_NAMES);
  return rng.chance(0.75) ? `${first} ${rng.pick(SECOND_NAMES)}` : first;
}

function education(rng: Random, age: number, poorness: number): string {
  if (age < 7) return 'tidak_sekolah';
  if (age < 13) return 'sd';
  if (age < 16) return rng.chance(0.9) ? 'smp' : 'sd';
  return byPoorness(rng, poorness, [
    ['tidak_sekolah', 0.12, 0.01],
    ['sd', 0.38, 0.06],
    ['smp', 0.26, 0.1],
    ['sma', 0.21, 0.43],
    ['diploma', 0.02, 0.12],
    ['sarjana', 0.01, 0.28],
  ]);
}

function occupation(rng: Random, age: number, sex: Sex, poorness: number): string {
  if (age < 15) return age >= 6 ? 'pelajar' : 'tidak_bekerja';
  if (age < 22 && rng.chance(0.6)) return 'pelajar';
  if (age >= 65 && rng.chance(0.7)) return 'tidak_bekerja';
  if (sex === 'P' && rng.chance(0.35)) return 'mengurus_rumah_tangga';
  return byPoorness(rng, poorness, [
    ['tidak_bekerja', 0.2, 0.05],
    ['buruh', 0.35, 0.05],
    ['nelayan_petani', 0.06, 0.01],
    ['pedagang', 0.16, 0.12],
    ['wiraswasta', 0.12, 0.2],
    ['karyawan', 0.09, 0.4],
    ['pns_tni_polri', 0.0, 0.12],
    ['lainnya', 0.02, 0.05],
  ]);
}

const DISABILITY_TYPES: ReadonlyArray<[string, number]> = [
  ['fisik', 0.4],
  ['sensorik_netra', 0.1],
  ['sensorik_rungu', 0.08],
  ['sensorik_wicara', 0.05],
  ['intelektual', 0.12],
  ['mental', 0.15],
  ['ganda', 0.1],
];

function weighted(rng: Random, options: ReadonlyArray<[string, number]>): string {
  let u = rng.next() * options.reduce((a, [, w]) => a + w, 0);
  for (const [code, w] of options) {
    u -= w;
    if (u < 0) return code;
  }
  return options[options.length - 1]![0];
}

/**
 * Registered disability: rises with age and poverty. Registration in Semarang is far below survey prevalence
 * (DOMAIN.md), so the demo registers only a fraction of what a survey would find.
 */
function disabilities(rng: Random, age: number, poorness: number): MemberRow['disabilities'] {
  const p = 0.006 + 0.00025 * age + 0.01 * poorness;
  if (!rng.chance(p)) return [];
  return [
    {
      type: weighted(rng, DISABILITY_TYPES),
      severity: weighted(rng, [
        ['ringan', 0.4],
        ['sedang', 0.35],
        ['berat', 0.25],
      ]),
    },
  ];
}

export interface MemberSpec {
  relation: string;
  sex: Sex;
  age: number;
}

/** Who lives in a household of this size: head, maybe a spouse, children, sometimes a parent or grandchild. */
export function compose(rng: Random, size: number): MemberSpec[] {
  const headSex: Sex = rng.chance(size === 1 ? 0.45 : 0.84) ? 'L' : 'P';
  const headAge = Math.max(20, Math.min(88, Math.round(44 + rng.normal() * 13)));
  const specs: MemberSpec[] = [{ relation: 'kepala_keluarga', sex: headSex, age: headAge }];
  if (size >= 2 && rng.chance(0.85)) {
    const spouseSex: Sex = headSex === 'L' ? 'P' : 'L';
    specs.push({
      relation: spouseSex === 'P' ? 'istri' : 'suami',
      sex: spouseSex,
      age: Math.max(18, headAge + Math.round(rng.normal() * 4) - 2),
    });
  }
  if (specs.length < size && size >= 5 && rng.chance(0.3)) {
    if (headAge < 55) {
      specs.push({
        relation: 'orang_tua',
        sex: rng.chance(0.6) ? 'P' : 'L',
        age: Math.min(95, headAge + 22 + rng.int(0, 10)),
      });
    } else {
      specs.push({ relation: 'cucu', sex: rng.chance(0.5) ? 'L' : 'P', age: rng.int(0, 10) });
    }
  }
  const maxChildAge = Math.max(0, Math.min(30, headAge - 18));
  while (specs.length < size) {
    specs.push({ relation: 'anak', sex: rng.chance(0.5) ? 'L' : 'P', age: rng.int(0, maxChildAge) });
  }
  return specs;
}

export function makeMember(
  rng: Random,
  ctx: GeneratorContext,
  spec: MemberSpec,
  householdId: string,
  kecamatanCode: string,
  on: string,
  poorness: number,
): MemberRow {
  const birth = birthDateFor(rng, spec.age, on);
  let nik = makeNik(
    kecamatanCode,
    birth,
    spec.sex,
    ctx.nextNikSerial(`${kecamatanCode}|${birth}|${spec.sex}`),
  );
  if (rng.chance(ctx.defects.invalidNik)) {
    nik = `${nik.slice(0, 8)}13${nik.slice(10)}`; // month 13: a structurally invalid NIK, as found in audits
  } else if (rng.chance(ctx.defects.duplicateNik)) {
    nik = ctx.earlierNik(rng) ?? nik;
  }
  ctx.rememberNik(nik);
  const deceasedActive = rng.chance(ctx.defects.deceasedActive);
  return {
    id: uuidFrom(rng),
    household_id: householdId,
    nik,
    nik_valid: checkNik(nik, birth, spec.sex).ok,
    name: personName(rng, spec.sex),
    sex: spec.sex,
    birth_date: birth,
    relation: spec.relation,
    education: education(rng, spec.age, poorness),
    occupation: occupation(rng, spec.age, spec.sex, poorness),
    chronic_illness: rng.chance(0.02 + 0.004 * Math.max(0, spec.age - 30)),
    status: 'active',
    died_on: deceasedActive ? addDays(on, -rng.int(30, 700)) : null,
    disabilities: disabilities(rng, spec.age, poorness),
  };
}

export interface HousingInput {
  desil: number;
  size: number;
  /** Probability that this household's house is unfit (RTLH), from its kecamatan's figures. */
  unfitChance: number;
}

/** Housing attributes correlated with desil; an unfit house (RTLH) gets the attributes that make it so. */
export function housing(
  rng: Random,
  h: HousingInput,
): Omit<
  HouseholdRow,
  | 'id'
  | 'kk'
  | 'kelurahan_code'
  | 'rt'
  | 'rw'
  | 'address'
  | 'lon'
  | 'lat'
  | 'desil'
  | 'verification_status'
  | 'verified_on'
  | 'status'
  | 'left_on'
> {
  const poorness = (10 - h.desil) / 9;
  const unfit = rng.chance(h.unfitChance);
  const bad = unfit ? 1 : poorness * 0.6;
  const perPerson = Math.max(3, (unfit ? 6 : 9 + 16 * (1 - poorness)) + rng.normal() * 3);
  return {
    floor_area_m2: Math.round(perPerson * h.size * 10) / 10,
    floor_type: byPoorness(rng, bad, [
      ['tanah', 0.3, 0.0],
      ['bambu', 0.05, 0.0],
      ['kayu', 0.1, 0.01],
      ['semen', 0.45, 0.24],
      ['keramik', 0.1, 0.75],
    ]),
    wall_type: byPoorness(rng, bad, [
      ['bambu', 0.25, 0.0],
      ['kayu', 0.25, 0.02],
      ['tembok_tanpa_plester', 0.3, 0.08],
      ['tembok', 0.2, 0.9],
    ]),
    roof_type: byPoorness(rng, bad, [
      ['ijuk_rumbia', 0.05, 0.0],
      ['seng', 0.35, 0.05],
      ['asbes', 0.3, 0.15],
      ['genteng', 0.3, 0.7],
      ['beton', 0.0, 0.1],
    ]),
    toilet: byPoorness(rng, bad, [
      ['tidak_ada', 0.15, 0.0],
      ['bersama', 0.35, 0.03],
      ['sendiri', 0.5, 0.97],
    ]),
    water_source: byPoorness(rng, poorness, [
      ['sungai_hujan', 0.04, 0.0],
      ['sumur_tak_terlindung', 0.12, 0.01],
      ['sumur_terlindung', 0.34, 0.2],
      ['ledeng', 0.35, 0.49],
      ['kemasan', 0.15, 0.3],
    ]),
    lighting: byPoorness(rng, poorness, [
      ['non_pln', 0.04, 0.0],
      ['pln_450', 0.56, 0.03],
      ['pln_900', 0.35, 0.37],
      ['pln_1300', 0.05, 0.6],
    ]),
    cooking_fuel: byPoorness(rng, poorness, [
      ['kayu_arang', 0.06, 0.0],
      ['minyak_tanah', 0.03, 0.0],
      ['lpg_3kg', 0.88, 0.55],
      ['lpg_besar', 0.02, 0.35],
      ['listrik', 0.01, 0.1],
    ]),
    ownership: byPoorness(rng, poorness, [
      ['milik_sendiri', 0.5, 0.75],
      ['sewa', 0.3, 0.2],
      ['bebas_sewa', 0.18, 0.03],
      ['dinas', 0.0, 0.01],
      ['lainnya', 0.02, 0.01],
    ]),
    meals_per_day: poorness > 0.6 && rng.chance(0.25) ? 2 : 3,
    can_afford_clinic: !rng.chance(0.75 * poorness * poorness),
    unfit_house: unfit,
  };
}

export function address(rng: Random): { address: string; rt: number; rw: number } {
  return { address: `${rng.pick(STREETS)} No. ${rng.int(1, 180)}`, rt: rng.int(1, 14), rw: rng.int(1, 12) };
}

/** A KK number: kecamatan region code, issue date (DDMMYY) and a serial. */
export function makeKk(rng: Random, ctx: GeneratorContext, kecamatanCode: string, on: string): string {
  const issued = addDays(on, -rng.int(30, 20 * 365));
  const [y, m, d] = issued.split('-') as [string, string, string];
  const prefix = `${kecamatanCode.replace(/\./g, '')}${d}${m}${y.slice(2)}`;
  const serial = ctx.nextKkSerial(prefix);
  return `${prefix}${String(serial % 10000 || 1).padStart(4, '0')}`;
}
