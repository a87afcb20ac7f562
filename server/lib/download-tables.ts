// The downloadable tables (indicator ranking, target list, import rejects) in the language of the UI that
// asked for them: title line, column headers and yes/no words from the server catalogues. A download names
// its language with ?lang= (a plain link cannot send headers) or Accept-Language; without either it stays in
// Indonesian, the language the files were first issued in and that most of their readers use.
import type { FastifyRequest } from 'fastify';
import type { RejectRow } from '../repositories/import-jobs-repository.ts';
import { AUDIT_COLUMNS, type AuditRow } from '../repositories/audit-repository.ts';
import { CODE_LISTS, type Code } from '../domain/code-lists.ts';
import type { MessageKey } from '../i18n/messages.en.ts';
import { t, type Lang } from '../i18n/translate.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import type { TableColumn } from './table-file.ts';

/** The language of a download: the one asked for, else Indonesian. */
export function downloadLang(request: FastifyRequest): Lang {
  return request.langAsked ? request.lang : 'id';
}

export interface RankingRow {
  code: string;
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
  previous?: number | null;
  change?: number | null;
}

const UNITS: Record<string, Record<Lang, string>> = {
  percent: { id: '%', en: '%' },
  households: { id: 'rumah tangga', en: 'households' },
  per_km2: { id: 'per km²', en: 'per km²' },
  per_1000: { id: 'per 1.000', en: 'per 1,000' },
};

/** The ranking as a file: one row per area, suppressed cells left empty and flagged. */
export function rankingColumns(
  lang: Lang,
  unit: string,
  withChange: boolean,
): Array<TableColumn<RankingRow>> {
  const yesNo = (b: boolean) => t(lang, b ? 'file.yes' : 'file.no');
  return [
    { header: t(lang, 'file.ranking.code'), value: (v) => v.code, width: 15 },
    { header: t(lang, 'file.ranking.area'), value: (v) => v.name, width: 24 },
    {
      header: t(lang, 'file.ranking.value', { unit: UNITS[unit]?.[lang] ?? unit }),
      value: (v) => v.value,
      width: 14,
    },
    { header: t(lang, 'file.ranking.numerator'), value: (v) => v.numerator, width: 12 },
    { header: t(lang, 'file.ranking.denominator'), value: (v) => v.denominator, width: 12 },
    { header: t(lang, 'file.ranking.hidden'), value: (v) => yesNo(v.suppressed), width: 14 },
    ...(withChange
      ? [
          {
            header: t(lang, 'file.ranking.previous'),
            value: (v: RankingRow) => v.previous ?? null,
            width: 18,
          },
          { header: t(lang, 'file.ranking.change'), value: (v: RankingRow) => v.change ?? null, width: 12 },
        ]
      : []),
  ];
}

/** The ranking file's title line: indicator, level, period, program, suppression, when. */
export function rankingPreamble(
  lang: Lang,
  o: {
    indicator: string;
    level: 'kelurahan' | 'kecamatan' | 'city';
    period: string;
    program?: string;
    k?: number;
  },
): string {
  return [
    t(lang, 'file.ranking.title', {
      indicator: o.indicator,
      level: t(lang, `level.${o.level}`),
      period: o.period,
    }),
    ...(o.program ? [t(lang, 'file.ranking.program', { program: o.program })] : []),
    ...(o.k !== undefined ? [t(lang, 'file.ranking.suppressed', { k: o.k })] : []),
    t(lang, 'file.downloaded', { at: new Date().toISOString() }),
  ].join(' · ');
}

export interface TargetRow {
  id: string;
  kk: string;
  head: string | null;
  address: string | null;
  rt: number | null;
  rw: number | null;
  kelurahanCode: string;
  kelurahan: string;
  desil: number | null;
  members: number;
}

export function targetColumns(lang: Lang): Array<TableColumn<TargetRow>> {
  const h = (k: keyof TargetRow | 'kelurahanCode') => t(lang, `file.targets.${k}`);
  return [
    { header: h('kk'), value: (r) => r.kk, width: 20 },
    { header: h('head'), value: (r) => r.head, width: 28 },
    { header: h('address'), value: (r) => r.address, width: 36 },
    { header: h('rt'), value: (r) => r.rt, width: 5 },
    { header: h('rw'), value: (r) => r.rw, width: 5 },
    { header: h('kelurahanCode'), value: (r) => r.kelurahanCode, width: 15 },
    { header: h('kelurahan'), value: (r) => r.kelurahan, width: 20 },
    { header: h('desil'), value: (r) => r.desil, width: 6 },
    { header: h('members'), value: (r) => r.members, width: 8 },
    { header: h('id'), value: (r) => r.id, width: 38 },
  ];
}

/**
 * The rejects report's columns. Reasons are stored as English text by the importers; a download that asked
 * for Indonesian gets them translated where the wording is known (i18n/reject-reasons.ts), the rest as stored.
 */
export function rejectColumns(lang: Lang, translateReasons: boolean): Array<TableColumn<RejectRow>> {
  return [
    { header: t(lang, 'file.rejects.row'), value: (r) => r.row_number, width: 8 },
    { header: t(lang, 'file.rejects.column'), value: (r) => r.column_name, width: 18 },
    { header: t(lang, 'file.rejects.value'), value: (r) => r.value, width: 24 },
    {
      header: t(lang, 'file.rejects.reason'),
      value: (r) => (translateReasons ? translateRejectReason(lang, r.reason) : r.reason),
      width: 70,
    },
    {
      header: t(lang, 'file.rejects.severity'),
      value: (r) => t(lang, r.severity === 'error' ? 'file.rejects.error' : 'file.rejects.warning'),
      width: 12,
    },
  ];
}

/**
 * Reasons the system writes itself (auth-service.ts, a refused login), stored in English so the log reads the
 * same whatever the language of the request; a file gets them in its own language. A user's typed reason stays
 * as typed.
 */
const SYSTEM_REASONS: Record<string, MessageKey> = {
  'wrong password': 'file.audit.reason.wrongPassword',
  'unknown or disabled user': 'file.audit.reason.unknownUser',
  'slowed down (too many failures)': 'file.audit.reason.slowedDown',
};

/** The audit log as a file: headers in `lang`, actions and roles by their labels, JSON cells as JSON text. */
export function auditColumns(lang: Lang): Array<TableColumn<AuditRow>> {
  const label = (list: readonly Code[], code: string | null) =>
    code === null ? null : (list.find((c) => c.code === code)?.[lang] ?? code);
  return AUDIT_COLUMNS.map((c) => ({
    header: t(lang, `file.audit.${c}`),
    value: (r: AuditRow) => {
      if (c === 'action') return label(CODE_LISTS.auditAction, r.action);
      if (c === 'role') return label(CODE_LISTS.role, r.role);
      if (c === 'reason' && r.reason !== null && SYSTEM_REASONS[r.reason])
        return t(lang, SYSTEM_REASONS[r.reason]!);
      const v = r[c];
      return v === null || typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v);
    },
  }));
}
