// What the map screen shows, derived from the view (URL) and the loaded data: the figure (value or change),
// the classes of both maps, their fills and legend counts, titles, unit and number formats. The component
// only lays these out; the rules live in the framework-free choropleth and classify modules.
import type { IndicatorDef, IndicatorValue } from '../api';
import { i18n } from '../i18n.svelte';
import { classifyFigures, countedOver, fillsOf, marksOf, type ChoroplethOptions } from '../map/choropleth';
import type { Mark } from '../map/patterns';
import { decimalsFor, type Classification } from '../map/classify';
import { fixedClassification, type LegendSet } from '../map/legend-sets';
import { legendSets } from './legend-sets.svelte';
import { unitLabel } from '../units';
import { viewState } from '../view-state.svelte';
import type { MapData } from './map-data.svelte';

/** Areas outside a drilled kecamatan, when it is classified on its own. */
export const OUTSIDE_FOCUS_COLOR = '#e4e7eb';

function withOutside(fills: Map<string, string>, all: readonly IndicatorValue[]): Map<string, string> {
  if (!viewState.view.focus || viewState.view.cityClasses || viewState.view.level !== 'kelurahan')
    return fills;
  for (const v of all)
    if (!fills.has(v.code) && !v.code.startsWith(`${viewState.view.focus}.`))
      fills.set(v.code, OUTSIDE_FOCUS_COLOR);
  return fills;
}

/** Enough decimals that no two breaks read alike; none for counts. */
function formatFor(c: Classification): (v: number) => string {
  const digits = c.integer ? 0 : decimalsFor(c.thresholds);
  const f = new Intl.NumberFormat(i18n.lang === 'id' ? 'id-ID' : 'en-GB', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
  return (v: number) => f.format(v);
}

export class MapViewModel {
  private readonly data: MapData;

  /** A change map colours value − previous with the diverging palette. */
  readonly change: boolean;
  private readonly opts: ChoroplethOptions;

  /**
   * A drill-down classifies the kecamatan's own kelurahan (else all nine may share one colour), unless the
   * city's classes are kept to compare.
   */
  inFocus(vs: readonly IndicatorValue[]): IndicatorValue[] {
    return viewState.view.focus && viewState.view.level === 'kelurahan' && !viewState.view.cityClasses
      ? vs.filter((v) => v.code.startsWith(`${viewState.view.focus}.`))
      : [...vs];
  }

  /** The fixed legend set the map uses (not on a change map, nor when the user chose computed classes). */
  readonly fixedSet: LegendSet | undefined;
  /** The shown indicator's program, when it takes one (the key of its fixed set). */
  readonly program: string | null;
  /** A period split classifies both periods together, so colours compare. */
  readonly classification: Classification;
  readonly splitClassification: Classification;
  readonly fills: Map<string, string>;
  readonly splitFills: Map<string, string>;
  /** The patterns a fill cannot tell: coarsened kelurahan, small-base values (and suppressed, no data). */
  readonly marks: Map<string, Mark>;
  readonly splitMarks: Map<string, Mark>;
  /** Each legend counts its own map's areas (in a drill-down, the kecamatan's), never both maps'. */
  readonly legendClasses: Classification;
  readonly splitLegendClasses: Classification;

  /** A program indicator names its program (coverage gap of which of six programs?). */
  labelOf(def: IndicatorDef | undefined): string {
    if (!def) return '';
    const program = this.data.programs.find((p) => p.code === viewState.view.program)?.name;
    return def.label[i18n.lang] + (def.program ? ` · ${program ?? viewState.view.program}` : '');
  }
  readonly title: string;
  readonly splitTitle: string;
  readonly unit: string;
  readonly legendFormat: (v: number) => string;
  readonly splitLegendFormat: (v: number) => string;
  readonly splitUnit: string;
  /** The ranking follows a drill-down: only the kelurahan of the focused kecamatan. */
  readonly rankingValues: IndicatorValue[];

  // Derived values are assigned here, after `data`, in dependency order (Svelte allows $derived as a
  // constructor's first assignment to a field).
  constructor(data: MapData) {
    this.data = data;
    this.change = $derived(
      viewState.view.compare && (this.data.values?.values.some((v) => v.change !== undefined) ?? false),
    );
    this.opts = $derived({
      method: viewState.view.method,
      classes: viewState.view.classes,
      palette: viewState.view.palette,
      change: this.change,
      // Counts get whole-number classes with zero on its own.
      integer: this.data.currentDef?.unit === 'households',
    });
    legendSets.ensureLoaded();
    this.program = $derived(this.data.currentDef?.program ? viewState.view.program : null);
    this.fixedSet = $derived(
      this.change ? undefined : legendSets.activeFor(viewState.view.indicator, this.program),
    );
    this.classification = $derived(
      this.fixedSet
        ? fixedClassification(
            this.fixedSet,
            this.inFocus(this.data.values?.values ?? []),
            i18n.lang,
            this.data.currentDef?.unit === 'households',
          )
        : classifyFigures(
            this.inFocus([
              ...(this.data.values?.values ?? []),
              ...(viewState.view.split && this.data.splitIsPeriod && !this.change
                ? (this.data.splitValues?.values ?? [])
                : []),
            ]),
            this.opts,
          ),
    );
    this.splitClassification = $derived(
      this.data.splitIsPeriod
        ? this.classification
        : classifyFigures(this.inFocus(this.data.splitValues?.values ?? []), {
            ...this.opts,
            change: false,
            integer: this.data.splitDef?.unit === 'households',
          }),
    );
    // Classified on the kecamatan alone, its neighbours (still on screen) are greyed out, not coloured on a
    // scale that is not theirs.
    this.fills = $derived(
      withOutside(
        fillsOf(this.inFocus(this.data.values?.values ?? []), this.classification, this.change),
        this.data.values?.values ?? [],
      ),
    );
    this.splitFills = $derived(
      withOutside(
        fillsOf(
          this.inFocus(this.data.splitValues?.values ?? []),
          this.splitClassification,
          this.data.splitIsPeriod && this.change,
        ),
        this.data.splitValues?.values ?? [],
      ),
    );
    this.marks = $derived(marksOf(this.inFocus(this.data.values?.values ?? []), this.change));
    this.splitMarks = $derived(
      marksOf(this.inFocus(this.data.splitValues?.values ?? []), this.data.splitIsPeriod && this.change),
    );
    this.legendClasses = $derived({
      ...countedOver(this.classification, this.inFocus(this.data.values?.values ?? []), this.change),
      legendFor: this.change
        ? undefined
        : { indicator: viewState.view.indicator, program: this.program, fixed: this.fixedSet !== undefined },
    });
    this.splitLegendClasses = $derived(
      countedOver(
        this.splitClassification,
        this.inFocus(this.data.splitValues?.values ?? []),
        this.data.splitIsPeriod && this.change,
      ),
    );
    this.legendFormat = $derived(formatFor(this.classification));
    this.splitLegendFormat = $derived(formatFor(this.splitClassification));
    this.rankingValues = $derived(
      (this.data.values?.values ?? []).filter(
        (v) => !viewState.view.focus || v.code.startsWith(`${viewState.view.focus}.`),
      ),
    );
    this.title = $derived(
      `${this.labelOf(this.data.currentDef)} — ${this.data.values?.period ?? ''}` +
        (this.change && this.data.previousPeriod
          ? ` (${i18n.t('changeSince', { period: this.data.previousPeriod })})`
          : ''),
    );
    this.splitTitle = $derived(
      this.data.splitIsPeriod
        ? viewState.view.split
        : `${this.labelOf(this.data.splitDef)} — ${this.data.values?.period ?? ''}`,
    );
    this.unit = $derived(this.data.currentDef ? unitLabel(this.data.currentDef.unit, this.change) : '');
    this.splitUnit = $derived(
      this.data.splitDef ? unitLabel(this.data.splitDef.unit, this.data.splitIsPeriod && this.change) : '',
    );
  }
}
