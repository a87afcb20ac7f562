// The records screen's forms as request bodies (the history in words is proven in the browser test).
import { describe, expect, it } from 'vitest';
import {
  emptyHouseholdDraft,
  fieldChanges,
  fieldErrors,
  fieldsOf,
  leaveBody,
  newHouseholdBody,
  parseNumber,
} from '../../web/src/lib/records/record-forms.ts';
import type { Household } from '../../web/src/lib/records/types.ts';

const household: Pick<Household, 'desil' | 'address' | 'rt' | 'rw' | 'housing'> = {
  address: 'Jl. Kaligawe 3',
  rt: 4,
  rw: null,
  desil: 2,
  housing: {
    desilSource: 'DTSEN',
    floorAreaM2: 36.5,
    unfitHouse: false,
    lighting: 'pln_450',
    floorType: 'semen',
    wallType: null,
    roofType: 'genteng',
    toilet: 'sendiri',
    waterSource: null,
    cookingFuel: 'lpg_3kg',
    ownership: 'sewa',
  },
};

describe('parseNumber', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['7', 7],
    ['-6,98', -6.98],
    ['110.41', 110.41],
  ])('%j → %j', (typed, expected) => expect(parseNumber(typed)).toBe(expected));

  it('keeps what is not a number visible as NaN (the API refuses it with its own message)', () => {
    expect(parseNumber('abc')).toBeNaN();
  });
});

describe('household fields', () => {
  it('shows the record with empty text for missing values, a decimal comma and codes as they are', () => {
    expect(fieldsOf(household)).toEqual({
      desil: '2',
      desilSource: 'DTSEN',
      address: 'Jl. Kaligawe 3',
      rt: '4',
      rw: '',
      floorAreaM2: '36,5',
      unfitHouse: 'false',
      lighting: 'pln_450',
      floorType: 'semen',
      wallType: '',
      roofType: 'genteng',
      toilet: 'sendiri',
      waterSource: '',
      cookingFuel: 'lpg_3kg',
      ownership: 'sewa',
    });
  });

  it('sends empty fields as null, trims the address, numbers with a decimal comma, RTLH as a boolean', () => {
    const draft = { ...fieldsOf(household), desil: '', address: '  ', floorAreaM2: '40,5', unfitHouse: '' };
    expect(fieldChanges(draft)).toEqual({
      desil: null,
      desilSource: 'DTSEN',
      address: null,
      rt: 4,
      rw: null,
      floorAreaM2: 40.5,
      unfitHouse: null,
      lighting: 'pln_450',
      floorType: 'semen',
      wallType: null,
      roofType: 'genteng',
      toilet: 'sendiri',
      waterSource: null,
      cookingFuel: 'lpg_3kg',
      ownership: 'sewa',
    });
    expect(fieldChanges({ ...draft, unfitHouse: 'true' }).unfitHouse).toBe(true);
  });

  it('names the typed numbers that are not numbers, and none when all are', () => {
    expect(fieldErrors({ ...fieldsOf(household), desil: 'tiga', floorAreaM2: '36 m' })).toEqual({
      desil: true,
      floorAreaM2: true,
    });
    expect(fieldErrors(fieldsOf(household))).toEqual({});
  });
});

describe('a new household', () => {
  it('is its head as the only member, with trimmed keys and optional address and location left out', () => {
    const body = newHouseholdBody({
      ...emptyHouseholdDraft(),
      kk: ' 3374021201259777 ',
      kelurahan: '33.74.02.1008 ',
      nik: ' 3374022103759777',
      name: ' Kepala Keluarga ',
      birthDate: '1975-03-21',
    });
    expect(body).toEqual({
      kk: '3374021201259777',
      kelurahan: '33.74.02.1008',
      members: [
        {
          nik: '3374022103759777',
          name: 'Kepala Keluarga',
          sex: 'L',
          birthDate: '1975-03-21',
          relation: 'kepala_keluarga',
        },
      ],
    });
  });

  it('carries an address and a location when given', () => {
    const body = newHouseholdBody({ ...emptyHouseholdDraft(), address: ' Jl. A ', lat: '-7', lon: '110,4' });
    expect(body).toMatchObject({ address: 'Jl. A', location: { lat: -7, lon: 110.4 } });
  });
});

describe('leaving', () => {
  it('is dated on the given day', () => {
    expect(leaveBody('died', new Date('2026-03-05T10:00:00Z'))).toEqual({ reason: 'died', on: '2026-03-05' });
  });
});
