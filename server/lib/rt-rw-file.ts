// The RT/RW table as a file: one line per RW (RT "all") followed by its RT lines, every indicator a column
// headed by its label and unit in the download's language.
import type { RtRow, RwRow } from '../domain/neighbourhood.ts';
import type { IndicatorDef } from '../domain/indicators.ts';
import { t, type Lang } from '../i18n/translate.ts';
import type { TableColumn } from './table-file.ts';

export interface RtRwLine {
  rw: number | null;
  rt: number | null;
  whole: boolean;
  row: RtRow;
}

export function rtRwLines(rws: readonly RwRow[]): RtRwLine[] {
  return rws.flatMap((rw) => [
    { rw: rw.rw, rt: null, whole: true, row: rw },
    ...rw.rts.map((rt) => ({ rw: rw.rw, rt: rt.rt, whole: false, row: rt })),
  ]);
}

export function rtRwColumns(lang: Lang, indicators: readonly IndicatorDef[]): Array<TableColumn<RtRwLine>> {
  const h = (k: 'rw' | 'rt' | 'households' | 'persons') => t(lang, `file.rtrw.${k}`);
  return [
    { header: h('rw'), value: (l) => l.rw, width: 6 },
    { header: h('rt'), value: (l) => (l.whole ? t(lang, 'file.rtrw.all') : l.rt), width: 6 },
    { header: h('households'), value: (l) => l.row.households, width: 10 },
    { header: h('persons'), value: (l) => l.row.persons, width: 10 },
    ...indicators.map((d) => ({
      header: d.label[lang],
      value: (l: RtRwLine) => {
        const v = l.row.values[d.id]?.value;
        return v === null || v === undefined ? null : Math.round(v * 10) / 10;
      },
      width: 16,
    })),
  ];
}
