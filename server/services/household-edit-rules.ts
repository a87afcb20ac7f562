// What the household and member edits share: a form's member checked as an import row (one validator for files
// and forms), the answers for a stale version, a missing record, a registered NIK and a point outside the
// region. Thrown inside the edit's transaction, so nothing of a refused edit is stored.
import type { Lang } from '../i18n/translate.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import { maskId } from '../domain/nik.ts';
import {
  validateHouseholdRow,
  type RowContext,
  type RowIssue,
  type StagedMember,
} from '../imports/households/household-row.ts';
import { badRequestT, notFoundT, problem, staleVersion } from '../lib/problem.ts';
import {
  LocationOutsideError,
  type EditResult,
  type NewMember,
} from '../repositories/household-edit-repository.ts';

/** A member as a form sends it. */
export interface MemberInput {
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
  relation: string;
  disabilities?: Array<{ type: string; severity: string }>;
}

/** The household fields a form's member row carries (import column names' meaning, form names). */
export interface HouseholdCells {
  kk: string;
  kelurahan: string;
  address?: string | null;
  rt?: number | null;
  rw?: number | null;
  desil?: number | null;
  location?: { lon: number; lat: number } | null;
}

export interface MemberIssue {
  /** Index of the member in the form; -1 for a problem of the whole list. */
  member: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** Checks one member of a form with its household's fields as an import row; the errors, not the warnings. */
export function checkMember(
  h: HouseholdCells,
  m: MemberInput,
  ctx: RowContext,
): { member?: StagedMember; errors: RowIssue[] } {
  const { member, issues } = validateHouseholdRow(
    {
      no_kk: h.kk,
      kode_kelurahan: h.kelurahan,
      alamat: h.address ?? null,
      rt: h.rt ?? null,
      rw: h.rw ?? null,
      desil: h.desil ?? null,
      lintang: h.location?.lat ?? null,
      bujur: h.location?.lon ?? null,
      nik: m.nik,
      nama: m.name,
      jenis_kelamin: m.sex,
      tanggal_lahir: m.birthDate,
      hubungan: m.relation,
      disabilitas: (m.disabilities ?? []).map((d) => `${d.type}:${d.severity}`).join('|') || null,
    },
    ctx,
  );
  return { member, errors: issues.filter((i) => i.severity === 'error') };
}

/** 400 naming the first of a form's member problems (its reason in the caller's language) and listing all. */
export function memberProblems(errors: MemberIssue[], lang: Lang) {
  const first = errors[0]!;
  return badRequestT(
    'record.memberProblems',
    {
      count: errors.length,
      reason: translateRejectReason(lang, first.reason),
      member: first.member + 1,
      column: first.column ?? '',
    },
    { errors },
  );
}

/** A validated import-style row as a member to store (disabilities from their "type:severity|…" form). */
export const newMember = (m: StagedMember): NewMember => ({
  nik: m.nik,
  name: m.name,
  sex: m.sex,
  birthDate: m.birthDate,
  relation: m.relation,
  disabilities: m.disabilities
    ? m.disabilities.split('|').map((p) => ({ type: p.split(':')[0]!, severity: p.split(':')[1]! }))
    : [],
});

export const nikTaken = (nik: string, period: string, householdId: string) =>
  problem(409, 'duplicate', 'record.nikTaken', { nik: maskId(nik), period, householdId }, { householdId });

export const missingHousehold = (id: string) => notFoundT('notFound.householdToChange', { id });

/** The saved edit; 404 for a household missing or out of scope; 409 with the current record for a stale one. */
export function settled<T>(result: EditResult<T>, id: string) {
  if (result.status === 'missing') throw missingHousehold(id);
  if (result.status === 'stale') {
    // Coordinates are person-level location data: the conflict answer shows the fields, not the point.
    const current = Object.fromEntries(
      Object.entries(result.current).filter(([k]) => k !== 'lon' && k !== 'lat'),
    );
    throw staleVersion('record.stale', { id, version: Number(result.current.version) }, current);
  }
  return result;
}

/** A point outside every kelurahan (the repository refuses to store it) as the caller's 400. */
export function refuseOutside(err: unknown): never {
  if (err instanceof LocationOutsideError) throw badRequestT('record.locationOutside');
  throw err;
}
