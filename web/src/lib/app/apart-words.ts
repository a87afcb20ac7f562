// The words of the legend rows listed apart from the classes (no data, suppressed, coarsened, small base), in
// the UI's language, for the on-screen legend and the PNG alike. The small-base row names the threshold and what
// it counts (households, or persons for rates per 1.000 jiwa), as the answer says.
import type { IndicatorValue } from '../api';
import { i18n } from '../i18n.svelte';
import type { ApartWords } from '../map/choropleth';

/** "KK" / "jiwa" for the base the answer compares with its threshold. */
export function baseWord(uncertaintyBase: string | null | undefined): string {
  return i18n.t(uncertaintyBase === 'persons' ? 'basePersons' : 'baseHouseholds');
}

export function apartWords(smallDenominator: number, uncertaintyBase: string | null | undefined): ApartWords {
  return {
    noData: i18n.t('noData'),
    suppressed: i18n.t('suppressed'),
    coarsened: i18n.t('coarsenedLegend'),
    uncertain: i18n.t('uncertainLegend', { n: smallDenominator, base: baseWord(uncertaintyBase) }),
  };
}

/** The short mark a tooltip or ranking row adds: "nilai kecamatan 12,3", "penyebut kecil", or nothing. */
export function markNote(
  v: Pick<IndicatorValue, 'suppressed' | 'coarsened' | 'uncertain' | 'value'>,
  format: (n: number) => string,
): string | undefined {
  if (v.suppressed && v.coarsened) return `${i18n.t('coarsenedMark')} ${format(v.coarsened.value)}`;
  if (v.uncertain && v.value !== null) return i18n.t('uncertainMark');
  return undefined;
}

/** The area panel's sentences about the map's value here: coarsened, or on a small base. */
export function areaNotes(
  v: Pick<IndicatorValue, 'suppressed' | 'coarsened' | 'uncertain' | 'value'> | undefined,
  o: {
    smallDenominator: number;
    uncertaintyBase: string | null | undefined;
    kecamatanName: (code: string) => string;
    format: (n: number) => string;
  },
): string[] {
  if (!v) return [];
  if (v.suppressed && v.coarsened)
    return [
      i18n.t('coarsenedNote', {
        kecamatan: o.kecamatanName(v.coarsened.code),
        value: o.format(v.coarsened.value),
      }),
    ];
  if (v.uncertain && v.value !== null)
    return [i18n.t('uncertainNote', { n: o.smallDenominator, base: baseWord(o.uncertaintyBase) })];
  return [];
}
