// The targeting screen's state: the tab, program and period; coverage per kelurahan (the sites tab's unmet
// ranking and the coverage tab's gap and leakage share it); and the target list of the city, a kecamatan or a
// kelurahan, one page at a time (the server audits each page it hands out, and each file export).
// The tab, program and area live in the hash (`#targeting/lists-pkh-33.74.01`), so a link opens the same view.
import { getJson, type AreaCollection, type CoverageArea } from '../api';
import { i18n } from '../i18n.svelte';
import type { TargetList } from '../types/api-types';

export const TABS = ['sites', 'lists', 'coverage'] as const;
export type TargetingTab = (typeof TABS)[number];
export type ListLevel = 'city' | 'kecamatan' | 'kelurahan';
export type TargetSort = TargetList['sort'];
export type CoverageMeasure = 'gap' | 'leakage';
export const TARGET_PAGE = 25;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'id');

export class TargetingManager {
  tab = $state<TargetingTab>('sites');
  program = $state('');
  period = $state('');

  coverage = $state<CoverageArea[]>([]);
  coverageLoading = $state(false);
  coverageError = $state<string | undefined>();
  measure = $state<CoverageMeasure>('gap');

  level = $state<ListLevel>('city');
  kecamatan = $state('');
  kelurahan = $state('');
  sort = $state<TargetSort>('priority');
  offset = $state(0);
  list = $state<TargetList | undefined>();
  listLoading = $state(false);
  listError = $state<string | undefined>();

  /** Names and kecamatan by code: fixed while the screen is open (plain records, nothing to react to). */
  private readonly names: Record<string, string>;
  private readonly kecamatanOf: Record<string, string>;
  readonly kecamatanOptions: Array<{ value: string; label: string }>;
  private readonly allKelurahan: Array<{ value: string; label: string; parent: string | null }>;

  constructor(
    kelurahanAreas: AreaCollection,
    kecamatanAreas: AreaCollection,
    private readonly programs: () => Array<{ code: string; name: string }>,
  ) {
    const features = [...kelurahanAreas.features, ...kecamatanAreas.features];
    this.names = Object.fromEntries(features.map((f) => [f.properties.code, f.properties.name]));
    this.kecamatanOf = Object.fromEntries(
      kelurahanAreas.features.map((f) => [f.properties.code, f.properties.kecamatan_code ?? '']),
    );
    this.kecamatanOptions = kecamatanAreas.features
      .map((f) => ({ value: f.properties.code, label: f.properties.name }))
      .sort(byName);
    this.allKelurahan = kelurahanAreas.features
      .map((f) => ({
        value: f.properties.code,
        label: f.properties.name,
        parent: f.properties.kecamatan_code,
      }))
      .sort(byName);
  }

  /** The kelurahan to choose from: those of the chosen kecamatan, or all of them. */
  readonly kelurahanOptions = $derived.by(() =>
    this.allKelurahan.filter((k) => !this.kecamatan || k.parent === this.kecamatan),
  );

  nameOf = (code: string): string => this.names[code] ?? code;
  programName = (): string => this.programs().find((p) => p.code === this.program)?.name ?? this.program;

  /** The area the list is for: a kelurahan or kecamatan code, or undefined for the whole city. */
  readonly area = $derived(
    this.level === 'kelurahan' && this.kelurahan
      ? this.kelurahan
      : this.level !== 'city' && this.kecamatan
        ? this.kecamatan
        : undefined,
  );
  readonly areaName = $derived(this.area ? this.nameOf(this.area) : i18n.t('targetsCity'));

  // ── The hash: tab-program[-area] ───────────────────────────────────────────────────────────────────
  get param(): string {
    const parts: string[] = [this.tab, this.program];
    if (this.tab === 'lists' && this.area) parts.push(this.area);
    return parts.filter(Boolean).join('-');
  }

  /** Takes the view a link names; unknown parts are ignored (the defaults stay). */
  applyParam(param: string): void {
    const [tab, program, area] = param.split('-');
    if ((TABS as readonly string[]).includes(tab ?? '')) this.tab = tab as TargetingTab;
    if (program && this.programs().some((p) => p.code === program)) this.program = program;
    if (area && area in this.names) {
      if (this.kecamatanOf[area]) {
        this.level = 'kelurahan';
        this.kecamatan = this.kecamatanOf[area] ?? '';
        this.kelurahan = area;
      } else {
        this.level = 'kecamatan';
        this.kecamatan = area;
        this.kelurahan = '';
      }
    }
  }

  // ── Choices (each starts the list at its first page) ──────────────────────────────────────────────
  setLevel(level: ListLevel): void {
    this.level = level;
    if (level !== 'kelurahan') this.kelurahan = '';
    if (level !== 'city' && !this.kecamatan) this.kecamatan = this.kecamatanOptions[0]?.value ?? '';
    if (level === 'kelurahan' && !this.kelurahan) this.kelurahan = this.kelurahanOptions[0]?.value ?? '';
    this.offset = 0;
  }
  setKecamatan(code: string): void {
    this.kecamatan = code;
    if (this.level === 'kelurahan') this.kelurahan = this.kelurahanOptions[0]?.value ?? '';
    this.offset = 0;
  }
  setKelurahan(code: string): void {
    this.kelurahan = code;
    this.offset = 0;
  }
  /** A kelurahan clicked on the map: its list. */
  chooseKelurahan(code: string): void {
    const parent = this.kecamatanOf[code];
    if (!parent) return;
    this.level = 'kelurahan';
    this.kecamatan = parent;
    this.kelurahan = code;
    this.offset = 0;
  }
  setSort(sort: TargetSort): void {
    this.sort = sort;
    this.offset = 0;
  }
  nextPage(): void {
    if (this.list?.truncated) this.offset += TARGET_PAGE;
  }
  previousPage(): void {
    this.offset = Math.max(0, this.offset - TARGET_PAGE);
  }

  // ── Loading ───────────────────────────────────────────────────────────────────────────────────────
  private targetsQuery(extra: Record<string, string>): string {
    const q: Record<string, string> = { period: this.period, sort: this.sort, ...extra };
    if (this.area) q.area = this.area;
    // A string built once per call, never kept: nothing to react to.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const search = new URLSearchParams(q).toString();
    return `/api/v1/programs/${encodeURIComponent(this.program)}/targets?${search}`;
  }

  /** The whole list as a file (the server audits the export); in the screen's language. */
  exportUrl(format: 'csv' | 'xlsx'): string {
    return this.targetsQuery({ format, lang: i18n.lang });
  }

  async loadCoverage(signal: AbortSignal): Promise<void> {
    if (!this.program || !this.period) return;
    this.coverageLoading = true;
    this.coverageError = undefined;
    try {
      const answer = await getJson<{ areas: CoverageArea[] }>(
        `/api/v1/programs/${encodeURIComponent(this.program)}/coverage?period=${encodeURIComponent(this.period)}`,
        signal,
      );
      this.coverage = answer.areas;
    } catch (err) {
      if (!signal.aborted) this.coverageError = message(err);
    } finally {
      if (!signal.aborted) this.coverageLoading = false;
    }
  }

  async loadList(signal: AbortSignal): Promise<void> {
    if (!this.program || !this.period) return;
    this.listLoading = true;
    try {
      this.list = await getJson<TargetList>(
        this.targetsQuery({ limit: String(TARGET_PAGE), offset: String(this.offset) }),
        signal,
      );
      this.listError = undefined;
    } catch (err) {
      if (!signal.aborted) this.listError = message(err);
    } finally {
      if (!signal.aborted) this.listLoading = false;
    }
  }
}
