// Household vector tiles for the roles that may see household locations (never the public). Cluster tiles
// (below POINT_ZOOM) are aggregates that cannot single a household out (repositories/tiles-repository.ts), so
// they are served without an audit row; point tiles are person-level location data, each one audited in the
// transaction that reads it.
import { householdStyle, householdTileJson, type TileSetOptions } from '../domain/tile-style.ts';
import { badRequestT } from '../lib/problem.ts';
import { POINT_ZOOM } from '../repositories/tiles-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';

/** Lowest zoom offered to GIS clients (the web map's too): below it a cluster covers several kelurahan. */
export const TILE_MIN_ZOOM = 10;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export interface TilesOptions {
  regionCode: string;
  poorDesilMax: number;
  /** Fewest households a served cluster may hold (SUPPRESSION_K, the public small-cell threshold). */
  minClusterHouseholds: number;
}

export class TilesService {
  constructor(
    private readonly db: Db,
    private readonly periodAccess: Pick<PeriodAccess, 'forRead'>,
    private readonly opts: TilesOptions,
  ) {}

  /**
   * What GIS clients need to load the tiles (TileJSON, or a MapLibre style over it) for the period the caller
   * may see; no person-level data, so not audited (the tiles themselves are).
   */
  async householdTileSet(
    actor: Actor,
    origin: string,
    requestedPeriod: string | undefined,
    form: 'tilejson' | 'style',
  ): Promise<object> {
    const period = (await this.periodAccess.forRead(requestedPeriod, actor)).code;
    const { regions, tiles } = this.db.repos;
    const options: TileSetOptions = {
      origin,
      period,
      regionName: await regions.regionName(this.opts.regionCode),
      // Without active boundaries (a fresh install) the whole world, so the description stays valid.
      bounds: (await tiles.regionBounds(this.opts.regionCode)) ?? [-180, -85.0511, 180, 85.0511],
      minzoom: TILE_MIN_ZOOM,
      pointZoom: POINT_ZOOM,
      poorDesilMax: this.opts.poorDesilMax,
    };
    return form === 'tilejson' ? householdTileJson(options) : householdStyle(options);
  }

  /** The household tile z/x/y of the period (the latest the caller may see when none is named). */
  async householdTile(actor: Actor, { z, x, y }: TileAddress, requestedPeriod?: string): Promise<Buffer> {
    if (x >= 2 ** z || y >= 2 ** z) throw badRequestT('tiles.outside', { z, x, y, max: 2 ** z });
    const period = (await this.periodAccess.forRead(requestedPeriod, actor)).code;
    const scope = scopeOf(actor);
    const { regionCode, poorDesilMax, minClusterHouseholds: k } = this.opts;
    const { tiles, summaries } = this.db.repos;
    if (z < POINT_ZOOM) {
      // The precomputed cells while the period's summaries are fresh (they are rebuilt together); after a
      // write, until the next refresh, the live query keeps tiles exact. Both apply the same cluster rule.
      return (await summaries.isFresh(regionCode, period))
        ? tiles.cellTile(regionCode, period, z, x, y, scope, k)
        : tiles.householdTile(regionCode, period, z, x, y, scope, poorDesilMax, k);
    }
    return this.db.transaction(async (repos) => {
      const tile = await repos.tiles.householdTile(regionCode, period, z, x, y, scope, poorDesilMax, k);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'read',
        entity: 'household_tile',
        entityIds: [`${z}/${x}/${y}`],
        periodCode: period,
      });
      return tile;
    });
  }
}
