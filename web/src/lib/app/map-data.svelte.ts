// The data every screen of the map shares, loaded once and refreshed when the view or the user changes: the
// boundaries, the indicator catalogue, the periods this user may see (the public: finalized only), the programs,
// and the values of the current view and of the split view's second map. A new view aborts the old request.
import {
  fetchAreas,
  fetchIndicators,
  fetchIndicatorValues,
  fetchPeriods,
  fetchPrograms,
  type AreaCollection,
  type IndicatorDef,
  type IndicatorValues,
} from '../api';
import { session } from '../session.svelte';
import { viewState } from '../view-state.svelte';

export interface Period {
  code: string;
  status: string;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class MapData {
  areas = $state.raw<{ kelurahan: AreaCollection; kecamatan: AreaCollection } | undefined>();
  error = $state<string | undefined>();
  indicators = $state.raw<IndicatorDef[]>([]);
  /** Newest first. */
  periods = $state.raw<Period[]>([]);
  programs = $state.raw<Array<{ code: string; name: string }>>([]);
  values = $state.raw<IndicatorValues | undefined>();
  valuesError = $state<string | undefined>();
  splitValues = $state.raw<IndicatorValues | undefined>();
  private attempt = $state(0);

  readonly currentDef = $derived(this.indicators.find((d) => d.id === viewState.view.indicator));
  /** The split view shows a second period (YYYY-MM) of the same indicator, or a second indicator. */
  readonly splitIsPeriod = $derived(/^[0-9]{4}-[0-9]{2}$/.test(viewState.view.split));
  readonly splitIndicator = $derived(this.splitIsPeriod ? viewState.view.indicator : viewState.view.split);
  readonly splitDef = $derived(this.indicators.find((d) => d.id === this.splitIndicator));
  /** The period before the shown one (periods are newest first). */
  readonly previousPeriod = $derived(
    this.periods[this.periods.findIndex((p) => p.code === (this.values?.period ?? viewState.view.period)) + 1]
      ?.code,
  );

  /** Must be created while a component initialises: its effects live as long as that component. */
  constructor() {
    $effect(() => this.loadAreas());
    $effect(() => this.loadCatalogue());
    $effect(() => this.loadValues());
    $effect(() => this.loadSplitValues());
  }

  retry(): void {
    this.attempt++;
  }

  private loadAreas() {
    void this.attempt;
    const controller = new AbortController();
    this.error = undefined;
    Promise.all([fetchAreas('kelurahan', controller.signal), fetchAreas('kecamatan', controller.signal)])
      .then(([kelurahan, kecamatan]) => (this.areas = { kelurahan, kecamatan }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.error = message(err);
      });
    return () => controller.abort();
  }

  private loadCatalogue() {
    void session.user; // logging in may reveal the open period
    void this.attempt;
    const controller = new AbortController();
    Promise.all([
      fetchIndicators(controller.signal),
      fetchPeriods(controller.signal),
      fetchPrograms(controller.signal),
    ])
      .then(([defs, ps, progs]) => {
        this.indicators = defs;
        this.programs = progs;
        this.periods = [...ps].reverse();
        if (!ps.some((p) => p.code === viewState.view.period) && this.periods[0])
          viewState.set({ period: this.periods[0].code });
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.error = message(err);
      });
    return () => controller.abort();
  }

  private loadValues() {
    const { indicator, period, level, program, compare } = viewState.view;
    const isProgram = this.indicators.find((d) => d.id === indicator)?.program ?? false;
    const previous = compare
      ? this.periods[this.periods.findIndex((p) => p.code === period) + 1]?.code
      : undefined;
    void session.user;
    if (!period) return;
    const controller = new AbortController();
    this.valuesError = undefined;
    fetchIndicatorValues(
      indicator,
      period,
      level,
      controller.signal,
      isProgram ? program : undefined,
      previous,
    )
      .then((v) => (this.values = v))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.valuesError = message(err);
      });
    return () => controller.abort();
  }

  private loadSplitValues() {
    const { period, level, program, split, compare } = viewState.view;
    const splitPeriod = this.splitIsPeriod ? split : period;
    // A change map of a period split compares each period with the one before it.
    const previous =
      compare && this.splitIsPeriod
        ? this.periods[this.periods.findIndex((p) => p.code === splitPeriod) + 1]?.code
        : undefined;
    const def = this.splitDef;
    void session.user;
    this.splitValues = undefined;
    if (!split || !splitPeriod || !def) return;
    const controller = new AbortController();
    fetchIndicatorValues(
      this.splitIndicator,
      splitPeriod,
      level,
      controller.signal,
      def.program ? program : undefined,
      previous,
    )
      .then((v) => (this.splitValues = v))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) this.valuesError = message(err);
      });
    return () => controller.abort();
  }
}
