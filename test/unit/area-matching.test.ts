import { describe, expect, it } from 'vitest';
import {
  detectFields,
  matchAreas,
  normaliseAreaName,
  normaliseKelurahanCode,
  type ReferenceArea,
} from '../../server/imports/boundaries/area-matching.ts';

describe('normaliseAreaName', () => {
  it.each([
    ['Tanjung Mas', 'tanjungmas'],
    ['TANJUNGMAS', 'tanjungmas'],
    ['Kel. Tanjung  Mas', 'tanjungmas'],
    ['Kelurahan Jomblang', 'jomblang'],
    ['Djomblang', 'jomblang'],
    ['Tjandi', 'candi'],
    ['Goenoengpati', 'gunungpati'],
    ['Desa Kali Banteng Kulon', 'kalibantengkulon'],
    ['Karang Ayu', 'karangayu'],
    ['Pindrikan-Kidul', 'pindrikankidul'],
  ])('%s → %s', (input, expected) => expect(normaliseAreaName(input)).toBe(expected));
});

describe('normaliseKelurahanCode', () => {
  it.each([
    ['33.74.01.1001', '33.74.01.1001'],
    ['3374011001', '33.74.01.1001'],
    [3374011001, '33.74.01.1001'],
    ['33.74.01', undefined],
    ['abc', undefined],
    [null, undefined],
  ])('%s → %s', (input, expected) => expect(normaliseKelurahanCode(input)).toBe(expected));
});

const REF: ReferenceArea[] = [
  { code: '33.74.01.1001', name: 'Miroto', kecamatanCode: '33.74.01', kecamatanName: 'Semarang Tengah' },
  { code: '33.74.02.1008', name: 'Tanjung Mas', kecamatanCode: '33.74.02', kecamatanName: 'Semarang Utara' },
  { code: '33.74.05.1001', name: 'Sukorejo', kecamatanCode: '33.74.05', kecamatanName: 'Genuk' },
  { code: '33.74.12.1001', name: 'Sukorejo', kecamatanCode: '33.74.12', kecamatanName: 'Gunungpati' },
];

describe('matchAreas', () => {
  it('matches by code, then by name within the kecamatan, and reports the rest', () => {
    const r = matchAreas(
      [
        { index: 0, code: '3374011001', name: 'whatever' },
        { index: 1, name: 'Kel. Tanjungmas' },
        { index: 2, name: 'Sukorejo', kecamatan: 'Kec. Gunungpati' },
        { index: 3, name: 'Sukorejo' },
        { index: 4, name: 'Atlantis' },
        { index: 5, code: '33.74.99.9999' },
        { index: 6, name: 'Tanjung Mas' },
      ],
      REF,
    );
    expect(r.matched).toEqual([
      { index: 0, code: '33.74.01.1001', method: 'code' },
      { index: 1, code: '33.74.02.1008', method: 'name' },
      { index: 2, code: '33.74.12.1001', method: 'name' },
      { index: 6, code: '33.74.02.1008', method: 'name' },
    ]);
    expect(r.ambiguous).toEqual([
      { index: 3, name: 'Sukorejo', candidates: ['33.74.05.1001', '33.74.12.1001'] },
    ]);
    expect(r.unmatched.map((u) => u.index)).toEqual([4, 5]);
    expect(r.unmatched[0]!.reason).toContain('no kelurahan named "Atlantis"');
    expect(r.unmatched[1]!.reason).toContain('33.74.99.9999');
    expect(r.missing).toEqual([{ code: '33.74.05.1001', name: 'Sukorejo' }]);
    expect(r.duplicates).toEqual([{ code: '33.74.02.1008', indexes: [1, 6] }]);
  });

  it('accepts a kecamatan code instead of a name', () => {
    const r = matchAreas([{ index: 0, name: 'Sukorejo', kecamatan: '33.74.05' }], REF);
    expect(r.matched).toEqual([{ index: 0, code: '33.74.05.1001', method: 'name' }]);
  });
});

describe('detectFields', () => {
  it.each([
    [
      [{ code: '33.74.01.1001', name: 'Miroto', district: 'Semarang Tengah' }],
      { codeField: 'code', nameField: 'name', kecamatanField: 'district' },
    ],
    [
      [{ KODE: '3374011001', WADMKD: 'Miroto', WADMKC: 'Semarang Tengah' }],
      { codeField: 'KODE', nameField: 'WADMKD', kecamatanField: 'WADMKC' },
    ],
    [
      [{ id_wilayah: '3374011001', NAMOBJ: 'Miroto' }],
      { codeField: 'id_wilayah', nameField: 'NAMOBJ', kecamatanField: undefined },
    ],
    [[{ foo: 1 }], { codeField: undefined, nameField: undefined, kecamatanField: undefined }],
  ])('%j', (props, expected) => expect(detectFields(props)).toEqual(expected));
});
