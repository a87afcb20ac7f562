// The fixed legend sets the map uses (one per indicator and program), loaded once for the app and again after
// an admin saves or deletes one, and the user's choice per indicator between the fixed and the computed
// classes. The rules (which set, how it classifies) live in map/legend-sets.ts.
import { getJson, sendJson } from '../api';
import { findSet, setKey, type LegendSet, type LegendSetBody } from '../map/legend-sets';
import { session } from '../session.svelte';

const url = (indicator: string, program: string | null) =>
  `/api/v1/legend-sets/${encodeURIComponent(indicator)}${program ? `?program=${encodeURIComponent(program)}` : ''}`;

class LegendSets {
  sets = $state<LegendSet[]>([]);
  /** Indicators (and programs) the user switched back to computed classes. */
  computed = $state<string[]>([]);
  error = $state<string | undefined>();
  busy = $state(false);
  private requested = false;

  /** Loads the sets the first time a map asks (the sets are public styling: no login needed). */
  ensureLoaded(): void {
    if (this.requested) return;
    this.requested = true;
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.sets = (await getJson<{ sets: LegendSet[] }>('/api/v1/legend-sets')).sets;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  setFor(indicator: string, program: string | null): LegendSet | undefined {
    return findSet(this.sets, indicator, program);
  }

  /** The set the map draws with: the saved one, unless the user chose computed classes. */
  activeFor(indicator: string, program: string | null): LegendSet | undefined {
    if (this.computed.includes(setKey(indicator, program))) return undefined;
    return this.setFor(indicator, program);
  }

  useFixed(indicator: string, program: string | null, on: boolean): void {
    const key = setKey(indicator, program);
    this.computed = on ? this.computed.filter((k) => k !== key) : [...this.computed, key];
  }

  async save(indicator: string, program: string | null, body: LegendSetBody): Promise<boolean> {
    return this.change(async () => {
      await sendJson('PUT', url(indicator, program), body, session.csrf);
      this.useFixed(indicator, program, true);
    });
  }

  async remove(indicator: string, program: string | null): Promise<boolean> {
    return this.change(() => sendJson('DELETE', url(indicator, program), undefined, session.csrf));
  }

  private async change(work: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = undefined;
    try {
      await work();
      await this.reload();
      return true;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const legendSets = new LegendSets();
