// The records screen's forms as request bodies and its history lines as text.
import { describe, expect, it } from 'vitest';
import {
  changedAt,
  describeChange,
  emptyHouseholdDraft,
  fieldChanges,
  fieldsOf,
  leaveBody,
  newHouseholdBody,
  parseNumber,
} from '../../web/src/lib/records/record-forms.ts';
import type { Household } from '../../web/src/lib/records/types.ts';

const household: Pick<Household, 'desil' | 'address' | 'rt' | 'rw'> = {
  address: 'Jl. Kaligawe 3',
  rt: 4,
  rw: null,
  desil: 2,
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
  it('shows the record with empty text for missing values and no location', () => {
    expect(fieldsOf(household)).toEqual({
      desil: '2',
      address: 'Jl. Kaligawe 3',
      rt: '4',
      rw: '',
      lat: '',
      lon: '',
    });
  });

  it('sends empty fields as null, trims the address, and a location only with both coordinates', () => {
    const draft = { ...fieldsOf(household), desil: '', address: '  ', lat: '-6,98' };
    expect(fieldChanges(draft)).toEqual({ desil: null, address: null, rt: 4, rw: null });
    expect(fieldChanges({ ...draft, lon: '110,41' })).toEqual({
      desil: null,
      address: null,
      rt: 4,
      rw: null,
      location: { lat: -6.98, lon: 110.41 },
    });
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

describe('history lines', () => {
  it('list each change as before → after in JSON, so null and "" read apart', () => {
    const line = describeChange({ changes: { desil: [null, 7], address: ['', 'Jl. B'] } });
    expect(line).toBe('desil: null → 7; address: "" → "Jl. B"');
  });

  it('are empty without changes, and dated to the minute', () => {
    const c = {
      at: '2026-01-02T03:04:05.678Z',
      username: null,
      action: 'verify',
      entity: 'household',
      changes: null,
    };
    expect(describeChange(c)).toBe('');
    expect(changedAt(c)).toBe('2026-01-02 03:04');
  });
});
