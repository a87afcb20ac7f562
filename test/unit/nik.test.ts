import { describe, expect, it } from 'vitest';
import {
  checkNik,
  isValidKk,
  makeNik,
  maskId,
  parseNik,
  type NikProblem,
  type Sex,
} from '../../server/domain/nik.ts';

describe('parseNik', () => {
  it.each<[string, NikProblem | 'ok', string]>([
    ['3374101708450001', 'ok', 'man born 17 Aug 1945'],
    ['3374105708450001', 'ok', 'woman born 17 Aug 1945 (day + 40)'],
    ['3374102902000001', 'ok', '29 Feb 2000'],
    ['3374102902010001', 'impossible_birth_date', '29 Feb of a non-leap year'],
    ['3374103204900001', 'impossible_birth_date', '32 April'],
    ['3374107113900001', 'impossible_birth_date', 'woman, day 31 of month 13'],
    ['3374100000900001', 'impossible_birth_date', 'day 00'],
    ['3374104104900000', 'zero_serial', 'serial 0000'],
    ['0074101708450001', 'bad_region_code', 'province 00'],
    ['3300101708450001', 'bad_region_code', 'regency 00'],
    ['3374001708450001', 'bad_region_code', 'district 00'],
    ['337410170845000', 'not_16_digits', '15 digits'],
    ['33741017084500012', 'not_16_digits', '17 digits'],
    ['33741017O8450001', 'not_16_digits', 'a letter O'],
    ['', 'not_16_digits', 'empty'],
  ])('%s → %s (%s)', (nik, expected) => {
    const r = parseNik(nik);
    expect(r.ok ? 'ok' : r.problem).toBe(expected);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
  });

  it('reads the parts', () => {
    expect(parseNik('3374105708450123')).toEqual({
      ok: true,
      parts: { regionCode: '337410', sex: 'P', day: 17, month: 8, yy: 45, serial: 123 },
    });
  });
});

describe('checkNik against the record', () => {
  it.each<[string, string, Sex, NikProblem | 'ok']>([
    ['3374101708450001', '1945-08-17', 'L', 'ok'],
    ['3374105708450001', '1945-08-17', 'P', 'ok'],
    ['3374101708450001', '1945-08-17', 'P', 'sex_mismatch'],
    ['3374101708450001', '1945-08-18', 'L', 'birth_date_mismatch'],
    ['3374101708450001', '2045-08-17', 'L', 'ok'], // the century is not encoded
    ['3374101708450001', '1946-08-17', 'L', 'birth_date_mismatch'],
  ])('%s vs %s %s → %s', (nik, birth, sex, expected) => {
    const r = checkNik(nik, birth, sex);
    expect(r.ok ? 'ok' : r.problem).toBe(expected);
  });
});

describe('makeNik', () => {
  it.each<[string, string, Sex, number, string]>([
    ['33.74.10', '1990-01-05', 'L', 1, '3374100501900001'],
    ['33.74.10', '1990-01-05', 'P', 12, '3374104501900012'],
    ['337401', '2003-12-31', 'P', 9999, '3374017112039999'],
  ])('%s %s %s #%i → %s', (kec, birth, sex, serial, expected) => {
    const nik = makeNik(kec, birth, sex, serial);
    expect(nik).toBe(expected);
    expect(checkNik(nik, birth, sex).ok).toBe(true);
  });

  it('refuses what cannot be a NIK', () => {
    expect(() => makeNik('33.74', '1990-01-01', 'L', 1)).toThrow(/kecamatan code/);
    expect(() => makeNik('33.74.10', '1990-01-01', 'L', 0)).toThrow(/serial/);
    expect(() => makeNik('33.74.10', '1990-01-01', 'L', 10000)).toThrow(/serial/);
  });
});

describe('KK and masking', () => {
  it.each([
    ['3374101201230004', true],
    ['0074101201230004', false],
    ['337410120123000', false],
    ['33741012012300AB', false],
  ])('isValidKk(%s) = %s', (kk, ok) => expect(isValidKk(kk)).toBe(ok));

  it('masks all but the region prefix and serial', () => {
    expect(maskId('3374105708450001')).toBe('3374••••••••0001');
    expect(maskId('123')).toBe('••••••••••••••••');
  });
});
