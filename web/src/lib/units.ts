// Units as users say them, in both languages: every legend, panel and export names what its numbers are.
import type { Unit } from '../../../server/domain/indicators.ts';
import { i18n, type MessageKey } from './i18n.svelte';

/** The catalogue's label of each unit the indicators use (server/domain/indicators.ts names the units). */
const UNIT_KEYS: Partial<Record<Unit, MessageKey>> = {
  households: 'unit_households',
  percent: 'unit_percent',
  per_km2: 'unit_per_km2',
  per_1000: 'unit_per_1000',
};

export function unitLabel(unit: string, change = false): string {
  const key = Object.hasOwn(UNIT_KEYS, unit) ? UNIT_KEYS[unit as Unit] : undefined;
  const base = key ? i18n.t(key) : unit;
  return change ? i18n.t('unitChange', { unit: base }) : base;
}
