// The bivariate map's state beside MapViewModel: the second indicator's values (loaded for the period, level
// and program shown), the pairs of figures, their 3 × 3 classes, the fills the map draws instead of the
// single-indicator ones, the title and the square legend's spec. The rules live in map/bivariate.ts.
import { fetchIndicatorValues, type IndicatorDef, type IndicatorValues } from '../api';
import { i18n } from '../i18n.svelte';
import {
  bivariateFills,
  classifyBivariate,
  legendSpec,
  pairValues,
  type Axis,
  type BivariateClassification,
  type BivariateLegendSpec,
} from '../map/bivariate';
import { decimalsFor } from '../map/classify';
import type { BivariateExport } from '../map/export-bivariate';
import { unitLabel } from '../units';
import { viewState } from '../view-state.svelte';
import type { MapData } from './map-data.svelte';
import { OUTSIDE_FOCUS_COLOR, type MapViewModel } from './map-view.svelte';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Enough decimals that the two breaks read differently; none for counts. */
function formatFor(axis: Axis): (v: number) => string {
  const f = new Intl.NumberFormat(i18n.lang === 'id' ? 'id-ID' : 'en-GB', {
    minimumFractionDigits: 0,
    maximumFractionDigits: axis.integer ? 0 : decimalsFor(axis.thresholds),
  });
  return (v: number) => f.format(v);
}

export class BivariateView {
  private readonly data: MapData;
  private readonly view: MapViewModel;
  values = $state.raw<IndicatorValues | undefined>();
  error = $state<string | undefined>();

  readonly def: IndicatorDef | undefined;
  /**
   * Drawn when a second indicator is chosen and both are loaded for the same period; a split view or a change
   * map (each a figure of its own) takes precedence, so a map never mixes two ways of reading it.
   */
  readonly active: boolean;
  readonly classification: BivariateClassification;
  readonly fills: Map<string, string>;
  readonly title: string;
  /** The PNG's second line: level and classes (the units are on the legend's axes). */
  readonly subtitle: string;
  readonly legend: BivariateLegendSpec;

  /** Must be created while a component initialises: its loading effect lives as long as that component. */
  constructor(data: MapData, view: MapViewModel) {
    this.data = data;
    this.view = view;
    this.def = $derived(this.data.indicators.find((d) => d.id === viewState.view.bivariate));
    this.active = $derived(
      !!this.def &&
        !viewState.view.split &&
        !this.view.change &&
        !!this.data.values &&
        this.values?.period === this.data.values.period &&
        this.values.level === this.data.values.level,
    );
    const pairs = $derived(
      pairValues(this.view.inFocus(this.data.values?.values ?? []), this.values?.values ?? []),
    );
    this.classification = $derived(
      classifyBivariate(pairs, {
        xInteger: this.data.currentDef?.unit === 'households',
        yInteger: this.def?.unit === 'households',
      }),
    );
    this.fills = $derived.by(() => {
      const fills = bivariateFills(pairs, this.classification);
      // Classified on a drilled kecamatan alone, its neighbours are greyed out (as on the single map).
      const { focus, cityClasses, level } = viewState.view;
      if (focus && !cityClasses && level === 'kelurahan')
        for (const v of this.data.values?.values ?? [])
          if (!fills.has(v.code) && !v.code.startsWith(`${focus}.`)) fills.set(v.code, OUTSIDE_FOCUS_COLOR);
      return fills;
    });
    this.title = $derived(
      `${i18n.t('bivariateTitle', {
        x: this.view.labelOf(this.data.currentDef),
        y: this.view.labelOf(this.def),
      })} — ${this.data.values?.period ?? ''}`,
    );
    this.subtitle = $derived(
      `${viewState.view.level === 'kecamatan' ? 'Kecamatan' : 'Kelurahan'} · ${i18n.t('method')}: ${i18n.t('bivariateMethod')}`,
    );
    this.legend = $derived(
      legendSpec(
        this.classification,
        {
          x: this.axisTitle(this.data.currentDef),
          y: this.axisTitle(this.def),
        },
        { x: formatFor(this.classification.x), y: formatFor(this.classification.y) },
        i18n.t('allValues'),
      ),
    );
    $effect(() => this.load());
  }

  /** The legend as the PNG export draws it (with the words of its last two rows). */
  get exportLegend(): BivariateExport {
    return { ...this.legend, noDataLabel: i18n.t('noData'), suppressedLabel: i18n.t('suppressed') };
  }

  /** "Persentase keluarga miskin (%)" (the unit once); a program indicator names its program. */
  private axisTitle(def: IndicatorDef | undefined): string {
    if (!def) return '';
    const title = this.view.labelOf(def);
    const unit = unitLabel(def.unit);
    // "… per 1.000 jiwa" already says its unit.
    return title.includes(unit) ? title : i18n.t('bivariateAxis', { title, unit });
  }

  private load() {
    const { level, program, bivariate } = viewState.view;
    const period = this.data.values?.period ?? viewState.view.period;
    const def = this.def;
    this.values = undefined;
    this.error = undefined;
    if (!bivariate || !period || !def) return;
    const controller = new AbortController();
    fetchIndicatorValues(bivariate, period, level, controller.signal, def.program ? program : undefined)
      .then((v) => (this.values = v))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.error = message(err);
      });
    return () => controller.abort();
  }
}
