// The API client: typed fetchers with AbortSignal, and problem+json errors turned into readable messages.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { i18n } from './i18n.svelte.ts';

export interface AreaProperties {
  code: string;
  name: string;
  level: 'kecamatan' | 'kelurahan';
  kecamatan_code: string | null;
  kecamatan: string | null;
  area_km2: number;
  boundary_source: string;
  synthetic_people: boolean;
}
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties> & {
  name: string;
  description: string | null;
  /** The registry is the synthetic demo (the boundaries are official). */
  synthetic_people: boolean;
  boundary_set: string | null;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function failure(res: Response): Promise<ApiError> {
  let detail = res.statusText;
  try {
    const body = (await res.json()) as { detail?: string };
    detail = body.detail ?? detail;
  } catch {
    /* not JSON: keep the status text */
  }
  return new ApiError(res.status, detail);
}

/** Sends JSON with the session's CSRF token (every state-changing request needs it). */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  csrf: string | null,
): Promise<T | undefined> {
  const res = await fetch(url, {
    method,
    // No content-type without a body: Fastify rejects an empty body declared as JSON.
    headers: {
      accept: 'application/json',
      'accept-language': i18n.lang,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? undefined : ((await res.json()) as T);
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    signal,
    headers: { accept: 'application/json', 'accept-language': i18n.lang },
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export function fetchAreas(level: 'kelurahan' | 'kecamatan', signal?: AbortSignal): Promise<AreaCollection> {
  return getJson<AreaCollection>(`/api/v1/regions/${level}?simplify=0.00005`, signal);
}

export interface SessionInfo {
  user: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    kelurahan: string[];
    programs: string[];
  };
  csrfToken: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  username: string | null;
  role: string | null;
  action: string;
  entity: string;
  entity_ids: string[];
  period_code: string | null;
  reason: string | null;
  ip: string | null;
}

export interface IndicatorDef {
  id: string;
  label: { id: string; en: string };
  unit: string;
  higherIsWorse: boolean;
  program: boolean;
}

export interface IndicatorValue {
  code: string;
  name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
  previous?: number | null;
  change?: number | null;
}

export interface IndicatorValues {
  indicator: string;
  period: string;
  level: string;
  suppressed: boolean;
  values: IndicatorValue[];
}

export const fetchIndicators = (signal?: AbortSignal) =>
  getJson<IndicatorDef[]>('/api/v1/indicators', signal);
export const fetchPeriods = (signal?: AbortSignal) =>
  getJson<Array<{ code: string; status: string }>>('/api/v1/periods', signal);

/** The URL of an indicator's values (JSON, or a CSV/XLSX download of the same table). */
export function indicatorUrl(
  id: string,
  period: string,
  level: 'kelurahan' | 'kecamatan',
  opts: { program?: string; compare?: string; format?: 'csv' | 'xlsx'; kecamatan?: string } = {},
): string {
  const q = new URLSearchParams({
    period,
    level,
    ...(opts.program ? { program: opts.program } : {}),
    ...(opts.kecamatan ? { kecamatan: opts.kecamatan } : {}),
    ...(opts.compare ? { compare: opts.compare } : {}),
    // A download opened by a link cannot send Accept-Language: the file's language goes in the URL.
    ...(opts.format ? { format: opts.format, lang: i18n.lang } : {}),
  });
  return `/api/v1/indicators/${encodeURIComponent(id)}?${q.toString()}`;
}

export function fetchIndicatorValues(
  id: string,
  period: string,
  level: 'kelurahan' | 'kecamatan',
  signal?: AbortSignal,
  program?: string,
  compare?: string,
): Promise<IndicatorValues> {
  return getJson<IndicatorValues>(indicatorUrl(id, period, level, { program, compare }), signal);
}

export const fetchPrograms = (signal?: AbortSignal) =>
  getJson<Array<{ code: string; name: string }>>('/api/v1/programs', signal);

export interface ProgramInfo {
  code: string;
  name: string;
  rule: unknown;
  version: number;
}

export interface CoverageArea {
  code: string;
  households: number;
  eligible: number;
  enrolled: number;
  gap: number;
  gapShare: number | null;
  leakage: number;
}

export const fetchCoverage = (program: string, period: string, signal?: AbortSignal) =>
  getJson<{ program: string; period: string; areas: CoverageArea[] }>(
    `/api/v1/programs/${encodeURIComponent(program)}/coverage?period=${encodeURIComponent(period)}`,
    signal,
  );

export interface SiteAnswer {
  demand: number;
  covered: number;
  coveredShare: number | null;
  radius: number;
  candidates: { kind: string; count: number };
  sites: Array<{
    rank: number;
    lon: number;
    lat: number;
    kelurahan: string | null;
    label: string | null;
    marginal: number;
    reach: number;
    cumulative: number;
  }>;
}

export interface WhatIfAnswer {
  total: { current: number; proposed: number; gained: number; lost: number; lostEnrolled: number };
  areas: Array<{
    code: string;
    current: number;
    proposed: number;
    gained: number;
    lost: number;
    lostEnrolled: number;
  }>;
}

export const targetsUrl = (program: string, area: string, period: string, format: 'csv' | 'xlsx') =>
  `/api/v1/programs/${encodeURIComponent(program)}/targets?${new URLSearchParams({ area, period, format, lang: i18n.lang }).toString()}`;
