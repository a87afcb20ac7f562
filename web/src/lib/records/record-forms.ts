// The records screen's forms as request bodies, and its history lines as text: framework-free and unit-tested,
// so what an operator types reaches the API the same way from every form.
import type { Change, FieldsDraft, Household, HouseholdDraft, LeaveReason } from './types';

/** A typed number (a decimal comma is accepted, as Indonesians write it); empty means none. */
export const parseNumber = (v: string): number | null =>
  v.trim() === '' ? null : Number(v.replace(',', '.'));

/** The fields form as a record shows it; the location is never prefilled (it is only ever replaced). */
export function fieldsOf(h: Pick<Household, 'desil' | 'address' | 'rt' | 'rw'>): FieldsDraft {
  return {
    desil: h.desil === null ? '' : String(h.desil),
    address: h.address ?? '',
    rt: h.rt === null ? '' : String(h.rt),
    rw: h.rw === null ? '' : String(h.rw),
    lat: '',
    lon: '',
  };
}

/** The changes of a fields save; a location only when both coordinates are given. */
export function fieldChanges(f: FieldsDraft): Record<string, unknown> {
  const lat = parseNumber(f.lat);
  const lon = parseNumber(f.lon);
  return {
    desil: parseNumber(f.desil),
    address: f.address.trim() || null,
    rt: parseNumber(f.rt),
    rw: parseNumber(f.rw),
    ...(lat !== null && lon !== null ? { location: { lat, lon } } : {}),
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

/** One history line's changes: `field: before → after`, values as JSON so null and "" read apart. */
export const describeChange = (c: Pick<Change, 'changes'>): string =>
  Object.entries(c.changes ?? {})
    .map(([field, [before, after]]) => `${field}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
    .join('; ');

/** The minute of a change, as `YYYY-MM-DD HH:MM` (the API's ISO time, unconverted). */
export const changedAt = (c: Pick<Change, 'at'>): string => c.at.slice(0, 16).replace('T', ' ');
