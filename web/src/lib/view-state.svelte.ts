// What the map shows, kept in the URL so a link reproduces the view. Codes read from the URL are checked with
// the patterns the API validates them with (server/schemas/patterns.ts, a module with no imports).
import { matches, type AreaLevel } from '../../../server/schemas/patterns.ts';
import { METHODS, PALETTES, type Method, type Palette } from './map/classify';

export interface View {
  indicator: string;
  period: string;
  method: Method;
  classes: number;
  palette: Palette;
  level: AreaLevel;
  /** For program indicators (coverage gap, leakage). */
  program: string;
  /** Map the change since the previous period instead of the value. */
  compare: boolean;
  /** Split view: a second, synchronised map of another period (YYYY-MM) or another indicator (its id); '' = off. */
  split: string;
  /** Drill-down: the kecamatan whose kelurahan are shown ('' = the whole city). */
  focus: string;
  /** Show the households layer (roles that may see household locations). */
  households: boolean;
  /** In a drill-down, keep the whole city's classes (to compare) instead of classifying the kecamatan's own. */
  cityClasses: boolean;
  /** Bivariate map: a second indicator's id, its tertiles crossed with the first's on a 3 × 3 grid; '' = off. */
  bivariate: string;
  /** The household heat layer (roles that may see household locations, with the households layer on). */
  heat: boolean;
}

function read(): View {
  const q = new URLSearchParams(location.search);
  const program = q.get('program') ?? '';
  const split = q.get('split') ?? '';
  const focus = q.get('focus') ?? '';
  const method = q.get('method') as Method | null;
  const palette = q.get('palette') as Palette | null;
  const classes = Number(q.get('classes'));
  return {
    indicator: q.get('indicator') ?? 'poor_share',
    period: q.get('period') ?? '',
    method: method && METHODS.includes(method) ? method : 'quantile',
    classes: Number.isInteger(classes) && classes >= 3 && classes <= 9 ? classes : 5,
    palette: palette && PALETTES.includes(palette) ? palette : 'YlOrRd',
    level: q.get('level') === 'kecamatan' ? 'kecamatan' : 'kelurahan',
    program: matches('program', program) ? program : 'pkh',
    compare: q.get('compare') === 'true',
    split: matches('period', split) || matches('indicator', split) ? split : '',
    focus: matches('kecamatan', focus) ? focus : '',
    households: q.get('households') === 'true',
    cityClasses: q.get('cityClasses') === 'true',
    bivariate: matches('indicator', q.get('bivariate') ?? '') ? q.get('bivariate')! : '',
    heat: q.get('heat') === 'true',
  };
}

class ViewState {
  view = $state<View>(read());

  set(patch: Partial<View>): void {
    this.view = { ...this.view, ...patch };
    const url = new URL(location.href);
    for (const [k, v] of Object.entries(this.view)) url.searchParams.set(k, String(v));
    history.replaceState(null, '', url);
  }
}

export const viewState = new ViewState();
