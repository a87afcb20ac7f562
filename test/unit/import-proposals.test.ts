// What an operator's file would change about one household (domain/import-proposals.ts), judged as the import
// writes it: empty cells keep what is stored, members are matched by NIK, a move to another kelurahan is held by
// an address or a location policy, a NIK the import would mark valid is a change, and nothing else is.
import { describe, expect, it } from 'vitest';
import { importChange, type StoredImportHousehold } from '../../server/domain/import-proposals.ts';
import type { StagedMember } from '../../server/domain/staged-rows.ts';
import { auditDiff } from '../../server/services/proposal-review-service.ts';

const NIK_HEAD = '3374021403800001';
const NIK_WIFE = '3374024211840002';

const stored: StoredImportHousehold = {
  id: 'h1',
  version: 4,
  kelurahanCode: '33.74.02.1008',
  address: 'Jl. Lama 1',
  rt: 3,
  rw: 2,
  desil: 3,
  desilSource: 'DTSEN',
  floorArea: 36,
  lighting: null,
  unfitHouse: false,
  lat: -6.99,
  lon: 110.42,
  members: [
    {
      nik: NIK_HEAD,
      name: 'Budi',
      sex: 'L',
      birthDate: '1980-03-14',
      relation: 'kepala_keluarga',
      nikValid: true,
      disabilities: '',
    },
    {
      nik: NIK_WIFE,
      name: 'Sari',
      sex: 'P',
      birthDate: '1984-11-02',
      relation: 'istri',
      nikValid: true,
      disabilities: 'fisik:berat',
    },
  ],
};

/** A file row with every household cell empty and the member as stored. */
const row = (i: number, over: Partial<StagedMember> = {}): StagedMember => {
  const m = stored.members[i]!;
  return {
    kk: '3374021201250001',
    kelurahanCode: stored.kelurahanCode,
    address: null,
    rt: null,
    rw: null,
    lat: null,
    lon: null,
    desil: null,
    desilSource: null,
    floorArea: null,
    lighting: null,
    unfitHouse: null,
    nik: m.nik,
    name: m.name,
    sex: m.sex as StagedMember['sex'],
    birthDate: m.birthDate,
    relation: m.relation,
    disabilities: m.disabilities,
    ...over,
  };
};

describe('importChange', () => {
  it('finds no change in a file that repeats what is stored (empty cells keep stored values)', () => {
    expect(importChange([row(0), row(1)], stored)).toEqual({ groups: [], diff: [] });
    expect(importChange([row(0, { desil: 3, lat: -6.99, lon: 110.42 }), row(1)], stored).groups).toEqual([]);
  });

  it('names the groups a change touches, household fields from the first row only', () => {
    const change = importChange([row(0, { desil: 1, floorArea: 40 }), row(1, { desil: 9 })], stored);
    expect(change.groups).toEqual(['desil', 'housing']);
    expect(change.diff).toEqual([
      { field: 'desil', before: 3, after: 1 },
      { field: 'floor_area_m2', before: 36, after: 40 },
    ]);
  });

  it('holds a move to another kelurahan as an address and a location change', () => {
    const change = importChange([row(0, { kelurahanCode: '33.74.02.1009' }), row(1)], stored);
    expect(change.groups).toEqual(['address', 'location']);
    expect(change.diff).toEqual([{ field: 'kelurahan', before: '33.74.02.1008', after: '33.74.02.1009' }]);
  });

  it('says which member changed and how, with the NIK masked; a NIK made valid is a change too', () => {
    const invalid = { ...stored, members: [stored.members[0]!, { ...stored.members[1]!, nikValid: false }] };
    const change = importChange([row(0, { name: 'Budi Santoso' }), row(1, { disabilities: '' })], invalid);
    expect(change.groups).toEqual(['members']);
    expect(change.diff).toEqual([
      {
        field: 'member',
        before: { nik: '3374••••••••0001', name: 'Budi' },
        after: expect.anything() as unknown,
      },
      { field: 'name', before: 'Budi', after: 'Budi Santoso' },
      {
        field: 'member',
        before: { nik: '3374••••••••0002', name: 'Sari' },
        after: expect.anything() as unknown,
      },
      { field: 'disabilities', before: [{ type: 'fisik', severity: 'berat' }], after: [] },
      { field: 'nik_valid', before: false, after: true },
    ]);
    expect(JSON.stringify(change.diff)).not.toContain(NIK_HEAD);
    // In the approval's audit row every line stays (the second member's lines numbered).
    expect(Object.keys(auditDiff(change.diff))).toEqual([
      'member',
      'name',
      'member_2',
      'disabilities',
      'nik_valid',
    ]);
  });

  it('adds a member the household does not have, and proposes a household not stored as new', () => {
    const added = row(0, {
      nik: '3374020306120003',
      name: 'Bayi',
      relation: 'anak',
      birthDate: '2012-06-03',
    });
    expect(importChange([row(0), row(1), added], stored).diff).toEqual([
      {
        field: 'member',
        before: null,
        after: {
          nik: '3374••••••••0003',
          name: 'Bayi',
          sex: 'L',
          birthDate: '2012-06-03',
          relation: 'anak',
          disabilities: [],
        },
      },
    ]);
    const fresh = importChange([row(0, { desil: 2 })], null);
    expect(fresh.groups).toEqual(['new_household']);
    expect(fresh.diff.map((d) => d.field)).toEqual(['kk', 'kelurahan', 'desil', 'members']);
  });
});
