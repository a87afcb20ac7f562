// The records screen's forms as request bodies: framework-free and unit-tested, so what an operator types
// reaches the API the same way from every form. (The history in words is record-history.ts.)
import type { CodeListName } from '../types/code-lists';
import type { FieldsDraft, Household, HouseholdDraft, LeaveReason } from './types';

/** A typed number (a decimal comma is accepted, as Indonesians write it); empty means none. */
export const parseNumber = (v: string): number | null =>
  v.trim() === '' ? null : Number(v.replace(',', '.'));

/** The coded housing fields the form offers, each a <select> of its code list (the API's names). */
export const HOUSING_CODES = [
  ['floorType', 'floorType'],
  ['wallType', 'wallType'],
  ['roofType', 'roofType'],
  ['toilet', 'toilet'],
  ['waterSource', 'waterSource'],
  ['lighting', 'lighting'],
  ['cookingFuel', 'cookingFuel'],
  ['ownership', 'ownership'],
] as const satisfies ReadonlyArray<readonly [keyof FieldsDraft, CodeListName]>;

/** The fields form as a record shows it; the location has its own picker. */
export function fieldsOf(h: Pick<Household, 'desil' | 'address' | 'rt' | 'rw' | 'housing'>): FieldsDraft {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  const x = h.housing;
  return {
    desil: text(h.desil),
    desilSource: x.desilSource ?? '',
    address: h.address ?? '',
    rt: text(h.rt),
    rw: text(h.rw),
    floorAreaM2: x.floorAreaM2 === null ? '' : String(x.floorAreaM2).replace('.', ','),
    unfitHouse: x.unfitHouse === null ? '' : String(x.unfitHouse),
    floorType: x.floorType ?? '',
    wallType: x.wallType ?? '',
    roofType: x.roofType ?? '',
    toilet: x.toilet ?? '',
    waterSource: x.waterSource ?? '',
    lighting: x.lighting ?? '',
    cookingFuel: x.cookingFuel ?? '',
    ownership: x.ownership ?? '',
  };
}

/** The typed numbers that are not numbers, by field: shown beside their inputs, nothing sent. */
export function fieldErrors(f: FieldsDraft): Partial<Record<keyof FieldsDraft, true>> {
  const bad: Partial<Record<keyof FieldsDraft, true>> = {};
  for (const k of ['desil', 'rt', 'rw', 'floorAreaM2'] as const)
    if (Number.isNaN(parseNumber(f[k]) ?? 0)) bad[k] = true;
  return bad;
}

/** The changes of a fields save: every field as typed (the API records only what differs). */
export function fieldChanges(f: FieldsDraft): Record<string, unknown> {
  const code = (v: string) => (v === '' ? null : v);
  return {
    desil: parseNumber(f.desil),
    desilSource: code(f.desilSource),
    address: f.address.trim() || null,
    rt: parseNumber(f.rt),
    rw: parseNumber(f.rw),
    floorAreaM2: parseNumber(f.floorAreaM2),
    unfitHouse: f.unfitHouse === '' ? null : f.unfitHouse === 'true',
    ...Object.fromEntries(HOUSING_CODES.map(([k]) => [k, code(f[k])])),
  };
}

/** The body of POST /households: the head as its only member. */
export function newHouseholdBody(d: HouseholdDraft): Record<string, unknown> {
  const lat = parseNumber(d.lat);
  const lon = parseNumber(d.lon);
  return {
    kk: d.kk.trim(),
    kelurahan: d.kelurahan.trim(),
    ...(d.address.trim() ? { address: d.address.trim() } : {}),
    ...(lat !== null && lon !== null ? { location: { lat, lon } } : {}),
    members: [
      {
        nik: d.nik.trim(),
        name: d.name.trim(),
        sex: d.sex,
        birthDate: d.birthDate,
        relation: 'kepala_keluarga',
      },
    ],
  };
}

/** Leaving the registry on the given day (today by default), as the UTC date the API stores. */
export const leaveBody = (reason: LeaveReason, now = new Date()): { reason: LeaveReason; on: string } => ({
  reason,
  on: now.toISOString().slice(0, 10),
});

export const emptyHouseholdDraft = (): HouseholdDraft => ({
  kk: '',
  kelurahan: '',
  address: '',
  lat: '',
  lon: '',
  nik: '',
  name: '',
  sex: 'L',
  birthDate: '',
});
