// The entries and exits screen's state: the two periods, the level and the flow the map shows (kept in the URL,
// `#changes/2025-07~2025-12~kelurahan~entered`, so a view can be shared), the flows of every area and of the
// whole city (GET /api/v1/flows; a suppressed count is null), and the rows of the table in the order read.
import type { Static } from '@sinclair/typebox';
import { getJson } from '../api';
import { i18n } from '../i18n.svelte';
import { FLOWS, type Flow } from '../../../../server/domain/flows.ts';
import type * as S from '../../../../server/schemas/period.ts';

export { FLOWS, type Flow };
export type FlowsAnswer = Static<typeof S.FlowsAnswer>;
export type FlowArea = FlowsAnswer['areas'][number];
export type ChangesLevel = 'kelurahan' | 'kecamatan';

export interface ChangesChoice {
  from: string;
  to: string;
  level: ChangesLevel;
  flow: Flow;
}

const SEP = '~';
const isFlow = (x: string | undefined): x is Flow => (FLOWS as readonly string[]).includes(x ?? '');

/** What a `#changes/…` link names; anything unreadable is left to the defaults. */
export function parseChoice(param: string): Partial<ChangesChoice> {
  const [from, to, level, flow] = param.split(SEP);
  const period = (x: string | undefined) => (x && /^[0-9]{4}-[0-9]{2}$/.test(x) ? x : undefined);
  return {
    from: period(from),
    to: period(to),
    level: level === 'kelurahan' || level === 'kecamatan' ? level : undefined,
    flow: isFlow(flow) ? flow : undefined,
  };
}

export const choiceParam = (c: ChangesChoice): string => [c.from, c.to, c.level, c.flow].join(SEP);

/**
 * The choice a link asks for, completed from the periods (newest first): the newest period and the one
 * before it, by kecamatan, households entering the register.
 */
export function completeChoice(asked: Partial<ChangesChoice>, periods: readonly string[]): ChangesChoice {
  const known = (p: string | undefined) => (p && periods.includes(p) ? p : undefined);
  const to = known(asked.to) ?? periods[0] ?? '';
  const from = known(asked.from) ?? periods[periods.indexOf(to) + 1] ?? periods[1] ?? '';
  return { from, to, level: asked.level ?? 'kecamatan', flow: asked.flow ?? 'entered' };
}

/** An area's count of one flow: a number, null when suppressed (the public's small cells). */
export const countOf = (a: FlowArea, flow: Flow): number | null => a.flows[flow] ?? null;
export const isSuppressed = (a: FlowArea, flow: Flow): boolean =>
  a.flows[flow] === null || a.suppressed.includes(flow);

/** Most first by the chosen flow, suppressed cells last, then by name (a stable, readable order). */
export function sortedAreas(areas: readonly FlowArea[], flow: Flow, lang: string): FlowArea[] {
  return [...areas].sort((a, b) => {
    const x = countOf(a, flow);
    const y = countOf(b, flow);
    if (x !== y) return (y ?? -1) - (x ?? -1);
    return a.name.localeCompare(b.name, lang);
  });
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const url = (c: ChangesChoice, level: string) =>
  `/api/v1/flows?from=${encodeURIComponent(c.from)}&to=${encodeURIComponent(c.to)}&level=${level}`;

export class ChangesManager {
  answer = $state<FlowsAnswer | undefined>();
  city = $state<FlowArea | undefined>();
  error = $state<string | undefined>();
  loading = $state(false);

  /** Loads the flows of `c` (areas and the city); a newer choice aborts this one through `signal`. */
  async load(c: ChangesChoice, signal: AbortSignal): Promise<void> {
    this.error = undefined;
    if (!c.from || !c.to || c.from >= c.to) {
      this.answer = undefined;
      this.city = undefined;
      if (c.from && c.to) this.error = i18n.t('changesOrder');
      return;
    }
    this.loading = true;
    try {
      const [areas, city] = await Promise.all([
        getJson<FlowsAnswer>(url(c, c.level), signal),
        getJson<FlowsAnswer>(url(c, 'city'), signal),
      ]);
      this.answer = areas;
      this.city = city.areas[0];
    } catch (err) {
      if (!signal.aborted) this.error = message(err);
    } finally {
      if (!signal.aborted) this.loading = false;
    }
  }
}
