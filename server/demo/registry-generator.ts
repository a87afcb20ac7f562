// The synthetic registry: households spread over kecamatan by their real family counts, poverty clustered
// around hotspots (the slum areas named in DOMAIN.md plus seeded ones), members, case plans and enrolments,
// and periods that evolve (entries, exits out of poverty, moves, deaths).
//
// Output is a lazy sequence of batches, one per kelurahan and period, so memory stays flat at any scale.
// State is mutated between periods: a consumer must finish with a batch before asking for the next one.
// Deterministic: each kelurahan draws from its own random stream derived from the seed and its code.
import type { MultiPolygon } from 'geojson';
import { SEMARANG_KECAMATAN, type KecamatanFacts } from '../../geodata/semarang-facts.ts';
import { createRandom, type Random } from '../lib/random.ts';
import { PointPlacer } from './point-placer.ts';
import { initialCasePlan, progressCasePlan, updateEnrolments } from './demo-case-plans.ts';
import {
  address,
  addDays,
  ageOn,
  compose,
  DEFAULT_DEFECTS,
  GeneratorContext,
  householdSize,
  housing,
  makeKk,
  makeMember,
  uuidFrom,
  type DefectRates,
} from './demo-households.ts';
import type { HouseholdState, RegistryBatch } from './registry-types.ts';

export interface KelurahanShape {
  code: string;
  name: string;
  kecamatanCode: string;
  geometry: MultiPolygon;
  areaKm2: number;
}

export interface RegistryOptions {
  seed: number;
  households: number;
  /** Period codes in order, e.g. ['2024-12', '2025-07', '2025-12']; the first gets the initial registry. */
  periods: string[];
  defects?: DefectRates;
}

export const DEFAULT_PERIODS = ['2024-12', '2025-07', '2025-12'];

/** Slum zones and extreme-poverty areas named in DOMAIN.md: poverty hotspots of the demo. */
const NAMED_HOTSPOTS = [
  'Tanjung Mas',
  'Dadapsari',
  'Kuningan',
  'Bandarharjo',
  'Banjardowo',
  'Tambangan',
  'Jabungan',
  'Jatibarang',
  'Karanganyar',
];

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON = 111.32 * Math.cos((7.02 * Math.PI) / 180);

/** Last day of the period's month ('2025-07' → '2025-07-31'): the reference date of a snapshot. */
export function periodEnd(code: string): string {
  const [y, m] = code.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function hashString(s: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h | 0;
}

/** Largest-remainder split of `total` by weights. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

/** Households per kelurahan: kecamatan by real family counts, kelurahan by area with some variation. */
export function planHouseholds(
  shapes: KelurahanShape[],
  total: number,
  seed: number,
  facts = SEMARANG_KECAMATAN,
): Map<string, number> {
  const rng = createRandom(seed ^ 0x5eed);
  const kecCodes = [...new Set(shapes.map((s) => s.kecamatanCode))].sort();
  const kecWeights = kecCodes.map((k) => {
    const fact = facts.find((f) => f.code === k);
    return fact
      ? fact.families2022
      : shapes.filter((s) => s.kecamatanCode === k).reduce((a, s) => a + s.areaKm2, 0);
  });
  const perKec = apportion(total, kecWeights);
  const plan = new Map<string, number>();
  kecCodes.forEach((k, i) => {
    const members = shapes.filter((s) => s.kecamatanCode === k).sort((a, b) => a.code.localeCompare(b.code));
    const weights = members.map((s) => Math.sqrt(s.areaKm2) * (0.6 + 0.8 * rng.next()));
    apportion(perKec[i]!, weights).forEach((n, j) => plan.set(members[j]!.code, n));
  });
  return plan;
}

interface Hotspot {
  lon: number;
  lat: number;
  sigmaKm: number;
  amplitude: number;
}

function bboxOf(g: MultiPolygon): [number, number, number, number] {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of g.coordinates.flat(2) as Array<[number, number]>) {
    a = Math.min(a, x);
    b = Math.min(b, y);
    c = Math.max(c, x);
    d = Math.max(d, y);
  }
  return [a, b, c, d];
}

/** A point 30–150 m beyond a vertex of the kelurahan, away from its middle: "slightly outside". */
function pointJustOutside(rng: Random, shape: KelurahanShape): [number, number] {
  const ring = shape.geometry.coordinates[0]![0]!;
  const [minX, minY, maxX, maxY] = bboxOf(shape.geometry);
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  const [vx, vy] = ring[rng.int(0, ring.length - 2)]! as [number, number];
  const dxKm = (vx - cx) * KM_PER_DEG_LON;
  const dyKm = (vy - cy) * KM_PER_DEG_LAT;
  const len = Math.hypot(dxKm, dyKm) || 1;
  const km = 0.03 + rng.next() * 0.12;
  return [
    round6(vx + ((dxKm / len) * km) / KM_PER_DEG_LON),
    round6(vy + ((dyKm / len) * km) / KM_PER_DEG_LAT),
  ];
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function makeHotspots(
  shapes: KelurahanShape[],
  seed: number,
  facts: readonly KecamatanFacts[],
  placer: PointPlacer,
): Hotspot[] {
  const rng = createRandom(seed ^ 0x407);
  const pressure = (s: KelurahanShape) => facts.find((f) => f.code === s.kecamatanCode)?.povertyPressure ?? 1;
  const spots: Hotspot[] = [];
  for (const name of NAMED_HOTSPOTS) {
    const shape = shapes.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!shape) continue;
    const [lon, lat] = placer.pointIn(rng, shape.code);
    spots.push({ lon, lat, sigmaKm: 0.7 + rng.next() * 0.6, amplitude: 1.6 + rng.next() * 0.8 });
  }
  const weights = shapes.map((s) => pressure(s) ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < 10; i++) {
    let u = rng.next() * total;
    const shape = shapes.find((_, j) => (u -= weights[j]!) < 0) ?? shapes[0]!;
    const [lon, lat] = placer.pointIn(rng, shape.code);
    spots.push({ lon, lat, sigmaKm: 0.6 + rng.next() * 1.0, amplitude: 0.8 + rng.next() * 1.0 });
  }
  return spots;
}

/** Latent poverty at a point: the kecamatan's pressure plus nearby hotspots plus household-level noise. */
function desilAt(rng: Random, lon: number, lat: number, pressure: number, spots: Hotspot[]): number {
  let field = 0.5 * (pressure - 1);
  for (const s of spots) {
    const dx = (lon - s.lon) * KM_PER_DEG_LON;
    const dy = (lat - s.lat) * KM_PER_DEG_LAT;
    field += s.amplitude * Math.exp(-(dx * dx + dy * dy) / (2 * s.sigmaKm * s.sigmaKm));
  }
  const latent = field + 1.1 * rng.normal();
  const poorness = 1 / (1 + Math.exp(-1.3 * (latent - 0.25)));
  return Math.min(10, Math.max(1, 10 - Math.floor(poorness * 10)));
}

interface KelurahanRun {
  rng: Random;
  shape: KelurahanShape;
  pressure: number;
  unfitRate: number;
  coverage: number;
  placer: PointPlacer;
}

function newHousehold(
  run: KelurahanRun,
  ctx: GeneratorContext,
  spots: Hotspot[],
  on: string,
): HouseholdState {
  const { rng, shape } = run;
  const outside = rng.chance(ctx.defects.pointOutside);
  const [lon, lat] = outside ? pointJustOutside(rng, shape) : run.placer.pointIn(rng, shape.code);
  const desil = desilAt(rng, lon, lat, run.pressure, spots);
  const poorness = (10 - desil) / 9;
  const id = uuidFrom(rng);
  const specs = compose(rng, householdSize(rng, poorness));
  const verified = rng.chance(0.72);
  const state: HouseholdState = {
    kecamatanCode: shape.kecamatanCode,
    household: {
      id,
      kk: makeKk(rng, ctx, shape.kecamatanCode, on),
      kelurahan_code: shape.code,
      ...address(rng),
      lon,
      lat,
      desil,
      ...housing(rng, {
        desil,
        size: specs.length,
        unfitChance: run.unfitRate * (0.2 + 2.2 * poorness * poorness),
      }),
      verification_status: verified ? 'verified' : rng.chance(0.03) ? 'rejected' : 'unverified',
      verified_on: verified ? addDays(on, -rng.int(0, 360)) : null,
      status: 'active',
      left_on: null,
    },
    members: specs.map((spec) => makeMember(rng, ctx, spec, id, shape.kecamatanCode, on, poorness)),
    problems: [],
    needs: [],
    steps: [],
    enrolments: [],
    eligibleBefore: new Set(),
  };
  initialCasePlan(rng, state, on);
  updateEnrolments(rng, state, on, run.coverage);
  return state;
}

/** Half a year in the life of a household. */
function evolve(
  run: KelurahanRun,
  ctx: GeneratorContext,
  s: HouseholdState,
  from: string,
  to: string,
  shapes: KelurahanShape[],
): void {
  const { rng } = run;
  const h = s.household;
  if (h.status !== 'active') return;
  const when = () => addDays(from, rng.int(1, 180));
  if (rng.chance(0.012)) {
    h.status = 'moved_out';
    h.left_on = when();
    s.enrolments = [];
    return;
  }
  for (const m of s.members) {
    if (m.status !== 'active' || m.died_on) continue;
    const age = ageOn(m.birth_date, to);
    if (rng.chance(Math.min(0.25, 0.00035 * Math.exp(0.085 * (age - 30))))) {
      m.status = 'died';
      m.died_on = when();
    }
  }
  if (s.members.every((m) => m.status !== 'active')) {
    h.status = 'died';
    h.left_on = s.members
      .map((m) => m.died_on ?? to)
      .sort()
      .at(-1)!;
    s.enrolments = [];
    return;
  }
  if (rng.chance(0.16)) h.desil = Math.min(10, Math.max(1, h.desil + rng.pick([-1, 1, 1, 2])));
  if (rng.chance(0.02)) {
    const sameKec = shapes.filter((x) => x.kecamatanCode === s.kecamatanCode);
    const dest = rng.chance(0.6) ? rng.pick(sameKec) : rng.pick(shapes);
    [h.lon, h.lat] = run.placer.pointIn(rng, dest.code);
    h.kelurahan_code = dest.code;
    s.kecamatanCode = dest.kecamatanCode;
    Object.assign(h, address(rng));
  }
  const mother = s.members.find(
    (m) =>
      m.status === 'active' &&
      m.sex === 'P' &&
      ageOn(m.birth_date, to) >= 20 &&
      ageOn(m.birth_date, to) <= 40,
  );
  if (mother && rng.chance(0.05)) {
    const poorness = (10 - h.desil) / 9;
    const child = makeMember(
      rng,
      ctx,
      { relation: 'anak', sex: rng.chance(0.5) ? 'L' : 'P', age: 0 },
      h.id,
      s.kecamatanCode,
      to,
      poorness,
    );
    s.members.push(child);
  }
  if (rng.chance(0.5)) {
    h.verification_status = 'verified';
    h.verified_on = when();
  }
  progressCasePlan(rng, s, to);
  updateEnrolments(rng, s, to, run.coverage);
}

export function* generateRegistry(
  shapes: KelurahanShape[],
  opts: RegistryOptions,
  facts = SEMARANG_KECAMATAN,
): Generator<RegistryBatch> {
  if (opts.periods.length === 0) throw new Error('at least one period is needed');
  const sorted = [...shapes].sort((a, b) => a.code.localeCompare(b.code));
  const plan = planHouseholds(sorted, opts.households, opts.seed, facts);
  const placer = new PointPlacer(sorted);
  const spots = makeHotspots(sorted, opts.seed, facts, placer);
  const ctx = new GeneratorContext(opts.defects ?? DEFAULT_DEFECTS);
  for (const shape of sorted) {
    const fact = facts.find((f) => f.code === shape.kecamatanCode);
    const kecRng = createRandom(hashString(shape.kecamatanCode, opts.seed));
    const run: KelurahanRun = {
      rng: createRandom(hashString(shape.code, opts.seed)),
      shape,
      pressure: fact?.povertyPressure ?? 1,
      // Registry households are poorer than the city's average family, so RTLH is several times commoner.
      unfitRate: fact ? (4 * fact.unfitHouses2023) / fact.families2022 : 0.03,
      coverage: 0.62 + 0.25 * kecRng.next(),
      placer,
    };
    const count = plan.get(shape.code) ?? 0;
    let first = periodEnd(opts.periods[0]!);
    const states = Array.from({ length: count }, () => newHousehold(run, ctx, spots, first));
    yield { periodCode: opts.periods[0]!, kelurahanCode: shape.code, households: states };
    for (const period of opts.periods.slice(1)) {
      const to = periodEnd(period);
      for (const s of states) evolve(run, ctx, s, first, to, sorted);
      const entries = Math.round(count * 0.04);
      for (let i = 0; i < entries; i++) states.push(newHousehold(run, ctx, spots, to));
      first = to;
      yield { periodCode: period, kelurahanCode: shape.code, households: states };
    }
  }
}
