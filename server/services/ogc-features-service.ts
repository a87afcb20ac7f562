// The OGC API – Features collections over what the API already publishes: boundaries from RegionsService and
// indicator values from IndicatorService, so public collections get exactly the public answer (the one
// suppression path) and staff collections exactly what the caller would see signed in. This service adds
// only the OGC shape: which collections exist for whom, their extents, bbox filtering and paging.
import { envelope, intersects, union, type Bbox, type PolygonalGeometry } from '../domain/bbox.ts';
import {
  allCollections,
  fieldsOf,
  indicatorCollectionId,
  parseCollectionId,
  type CollectionRef,
  type Field,
  type OgcLevel,
} from '../domain/ogc-collections.ts';
import { ogcText } from '../i18n/ogc-texts.ts';
import type { Lang } from '../i18n/translate.ts';
import { notFoundT, problem } from '../lib/problem.ts';
import { scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { IndicatorService } from './indicator-service.ts';
import type { RegionsService } from './regions-service.ts';

export interface OgcFeature {
  id: string;
  properties: Record<string, unknown>;
  geometry: PolygonalGeometry;
}

export interface CollectionInfo {
  ref: CollectionRef;
  title: string;
  description: string;
  fields: Field[];
}

export interface ItemsQuery {
  period?: string;
  bbox?: Bbox;
  limit: number;
  offset: number;
}

export interface ItemsPage {
  info: CollectionInfo;
  /** The period the values are of (indicator collections), null for boundaries. */
  period: string | null;
  numberMatched: number;
  features: OgcFeature[];
}

interface Parsed {
  text: string;
  features: OgcFeature[];
  extent: Bbox | undefined;
}

export class OgcFeaturesService {
  private readonly parsed = new Map<OgcLevel, Parsed>();

  constructor(
    private readonly db: Db,
    private readonly regionCode: string,
    private readonly indicators: IndicatorService,
    private readonly regions: RegionsService,
  ) {}

  /** Every collection the caller may read: staff collections only for signed-in callers (a token). */
  async collections(actor: Actor, lang: Lang): Promise<CollectionInfo[]> {
    const programs = await this.programCodes(actor);
    return allCollections(programs, actor.user !== null).map((ref) => this.describe(ref, lang));
  }

  /** One collection and its extent (the active boundary set's box). */
  async collection(id: string, actor: Actor, lang: Lang): Promise<CollectionInfo & { extent?: Bbox }> {
    const ref = await this.resolve(id, actor);
    const { extent } = await this.areas(ref.level);
    return { ...this.describe(ref, lang), ...(extent ? { extent } : {}) };
  }

  async items(id: string, q: ItemsQuery, actor: Actor, lang: Lang): Promise<ItemsPage> {
    const { info, period, features } = await this.all(id, q.period, actor, lang);
    const box = q.bbox;
    const matched = box ? features.filter((f) => intersects(f.geometry, box)) : features;
    return {
      info,
      period,
      numberMatched: matched.length,
      features: matched.slice(q.offset, q.offset + q.limit),
    };
  }

  async feature(
    id: string,
    featureId: string,
    period: string | undefined,
    actor: Actor,
    lang: Lang,
  ): Promise<{ info: CollectionInfo; period: string | null; feature: OgcFeature }> {
    const { info, period: at, features } = await this.all(id, period, actor, lang);
    const feature = features.find((f) => f.id === featureId);
    if (!feature) throw notFoundT('notFound.feature', { id, featureId });
    return { info, period: at, feature };
  }

  private async all(id: string, period: string | undefined, actor: Actor, lang: Lang) {
    const ref = await this.resolve(id, actor);
    const info = this.describe(ref, lang);
    const { features } = await this.areas(ref.level);
    if (ref.kind === 'boundaries') return { info, period: null, features };
    // Public collections answer as the public API does, whoever asks; staff ones as the caller signed in.
    const who: Actor = ref.staff ? actor : { ...actor, user: null, role: null, username: null };
    const answer = await this.indicators.read(
      {
        id: ref.def.id,
        level: ref.level,
        ...(ref.program ? { program: ref.program } : {}),
        ...(period ? { period } : {}),
      },
      who,
    );
    const byCode = new Map(answer.values.map((v) => [v.code, v]));
    const withValues = features.map((f) => {
      const v = byCode.get(f.id);
      return {
        ...f,
        properties: {
          ...f.properties,
          indicator: ref.def.id,
          indicator_label: ref.def.label[lang],
          unit: ref.def.unit,
          program: ref.program,
          period: answer.period,
          numerator: v?.numerator ?? null,
          denominator: v?.denominator ?? null,
          value: v?.value ?? null,
          suppressed: v?.suppressed ?? false,
        },
      };
    });
    return { info, period: answer.period, features: withValues };
  }

  private async resolve(id: string, actor: Actor): Promise<CollectionRef> {
    // A staff collection names programs the caller may see; a public one any program (public aggregates).
    const ref = parseCollectionId(id, await this.programCodes(id.endsWith('-staff') ? actor : undefined));
    if (!ref) throw notFoundT('notFound.collection', { id });
    if (ref.kind === 'indicator' && ref.staff && actor.user === null)
      throw problem(401, 'unauthenticated', 'ogc.staffOnly', {
        id,
        publicId: indicatorCollectionId(ref.def, ref.level, ref.program, false),
      });
    return ref;
  }

  private async programCodes(actor: Actor | undefined): Promise<string[]> {
    const scope = actor?.user ? scopeOf(actor) : {};
    return (await this.db.repos.programs.list(this.regionCode, scope)).map((p) => p.program_code);
  }

  private describe(ref: CollectionRef, lang: Lang): CollectionInfo {
    const fields = fieldsOf(ref);
    if (ref.kind === 'boundaries')
      return {
        ref,
        fields,
        title: ogcText(lang, 'boundaries', { level: ref.level }),
        description: ogcText(lang, 'serviceDescription'),
      };
    const extras = [
      ref.program ? ogcText(lang, 'program', { program: ref.program }) : null,
      ref.staff ? ogcText(lang, 'staff') : null,
    ].filter((e) => e !== null);
    const title = ogcText(lang, 'indicator', { indicator: ref.def.label[lang], level: ref.level });
    return {
      ref,
      fields,
      title: extras.length ? `${title} (${extras.join('; ')})` : title,
      description: ogcText(lang, 'indicatorDescription', { level: ref.level }),
    };
  }

  /** The level's areas with their stored geometry, parsed once per boundary answer (kept until an import). */
  private async areas(level: OgcLevel): Promise<Parsed> {
    const text = await this.regions.featureCollection({ level, simplified: false });
    const known = this.parsed.get(level);
    if (known?.text === text) return known;
    const fc = JSON.parse(text) as { features: OgcFeature[] };
    const features = fc.features.map((f) => ({
      id: String(f.id),
      properties: f.properties,
      geometry: f.geometry,
    }));
    const parsed = { text, features, extent: union(features.map((f) => envelope(f.geometry))) };
    this.parsed.set(level, parsed);
    return parsed;
  }
}
