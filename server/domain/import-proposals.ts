// Which households of an operator's household file wait for a reviewer (#20 item 1: "imports by operators
// become a batch of proposals with the same review"). One household of the file is judged as the import would
// write it — an empty cell keeps the stored value, members are matched by NIK, disabilities compared as sets —
// so a household the file would not change is never proposed, and the groups named are exactly the ones its
// write would touch. Pure: the importer reads the stored state and the staged rows and asks here.
import type { ApprovalKind } from './approval-kinds.ts';
import { maskId } from './nik.ts';
import type { StagedMember } from './staged-rows.ts';

/** A stored member as the import compares it (disabilities as the staged `type:severity|…` string). */
export interface StoredImportMember {
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
  relation: string;
  nikValid: boolean;
  disabilities: string;
}

/** The stored household a file's KK would update, with its members. */
export interface StoredImportHousehold {
  id: string;
  version: number;
  kelurahanCode: string;
  address: string | null;
  rt: number | null;
  rw: number | null;
  desil: number | null;
  desilSource: string | null;
  floorArea: number | null;
  lighting: string | null;
  unfitHouse: boolean | null;
  lat: number | null;
  lon: number | null;
  members: StoredImportMember[];
}

export interface ImportDiffLine {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ImportChange {
  /** The approval groups the write would touch; empty when the file changes nothing of this household. */
  groups: ApprovalKind[];
  /** The reviewer's diff, identifiers masked. */
  diff: ImportDiffLine[];
}

/** The household fields of a file row, their diff names and approval groups (as approval-kinds.ts groups them). */
const HOUSEHOLD_FIELDS = [
  ['kelurahanCode', 'kelurahan', 'address'],
  ['address', 'address', 'address'],
  ['rt', 'rt', 'address'],
  ['rw', 'rw', 'address'],
  ['desil', 'desil', 'desil'],
  ['desilSource', 'desil_source', 'desil'],
  ['floorArea', 'floor_area_m2', 'housing'],
  ['lighting', 'lighting', 'housing'],
  ['unfitHouse', 'unfit_house', 'housing'],
] as const satisfies ReadonlyArray<
  readonly [keyof StagedMember & keyof StoredImportHousehold, string, ApprovalKind]
>;

const MEMBER_FIELDS = [
  ['name', 'name'],
  ['sex', 'sex'],
  ['birthDate', 'birth_date'],
  ['relation', 'relation'],
] as const;

/** `type:severity|…` as the list the records show. */
export const disabilityList = (pairs: string) =>
  pairs === ''
    ? []
    : pairs.split('|').map((p) => {
        const [type, severity] = p.split(':');
        return { type, severity };
      });

const memberShown = (m: StagedMember) => ({
  nik: maskId(m.nik),
  name: m.name,
  sex: m.sex,
  birthDate: m.birthDate,
  relation: m.relation,
  disabilities: disabilityList(m.disabilities),
});

const location = (lat: number | null, lon: number | null) =>
  lat === null || lon === null ? null : { lat, lon };

/**
 * What a file's rows of one KK (in file order; the first row carries the household's fields, as the import reads
 * them) would change about its stored household, or add when there is none.
 */
export function importChange(
  rows: readonly StagedMember[],
  stored: StoredImportHousehold | null,
): ImportChange {
  const first = rows[0]!;
  if (!stored) {
    const diff: ImportDiffLine[] = [{ field: 'kk', before: null, after: maskId(first.kk) }];
    for (const [key, field] of HOUSEHOLD_FIELDS)
      if (first[key] !== null) diff.push({ field, before: null, after: first[key] });
    const at = location(first.lat, first.lon);
    if (at) diff.push({ field: 'location', before: null, after: at });
    diff.push({ field: 'members', before: null, after: rows.map(memberShown) });
    return { groups: ['new_household'], diff };
  }
  const groups = new Set<ApprovalKind>();
  const diff: ImportDiffLine[] = [];
  for (const [key, field, group] of HOUSEHOLD_FIELDS) {
    const after = first[key] ?? stored[key];
    if (after === stored[key]) continue;
    groups.add(group);
    // A move to another kelurahan changes where the household counts and stands on the map: held by a policy
    // that holds addresses or locations.
    if (key === 'kelurahanCode') groups.add('location');
    diff.push({ field, before: stored[key], after });
  }
  if (first.lat !== null && first.lon !== null && (first.lat !== stored.lat || first.lon !== stored.lon)) {
    groups.add('location');
    diff.push({
      field: 'location',
      before: location(stored.lat, stored.lon),
      after: location(first.lat, first.lon),
    });
  }
  const members = new Map(stored.members.map((m) => [m.nik, m]));
  for (const row of rows) {
    const m = members.get(row.nik);
    if (!m) {
      groups.add('members');
      diff.push({ field: 'member', before: null, after: memberShown(row) });
      continue;
    }
    const lines: ImportDiffLine[] = [];
    for (const [key, field] of MEMBER_FIELDS)
      if (row[key] !== m[key]) lines.push({ field, before: m[key], after: row[key] });
    if (row.disabilities !== m.disabilities)
      lines.push({
        field: 'disabilities',
        before: disabilityList(m.disabilities),
        after: disabilityList(row.disabilities),
      });
    // The import marks a member's NIK valid once the file gives it with a matching birth date: a change too.
    if (!m.nikValid) lines.push({ field: 'nik_valid', before: false, after: true });
    if (lines.length === 0) continue;
    groups.add('members');
    const named = { nik: maskId(m.nik), name: m.name };
    diff.push({ field: 'member', before: named, after: { ...named, name: row.name } }, ...lines);
  }
  return { groups: [...groups].sort(), diff };
}
