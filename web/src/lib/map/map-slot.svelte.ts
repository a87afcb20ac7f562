// A screen's MapLibre instance, which may not exist yet: MapLibre starts on the page's first input
// (map-demand.svelte.ts), so an action that needs the map (the PNG export) asks for it and waits until it has
// been created and has drawn, instead of doing nothing. Type-only use of maplibre-gl: no MapLibre code here.
import type { Map as MapLibreMap } from 'maplibre-gl';
import { wantMap } from './map-demand.svelte';

export class MapSlot {
  /** The map, once MapLibreView has created it and its areas are in (its onReady). */
  current = $state.raw<MapLibreMap | undefined>();
  private waiters: Array<(m: MapLibreMap) => void> = [];

  /** MapLibreView's onReady. */
  readonly set = (m: MapLibreMap): void => {
    this.current = m;
    for (const resolve of this.waiters.splice(0)) resolve(m);
  };

  /** The map once it exists and has drawn (nothing loading), started if need be; rejects after `ms`. */
  drawn(ms = 30_000): Promise<MapLibreMap> {
    wantMap();
    const created = this.current
      ? Promise.resolve(this.current)
      : new Promise<MapLibreMap>((resolve) => this.waiters.push(resolve));
    const drawn = created.then((m) =>
      m.loaded() && m.areTilesLoaded()
        ? m
        : new Promise<MapLibreMap>((resolve) => m.once('idle', () => resolve(m))),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the map did not load')), ms);
    });
    return Promise.race([drawn, late]).finally(() => clearTimeout(timer));
  }
}
