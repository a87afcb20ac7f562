// The formats an indicator answer leaves in: JSON (the answer itself), CSV/XLSX (the ranking table with its
// title line) and GeoJSON (the values joined to the area boundaries, for GIS tools). HTTP concerns only: the
// values, their suppression and the period were decided by the indicator service.
import { t, type Lang } from '../i18n/translate.ts';
import { rankingColumns, rankingPreamble, type RankingRow } from '../lib/download-tables.ts';
import { tableFile, type TableColumn, type TableFile } from '../lib/table-file.ts';
import type { IndicatorAnswer, IndicatorValue } from '../services/indicator-service.ts';
import { typedWithValues } from './indicator-gis-formats.ts';

/** The JSON answer of GET /indicators/:id. */
export function answerBody(a: IndicatorAnswer) {
  return {
    indicator: a.def.id,
    period: a.period,
    level: a.level,
    program: a.program,
    suppressed: a.k !== undefined,
    smallDenominator: a.smallDenominator,
    uncertaintyBase: a.uncertaintyBase,
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
    [...rankingColumns(lang, a.def.unit, a.compare !== null), ...extraColumns(lang)],
    a.values as Array<RankingRow & IndicatorValue>,
  );
}

/** Added after the ranking's own columns (existing readers keep their column positions). */
function extraColumns(lang: Lang): Array<TableColumn<RankingRow & IndicatorValue>> {
  return [
    {
      header: t(lang, 'file.ranking.coarsened'),
      value: (v) => v.coarsened?.value ?? null,
      width: 22,
    },
    {
      header: t(lang, 'file.ranking.uncertain'),
      value: (v) => t(lang, v.uncertain ? 'file.yes' : 'file.no'),
      width: 16,
    },
  ];
}

/** The boundaries (a FeatureCollection as JSON text) with each area's values in its typed properties. */
export function withValues(boundaries: string, a: IndicatorAnswer): string {
  return typedWithValues(boundaries, a);
}
