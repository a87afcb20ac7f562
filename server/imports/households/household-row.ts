// One row of a households import: parsed and checked on its own (cross-row and database checks happen in
// SQL on the staged rows). Every problem names the column, the value and the reason. Pure.
import { CODE_LISTS } from '../../domain/code-lists.ts';
import { FIELD_RULES, NUMBER_RULES } from '../../domain/field-rules.ts';
import { checkNik, isValidKk, type Sex } from '../../domain/nik.ts';
import type { StagedMember } from '../../domain/staged-rows.ts';
import {
  cellText,
  controlCharacterCells,
  parseCode,
  parseDate,
  parseDecimal,
  parseId16,
  parseInteger,
  parseKelurahanCode,
  parseText,
  parseYesNo,
  type Parsed,
} from '../field-parsers.ts';
import type { CellValue } from '../table-reader.ts';
import { HOUSEHOLD_COLUMNS } from './household-template.ts';

// Re-exported for the household edit rules, which check a hand-edited member the way an imported row is checked.
export type { StagedMember } from '../../domain/staged-rows.ts';

export interface RowIssue {
  column: string | null;
  value: string | null;
  reason: string;
  severity: 'error' | 'warning';
}

export interface RowContext {
  knownKelurahan: ReadonlySet<string>;
  /** An operator's kelurahan; undefined = no restriction. */
  scope?: ReadonlySet<string>;
  today?: Date;
}

/** Missing required columns and unknown ones, for the header check before any row is read. */
export function checkHeaders(headers: readonly string[]): { missing: string[]; unknown: string[] } {
  const names = HOUSEHOLD_COLUMNS.map((c) => c.name);
  return {
    missing: HOUSEHOLD_COLUMNS.filter((c) => c.required && !headers.includes(c.name)).map((c) => c.name),
    unknown: headers.filter((h) => h !== '' && !names.includes(h)),
  };
}

function parseDisabilities(v: CellValue): Parsed<string> {
  const s = cellText(v);
  if (s === null) return { ok: true, value: '' };
  const pairs: string[] = [];
  for (const part of s
    .split('|')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [type, severity] = part.split(':').map((x) => x.trim());
    const t = parseCode(type ?? null, CODE_LISTS.disabilityType);
    if (!t.ok || t.value === null)
      return { ok: false, reason: `disability type ${t.ok ? 'missing' : t.reason}` };
    const sv = parseCode(severity ?? null, CODE_LISTS.severity);
    if (!sv.ok || sv.value === null)
      return {
        ok: false,
        reason: `severity of ${t.value} ${sv.ok ? 'missing (write type:severity, e.g. fisik:berat)' : sv.reason}`,
      };
    if (pairs.some((p) => p.startsWith(`${t.value}:`)))
      return { ok: false, reason: `${t.value} is listed twice` };
    pairs.push(`${t.value}:${sv.value}`);
  }
  return { ok: true, value: pairs.sort().join('|') };
}

/** Parses and checks one row; returns the staged member or the reasons it is rejected (and any warnings). */
export function validateHouseholdRow(
  cells: Record<string, CellValue>,
  ctx: RowContext,
): { member?: StagedMember; issues: RowIssue[] } {
  const controls = controlCharacterCells(cells);
  if (controls.length > 0) return { issues: controls.map((c) => ({ ...c, severity: 'error' })) };
  const issues: RowIssue[] = [];
  const shown = (column: string) => {
    const v = cells[column];
    return v === null || v === undefined
      ? null
      : v instanceof Date
        ? v.toISOString().slice(0, 10)
        : String(v);
  };
  const take = <T>(column: string, p: Parsed<T>, required = false): T | null => {
    if (!p.ok) {
      issues.push({ column, value: shown(column), reason: p.reason, severity: 'error' });
      return null;
    }
    if (required && p.value === null)
      issues.push({ column, value: null, reason: 'required value is empty', severity: 'error' });
    return p.value;
  };
  const kk = take('no_kk', parseId16(cells.no_kk ?? null, 'KK'), true);
  if (kk && !isValidKk(kk))
    issues.push({
      column: 'no_kk',
      value: kk,
      reason: 'KK region code (digits 1–6) is not a valid code',
      severity: 'error',
    });
  const kelurahanCode = take('kode_kelurahan', parseKelurahanCode(cells.kode_kelurahan ?? null), true);
  if (kelurahanCode && !ctx.knownKelurahan.has(kelurahanCode))
    issues.push({
      column: 'kode_kelurahan',
      value: kelurahanCode,
      reason: 'not a kelurahan of this region',
      severity: 'error',
    });
  else if (kelurahanCode && ctx.scope && !ctx.scope.has(kelurahanCode))
    issues.push({
      column: 'kode_kelurahan',
      value: kelurahanCode,
      reason: `your account may import only kelurahan ${[...ctx.scope].join(', ')}`,
      severity: 'error',
    });
  // Latitude is parsed over the longitude range first so that swapped columns get their own message.
  const rawLat = parseDecimal(cells.lintang ?? null, -180, 180);
  const lon = take('bujur', parseDecimal(cells.bujur ?? null, -180, 180));
  const swapped =
    rawLat.ok && rawLat.value !== null && Math.abs(rawLat.value) > 60 && lon !== null && Math.abs(lon) < 60;
  const lat = swapped
    ? null
    : take(
        'lintang',
        rawLat.ok && rawLat.value !== null && Math.abs(rawLat.value) > 90
          ? parseDecimal(cells.lintang ?? null, -90, 90)
          : rawLat,
      );
  if (swapped)
    issues.push({
      column: 'lintang',
      value: shown('lintang'),
      reason: 'lintang and bujur look swapped (lintang is about -7 in Semarang, bujur about 110)',
      severity: 'error',
    });
  if (
    (lat === null) !== (lon === null) &&
    issues.every((i) => i.column !== 'lintang' && i.column !== 'bujur')
  )
    issues.push({
      column: lat === null ? 'lintang' : 'bujur',
      value: null,
      reason: 'give both lintang and bujur, or neither',
      severity: 'error',
    });
  if (lat !== null && lon !== null && Math.abs(lat) > 60 && Math.abs(lon) < 60)
    issues.push({
      column: 'lintang',
      value: String(lat),
      reason: 'lintang and bujur look swapped',
      severity: 'error',
    });
  const sex = take(
    'jenis_kelamin',
    parseCode(cells.jenis_kelamin ?? null, CODE_LISTS.sex),
    true,
  ) as Sex | null;
  const birthDate = take('tanggal_lahir', parseDate(cells.tanggal_lahir ?? null, ctx.today), true);
  const nik = take('nik', parseId16(cells.nik ?? null, 'NIK'), true);
  if (nik && sex && birthDate) {
    const check = checkNik(nik, birthDate, sex);
    if (!check.ok) issues.push({ column: 'nik', value: nik, reason: check.message, severity: 'error' });
  }
  const member = {
    kk: kk!,
    kelurahanCode: kelurahanCode!,
    address: take('alamat', parseText(cells.alamat ?? null, FIELD_RULES.address)),
    rt: take('rt', parseInteger(cells.rt ?? null, NUMBER_RULES.rt.minimum, NUMBER_RULES.rt.maximum)),
    rw: take('rw', parseInteger(cells.rw ?? null, NUMBER_RULES.rw.minimum, NUMBER_RULES.rw.maximum)),
    lat,
    lon,
    desil: take(
      'desil',
      parseInteger(cells.desil ?? null, NUMBER_RULES.desil.minimum, NUMBER_RULES.desil.maximum),
    ),
    desilSource: take('sumber_desil', parseCode(cells.sumber_desil ?? null, CODE_LISTS.desilSource)),
    floorArea: take(
      'luas_lantai_m2',
      parseDecimal(
        cells.luas_lantai_m2 ?? null,
        NUMBER_RULES.floorAreaM2.minimum,
        NUMBER_RULES.floorAreaM2.maximum,
      ),
    ),
    lighting: take('penerangan', parseCode(cells.penerangan ?? null, CODE_LISTS.lighting)),
    unfitHouse: take('rumah_tidak_layak', parseYesNo(cells.rumah_tidak_layak ?? null)),
    nik: nik!,
    name: take('nama', parseText(cells.nama ?? null, FIELD_RULES.personName), true)!,
    sex: sex!,
    birthDate: birthDate!,
    relation: take('hubungan', parseCode(cells.hubungan ?? null, CODE_LISTS.relation), true)!,
    disabilities: take('disabilitas', parseDisabilities(cells.disabilitas ?? null)) ?? '',
  };
  return issues.some((i) => i.severity === 'error') ? { issues } : { member, issues };
}
