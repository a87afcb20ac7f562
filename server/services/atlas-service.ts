// The semester atlas (GET /api/v1/atlas.pdf and `npm run cli -- atlas`): one indicator's kelurahan values as
// the public sees them (IndicatorService: finalized periods only, small cells suppressed with their
// complements), on the map's simplified boundaries, laid out page by page (domain/atlas) and drawn as a vector
// PDF (lib/atlas-pdf.ts). It is always the published atlas, whoever asks — a signed-in planner, the operator's
// CLI or the public — so the same inputs give the same bytes from either door, and a printed atlas never holds
// an unsuppressed figure.
import {
  buildAtlas,
  type AtlasArea,
  type AtlasValue,
  type MultiPolygon,
} from '../domain/atlas/atlas-pages.ts';
import type { PageSize } from '../domain/atlas/layout.ts';
import { INDICATORS, indicator } from '../domain/indicators.ts';
import { t, type Lang } from '../i18n/translate.ts';
import { atlasPdf } from '../lib/atlas-pdf.ts';
import { badRequestT } from '../lib/problem.ts';
import type { Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { IndicatorService } from './indicator-service.ts';

export interface AtlasQuery {
  indicator: string;
  period?: string;
  program?: string;
  size: PageSize;
  lang: Lang;
  /** The date printed on the pages and in the PDF's metadata (YYYY-MM-DD); default today (UTC). */
  date?: string;
}

export interface AtlasFile {
  filename: string;
  contentType: 'application/pdf';
  body: Buffer;
}

interface FeatureCollection {
  synthetic_people: boolean;
  features: Array<{
    properties: { code: string; name: string; kecamatan_code: string | null };
    geometry:
      { type: 'MultiPolygon'; coordinates: MultiPolygon } | { type: 'Polygon'; coordinates: number[][][] };
  }>;
}

function areasOf(fc: FeatureCollection): AtlasArea[] {
  return fc.features.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    parent: f.properties.kecamatan_code,
    geometry: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
  }));
}

function validDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
}

export class AtlasService {
  constructor(
    private readonly db: Db,
    private readonly indicators: IndicatorService,
  ) {}

  async pdf(q: AtlasQuery, caller: Actor): Promise<AtlasFile> {
    const def = indicator(q.indicator);
    if (!def)
      throw badRequestT('atlas.unknownIndicator', {
        id: q.indicator,
        known: INDICATORS.map((d) => d.id).join(', '),
      });
    const date = q.date ?? new Date().toISOString().slice(0, 10);
    if (!validDate(date)) throw badRequestT('atlas.badDate', { date });
    // The public's view of the figures, whoever calls (see the file comment).
    const actor: Actor = { ...caller, user: null, role: null, via: 'api' };
    const answer = await this.indicators.read(
      { id: def.id, period: q.period, level: 'kelurahan', program: q.program },
      actor,
    );
    const { regions, programs } = this.db.repos;
    const geometry = (level: 'kelurahan' | 'kecamatan') =>
      regions
        .featureCollection({ regionCode: actor.regionCode, level, simplified: true })
        .then((text) => JSON.parse(text) as FeatureCollection);
    const [kelurahan, kecamatan, regionName, program] = await Promise.all([
      geometry('kelurahan'),
      geometry('kecamatan'),
      regions.regionName(actor.regionCode),
      answer.program ? programs.find(actor.regionCode, answer.program, {}) : undefined,
    ]);
    const label = def.label[q.lang];
    const indicatorTitle = program ? `${label} · ${program.name}` : label;
    const values = new Map<string, AtlasValue>(
      answer.values.map((v) => [v.code, { value: v.value, suppressed: v.suppressed }]),
    );
    const atlas = buildAtlas({
      lang: q.lang,
      size: q.size,
      indicatorTitle,
      unit: def.unit,
      period: answer.period,
      regionName,
      kelurahan: areasOf(kelurahan),
      kecamatan: areasOf(kecamatan),
      values,
      synthetic: kelurahan.synthetic_people,
      date,
    });
    const body = await atlasPdf(
      atlas,
      t(q.lang, 'atlas.documentTitle', { indicator: indicatorTitle, period: answer.period }),
    );
    const name = [def.id, answer.program, answer.period, q.size, q.lang].filter((p) => p !== null).join('-');
    return { filename: `sidaksos-atlas-${name}.pdf`, contentType: 'application/pdf', body };
  }
}
