// The formats an indicator answer leaves in: JSON (the answer itself), CSV/XLSX (the ranking table with its
// title line) and GeoJSON (the values joined to the area boundaries, for GIS tools). HTTP concerns only: the
// values, their suppression and the period were decided by the indicator service.
import type { Lang } from '../i18n/translate.ts';
import { rankingColumns, rankingPreamble, type RankingRow } from '../lib/download-tables.ts';
import { tableFile, type TableFile } from '../lib/table-file.ts';
import type { IndicatorAnswer } from '../services/indicator-service.ts';

/** The JSON answer of GET /indicators/:id. */
export function answerBody(a: IndicatorAnswer) {
  return {
    indicator: a.def.id,
    period: a.period,
    level: a.level,
    program: a.program,
    suppressed: a.k !== undefined,
    values: a.values,
  };
}

/** The ranking as a CSV or XLSX file, named after what it holds. */
export function rankingFile(a: IndicatorAnswer, format: 'csv' | 'xlsx', lang: Lang): Promise<TableFile> {
  const name = [a.def.id, a.program, a.level, a.kecamatan, a.period].filter((p) => p !== null).join('-');
  return tableFile(
    format,
    `sidaksos-${name}`,
    rankingPreamble(lang, {
      indicator: a.def.label[lang],
      level: a.level,
      period: a.period,
      program: a.program ?? undefined,
      k: a.k,
    }),
    rankingColumns(lang, a.def.unit, a.compare !== null),
    a.values as RankingRow[],
  );
}

/** The boundaries (a FeatureCollection as JSON text) with each area's values in its properties. */
export function withValues(boundaries: string, a: IndicatorAnswer): string {
  const fc = JSON.parse(boundaries) as {
    features: Array<{ id: string; properties: Record<string, unknown> }>;
  };
  const byCode = new Map(a.values.map((v) => [v.code, v]));
  for (const f of fc.features)
    Object.assign(f.properties, byCode.get(f.id) ?? {}, { indicator: a.def.id, period: a.period });
  return JSON.stringify(fc);
}
