// The semester atlas as data: one page for the city and one per kecamatan (its kelurahan), each with its shapes
// already projected onto the page, its fills and patterns, legend rows, scale bar and texts, in the caller's
// language. Pure (no PDF, no database), so the renderer (lib/atlas-pdf.ts) only draws and tests can read it.
//
// The classes are the web map's default ones: the same pure module (web/src/lib/map/classify.ts) is
// imported read-only rather than copied, so a printed atlas and the map on screen never disagree about which
// class an area is in; the map's UI wording (source line, no data, suppressed, units) comes from the map's own
// catalogue (web/src/lib/app/screen-strings.ts, plain objects) for the same reason.
import {
  classify,
  classLabels,
  classOf,
  decimalsFor,
  type Classification,
} from '../../../web/src/lib/map/classify.ts';
import { NO_DATA_COLOR, SUPPRESSED_COLOR } from '../../../web/src/lib/map/base-style.ts';
import { SCREEN_EN, SCREEN_ID } from '../../../web/src/lib/app/screen-strings.ts';
import { t, type Lang } from '../../i18n/translate.ts';
import type { Unit } from '../indicators.ts';
import {
  bboxOf,
  fitProjection,
  pageLayout,
  scaleBar,
  type PageLayout,
  type PageSize,
  type ScaleBar,
} from './layout.ts';

/** A MultiPolygon's coordinates: polygons of rings of [lon, lat]. */
export type MultiPolygon = number[][][][];

export interface AtlasArea {
  code: string;
  name: string;
  /** The kecamatan of a kelurahan; null for a kecamatan. */
  parent: string | null;
  geometry: MultiPolygon;
}

export interface AtlasValue {
  value: number | null;
  suppressed: boolean;
}

export interface AtlasInput {
  lang: Lang;
  size: PageSize;
  /** The indicator's name in `lang`, with its program's name for a program indicator. */
  indicatorTitle: string;
  unit: Unit;
  period: string;
  regionName: string;
  kelurahan: readonly AtlasArea[];
  kecamatan: readonly AtlasArea[];
  values: ReadonlyMap<string, AtlasValue>;
  /** The registry is the synthetic demo: the source line says so (as the PNG export's does). */
  synthetic: boolean;
  /** The date the atlas is dated (YYYY-MM-DD): on every page and in the PDF's metadata. */
  date: string;
}

export type Mark = 'suppressed' | 'nodata';

export interface Shape {
  /** Polygons of rings of page points. */
  polygons: Array<Array<Array<[number, number]>>>;
  fill: string;
  mark?: Mark;
  /** A neighbour drawn faint for context, not part of the page's subject. */
  context?: boolean;
}

export interface LegendRow {
  color: string;
  label: string;
  mark?: Mark;
}

export interface AtlasPage {
  title: string;
  area: string;
  period: string;
  legendTitle: string;
  unitLine: string;
  legend: LegendRow[];
  notes: string[];
  source: string;
  north: string;
  pageLine: string;
  shapes: Shape[];
  /** Kecamatan borders over the kelurahan (heavier lines): all on the city page, its own on a kecamatan's. */
  outlines: Shape[];
  scaleBar: ScaleBar;
}

export interface AtlasDocument {
  layout: PageLayout;
  lang: Lang;
  title: string;
  date: string;
  pages: AtlasPage[];
}

const SCREEN = { id: SCREEN_ID, en: SCREEN_EN } as const;
/** The web map's default classes (view-state.svelte.ts): five quantile classes of YlOrRd. */
const METHOD = 'quantile';
const CLASSES = 5;
const PALETTE = 'YlOrRd';
/** Neighbours outside a kecamatan page's subject. */
export const CONTEXT_COLOR = '#eceff1';

function unitLabel(lang: Lang, unit: Unit): string {
  const s = SCREEN[lang];
  const labels: Partial<Record<Unit, string>> = {
    households: s.unit_households,
    percent: s.unit_percent,
    per_km2: s.unit_per_km2,
    per_1000: s.unit_per_1000,
  };
  return labels[unit] ?? unit;
}

/** Classes over the whole city's published kelurahan figures, so every page's colours compare. */
export function cityClasses(input: AtlasInput): Classification {
  const integer = input.unit === 'households';
  const values = input.kelurahan.map((k) => input.values.get(k.code) ?? { value: null, suppressed: false });
  const figures = values.filter((v) => !v.suppressed && v.value !== null).map((v) => v.value!);
  return classify(figures, METHOD, CLASSES, PALETTE, { integer });
}

function fillOf(v: AtlasValue | undefined, c: Classification): { fill: string; mark?: Mark } {
  if (v?.suppressed) return { fill: SUPPRESSED_COLOR, mark: 'suppressed' };
  if (!v || v.value === null) return { fill: NO_DATA_COLOR, mark: 'nodata' };
  return { fill: c.colors[classOf(v.value, c.thresholds)]! };
}

/** What one page shows: its subject's kelurahan, faint neighbours, and the kecamatan borders drawn over. */
interface PagePlan {
  area: string;
  subject: readonly AtlasArea[];
  context: readonly AtlasArea[];
  borders: readonly AtlasArea[];
  city: boolean;
}

export function buildAtlas(input: AtlasInput): AtlasDocument {
  const { lang } = input;
  const layout = pageLayout(input.size);
  const s = SCREEN[lang];
  const classes = cityClasses(input);
  const digits = classes.integer ? 0 : decimalsFor(classes.thresholds);
  const nf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
  const ranges = classLabels(classes, (v) => nf.format(v), s.allValues);
  const source = (input.synthetic ? s.source : s.sourceReal).replace('{date}', input.date);
  const pages: PagePlan[] = [
    {
      area: t(lang, 'atlas.cityPage', { region: input.regionName }),
      subject: input.kelurahan,
      context: [],
      borders: input.kecamatan,
      city: true,
    },
    ...input.kecamatan.map((kec) => ({
      area: t(lang, 'atlas.kecamatanPage', { name: kec.name }),
      subject: input.kelurahan.filter((k) => k.parent === kec.code),
      context: input.kelurahan.filter((k) => k.parent !== kec.code),
      borders: [kec],
      city: false,
    })),
  ];
  const total = pages.length;
  return {
    layout,
    lang,
    title: input.indicatorTitle,
    date: input.date,
    pages: pages.map((p, i) => {
      const projection = fitProjection(
        bboxOf(p.subject.flatMap((a) => a.geometry.flat())),
        layout.map,
        10 * layout.scale,
      );
      const project = (g: MultiPolygon) =>
        g.map((poly) => poly.map((ring) => ring.map(([lon, lat]) => projection.project(lon!, lat!))));
      const counts = new Array<number>(classes.colors.length).fill(0);
      let noData = 0;
      let suppressed = 0;
      const shapes: Shape[] = p.subject.map((a) => {
        const v = input.values.get(a.code);
        const f = fillOf(v, classes);
        if (f.mark === 'suppressed') suppressed += 1;
        else if (f.mark === 'nodata') noData += 1;
        else counts[classOf(v!.value!, classes.thresholds)]! += 1;
        return { polygons: project(a.geometry), ...f };
      });
      const context: Shape[] = p.context.map((a) => ({
        polygons: project(a.geometry),
        fill: CONTEXT_COLOR,
        context: true,
      }));
      return {
        title: input.indicatorTitle,
        area: p.area,
        period: t(lang, 'atlas.period', { period: input.period }),
        legendTitle: t(lang, 'atlas.legend'),
        unitLine: `${s.unit}: ${unitLabel(lang, input.unit)}`,
        legend: [
          ...classes.colors.map((color, c) => ({ color, label: `${ranges[c]} (${counts[c]})` })),
          { color: NO_DATA_COLOR, label: `${s.noData} (${noData})`, mark: 'nodata' as const },
          { color: SUPPRESSED_COLOR, label: `${s.suppressed} (${suppressed})`, mark: 'suppressed' as const },
        ],
        notes: [
          t(lang, 'atlas.classesCity'),
          t(lang, 'atlas.patterns'),
          ...(p.city ? [] : [t(lang, 'atlas.context')]),
        ],
        source,
        north: s.north,
        pageLine: t(lang, 'atlas.pageOf', { page: i + 1, pages: total }),
        shapes: [...context, ...shapes],
        outlines: p.borders.map((k) => ({ polygons: project(k.geometry), fill: 'none' })),
        scaleBar: scaleBar(projection.metresPerPoint, layout.map.w / 4),
      };
    }),
  };
}
