// The house's place on the record's small map: the point being placed (clicked, dragged, moved by arrow keys
// or typed), whether it lies in the household's kelurahan (checked here before saving and by the server on
// save, which refuses a point elsewhere), and the save under the record's version. A stale version offers a
// reload; a refused point says why, beside the map, and nothing is stored.
import { ApiError, fetchAreas, sendJson } from '../api';
import { i18n } from '../i18n.svelte';
import { session } from '../session.svelte';
import { confirmWrite } from '../proposals/held';
import type { Polygon, MultiPolygon } from 'geojson';
import { centreOf, contains, nudge, round, samePoint, type LonLat } from './location';
import type { Household } from './types';

type Geometry = Polygon | MultiPolygon;

// One load of the kelurahan boundaries for the whole session: every record's picker reads the same.
let boundaries: Promise<Map<string, Geometry>> | undefined;
function kelurahanGeometries(): Promise<Map<string, Geometry>> {
  boundaries ??= fetchAreas('kelurahan').then(
    (fc) => new Map(fc.features.map((f) => [f.properties.code, f.geometry])),
  );
  boundaries.catch(() => (boundaries = undefined)); // a failed load is tried again next time
  return boundaries;
}

export class LocationPicker {
  /** The kelurahan's boundary, once loaded (undefined when it has none). */
  geometry = $state<Geometry | undefined>();
  /** The point as placed now; null before one is placed. */
  point = $state<LonLat | null>(null);
  /** The point as stored. */
  saved = $state<LonLat | null>(null);
  error = $state<string | undefined>();
  /** The save met a newer version of the record: the picker offers a reload. */
  stale = $state(false);
  saving = $state(false);
  loadError = $state<string | undefined>();

  /** Inside the kelurahan (true while its boundary is unknown: the server decides then). */
  readonly inside = $derived(!this.point || !this.geometry || contains(this.geometry, this.point));
  readonly changed = $derived(!samePoint(this.point, this.saved));
  readonly canSave = $derived(!!this.point && this.changed && this.inside && !this.saving);

  constructor(
    private readonly record: () => Household,
    /** Reloads the record (after a save, or to take a newer version). */
    private readonly reload: (id: string) => Promise<void>,
  ) {}

  /** Takes the record as loaded: its point, and its kelurahan's boundary. */
  async reset(): Promise<void> {
    const h = this.record();
    this.saved = h.location ? round(h.location) : null;
    this.point = this.saved;
    this.error = undefined;
    this.stale = false;
    try {
      this.geometry = (await kelurahanGeometries()).get(h.kelurahanCode);
      this.loadError = undefined;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  /** A click, a drag's end or typed coordinates. */
  place(p: LonLat): void {
    this.point = round(p);
    this.error = undefined;
  }

  /** An arrow key: from the current point, or from inside the kelurahan when none is placed yet. */
  move(eastMetres: number, northMetres: number): void {
    const from = this.point ?? this.start();
    if (from) this.place(nudge(from, eastMetres, northMetres));
  }

  /** Where a house without a point starts: inside its kelurahan. */
  start(): LonLat | undefined {
    return this.geometry ? centreOf(this.geometry) : undefined;
  }

  undo(): void {
    this.point = this.saved;
    this.error = undefined;
  }

  async save(): Promise<void> {
    const h = this.record();
    if (!this.point) return;
    if (!this.inside) {
      this.error = i18n.t('locOutsideKelurahan', { kelurahan: h.kelurahan });
      return;
    }
    this.saving = true;
    this.error = undefined;
    try {
      const answer = await sendJson(
        'PATCH',
        `/api/v1/households/${h.id}`,
        { version: h.version, changes: { location: this.point } },
        session.csrf,
      );
      confirmWrite(answer, () => i18n.t('locSaved'));
      await this.reload(h.id);
      await this.reset();
    } catch (err) {
      this.stale = err instanceof ApiError && err.status === 409;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.saving = false;
    }
  }

  /** After a stale save: the newer record, with the point it has now. */
  async takeNewer(): Promise<void> {
    await this.reload(this.record().id);
    await this.reset();
  }
}
