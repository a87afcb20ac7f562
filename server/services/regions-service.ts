// Boundaries of the active boundary set as GeoJSON text, for the map and for GIS tools. They change only with a
// boundary import (which notifies the answer cache), so each answer is kept in memory until then.
import { notFoundT } from '../lib/problem.ts';
import type { AnswerCache } from '../lib/answer-cache.ts';
import type { AreaLevel } from '../repositories/regions-repository.ts';
import type { Db } from './db.ts';

export interface BoundaryQuery {
  level: AreaLevel;
  /** The map's copy (simplified once per set along shared edges) instead of the stored geometry. */
  simplified: boolean;
  /** Only kelurahan of this kecamatan; 404 if there is no such kecamatan. */
  kecamatan?: string;
}

export class RegionsService {
  constructor(
    private readonly db: Db,
    private readonly regionCode: string,
    private readonly cache?: Pick<AnswerCache, 'memo'>,
  ) {}

  async featureCollection(q: BoundaryQuery): Promise<string> {
    const { regions } = this.db.repos;
    if (q.kecamatan && !(await regions.area(q.kecamatan)))
      throw notFoundT('notFound.kecamatan', { code: q.kecamatan });
    const compute = () =>
      regions.featureCollection({
        regionCode: this.regionCode,
        level: q.level,
        simplified: q.simplified,
        ...(q.kecamatan ? { kecamatanCode: q.kecamatan } : {}),
      });
    const key = `regions:${q.level}:${q.simplified ? 'map' : 'stored'}:${q.kecamatan ?? ''}`;
    return this.cache ? this.cache.memo(key, compute) : compute();
  }
}
