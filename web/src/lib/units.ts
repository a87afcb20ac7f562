// Units as users say them, in both languages: every legend, panel and export names what its numbers are.
import { i18n, type MessageKey } from './i18n.svelte';

export function unitLabel(unit: string, change = false): string {
  const key = `unit_${unit}` as MessageKey;
  const base = key in CATALOGUE_KEYS ? i18n.t(key) : unit;
  return change ? i18n.t('unitChange', { unit: base }) : base;
}

const CATALOGUE_KEYS: Record<string, true> = {
  unit_households: true,
  unit_percent: true,
  unit_per_km2: true,
  unit_per_1000: true,
};
