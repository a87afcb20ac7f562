// NIK (Nomor Induk Kependudukan) and KK structure: pure functions, no I/O.
//
// A NIK is 16 digits: the 6-digit code of the kecamatan where it was issued (province 2, regency 2,
// district 2), the birth date as DDMMYY with 40 added to DD for women, then a 4-digit serial from 0001.
// A KK number starts with the same 6-digit region code. Validity here is structural: a structurally valid
// NIK can still be wrong, but an invalid one is certainly wrong.

export type Sex = 'L' | 'P';

export type NikProblem =
  | 'not_16_digits'
  | 'bad_region_code'
  | 'impossible_birth_date'
  | 'zero_serial'
  | 'birth_date_mismatch'
  | 'sex_mismatch';

export interface NikParts {
  /** Six-digit region (kecamatan) code, e.g. "337410" for 33.74.10. */
  regionCode: string;
  sex: Sex;
  day: number;
  month: number;
  /** Two-digit year; the century is not encoded. */
  yy: number;
  serial: number;
}

export type NikResult = { ok: true; parts: NikParts } | { ok: false; problem: NikProblem; message: string };

const MESSAGES: Record<NikProblem, string> = {
  not_16_digits: 'NIK must be exactly 16 digits',
  bad_region_code: 'NIK region code (digits 1–6) is not a valid province/regency/district code',
  impossible_birth_date: 'NIK birth date (digits 7–12, DDMMYY, +40 on the day for women) is not a real date',
  zero_serial: 'NIK serial (digits 13–16) must start at 0001',
  birth_date_mismatch: 'NIK birth date does not match the recorded birth date',
  sex_mismatch: 'NIK sex (day + 40 for women) does not match the recorded sex',
};

const fail = (problem: NikProblem): NikResult => ({ ok: false, problem, message: MESSAGES[problem] });

function daysInMonth(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Structural parse of a NIK. */
export function parseNik(nik: string): NikResult {
  if (!/^[0-9]{16}$/.test(nik)) return fail('not_16_digits');
  const province = Number(nik.slice(0, 2));
  const regency = Number(nik.slice(2, 4));
  const district = Number(nik.slice(4, 6));
  // Province codes run 11–99 (Aceh is 11); regency and district codes start at 01.
  if (province < 11 || regency < 1 || district < 1) return fail('bad_region_code');
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const sex: Sex = day > 40 ? 'P' : 'L';
  if (sex === 'P') day -= 40;
  // Without the century, 29 February is possible whenever yy is a leap year in some century: use 2000+yy
  // (leap for yy % 4 == 0, which also covers 1900+yy except 1900 itself).
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, 2000 + yy)) {
    return fail('impossible_birth_date');
  }
  const serial = Number(nik.slice(12, 16));
  if (serial === 0) return fail('zero_serial');
  return { ok: true, parts: { regionCode: nik.slice(0, 6), sex, day, month, yy, serial } };
}

/** Parses a NIK and checks it against a recorded birth date (YYYY-MM-DD) and sex. */
export function checkNik(nik: string, birthDate: string, sex: Sex): NikResult {
  const parsed = parseNik(nik);
  if (!parsed.ok) return parsed;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const p = parsed.parts;
  if (p.sex !== sex) return fail('sex_mismatch');
  if (p.day !== d || p.month !== m || p.yy !== y % 100) return fail('birth_date_mismatch');
  return parsed;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Builds a NIK from a kecamatan code ("33.74.10" or "337410"), birth date (YYYY-MM-DD), sex and serial. */
export function makeNik(kecamatanCode: string, birthDate: string, sex: Sex, serial: number): string {
  const region = kecamatanCode.replace(/\./g, '');
  if (!/^[0-9]{6}$/.test(region)) throw new Error(`not a kecamatan code: ${kecamatanCode}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999)
    throw new Error(`NIK serial out of range: ${serial}`);
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return `${region}${pad(sex === 'P' ? d + 40 : d, 2)}${pad(m, 2)}${pad(y % 100, 2)}${pad(serial, 4)}`;
}

/** KK numbers: 16 digits beginning with a 6-digit region code. */
export function isValidKk(kk: string): boolean {
  if (!/^[0-9]{16}$/.test(kk)) return false;
  return Number(kk.slice(0, 2)) >= 11 && Number(kk.slice(2, 4)) >= 1 && Number(kk.slice(4, 6)) >= 1;
}

/** Masks a NIK or KK for display: region code and serial visible, the rest hidden (3374••••••••0001). */
export function maskId(id: string): string {
  if (id.length !== 16) return '••••••••••••••••';
  return `${id.slice(0, 4)}${'•'.repeat(8)}${id.slice(12)}`;
}
