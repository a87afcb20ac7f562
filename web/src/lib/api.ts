// The API client: typed fetchers with AbortSignal, and problem+json errors turned into readable messages.
// Answer types come from the server's schemas (types/api-types.ts), never retyped here.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { i18n } from './i18n.svelte.ts';
import type * as T from './types/api-types.ts';

export type AreaProperties = T.AreaProperties;
/** Boundaries as GeoJSON (the geometry typed by GeoJSON itself) with the collection's own fields. */
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties> & T.AreaCollectionInfo;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The problem's kind (the last part of its type URI, e.g. `stale-version`), when the answer names one. */
    readonly kind?: string,
  ) {
    super(message);
  }
}

/**
 * What a failed answer means when it carries no message of ours (a proxy's 502, a body-size refusal before the
 * app, an HTML error page): said in the user's language, with what to do, never the server's English status text.
 */
export function statusMessage(status: number): string {
  if (status === 401) return i18n.t('apiSignedOut');
  if (status === 403) return i18n.t('apiForbidden');
  if (status === 404) return i18n.t('apiNotFound');
  if (status === 413) return i18n.t('apiTooLarge');
  if (status === 429) return i18n.t('apiTooMany');
  if (status >= 500) return i18n.t('apiServerError', { status });
  return i18n.t('apiRefused', { status });
}

/** A failed answer as an ApiError: the problem's own detail (already in the user's language), or its meaning. */
export async function failure(res: Response): Promise<ApiError> {
  let detail: string | undefined;
  let kind: string | undefined;
  try {
    const body = (await res.json()) as { detail?: string; type?: string };
    detail = typeof body.detail === 'string' && body.detail ? body.detail : undefined;
    kind = body.type?.split('/').pop();
  } catch {
    /* not JSON: the status says what happened */
  }
  return new ApiError(res.status, detail ?? statusMessage(res.status), kind);
}

/**
 * fetch, with the failures that never reach the server said in the user's language: no network, the server
 * down (the browser's own "Failed to fetch" is English whatever the screen's language). An aborted request
 * stays an AbortError, which callers ignore.
 */
export async function apiFetch(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, i18n.t('apiOffline'), 'network');
  }
}

/** Sends JSON with the session's CSRF token (every state-changing request needs it). */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  csrf: string | null,
  /** Aborts the request (a newer one makes its answer moot). */
  signal?: AbortSignal,
): Promise<T | undefined> {
  const res = await apiFetch(url, {
    method,
    signal,
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

/** Uploads a multipart form (a file and its fields) with the CSRF token; the answer's JSON. */
export async function postForm<T>(url: string, form: FormData, csrf: string | null): Promise<T> {
  const res = await apiFetch(url, {
    method: 'POST',
    // No content-type: the browser sets multipart/form-data with its boundary.
    headers: {
      accept: 'application/json',
      'accept-language': i18n.lang,
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: form,
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await apiFetch(url, {
    signal,
    headers: { accept: 'application/json', 'accept-language': i18n.lang },
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export function fetchAreas(level: T.AreaLevel, signal?: AbortSignal): Promise<AreaCollection> {
  return getJson<AreaCollection>(`/api/v1/regions/${level}?simplify=0.00005`, signal);
}

export type SessionInfo = T.Session;
export type AuditEntry = T.AuditRow;
export type IndicatorDef = T.IndicatorDef;
/** `parent` is optional here: the web never reads it (a drill-down asks ?kecamatan=), and fixtures omit it. */
// The server always sends uncertain and coarsened; optional here so values built without them (fixtures, other
// views' figures) still type.
export type IndicatorValue = Omit<T.IndicatorValue, 'parent' | 'uncertain' | 'coarsened'> &
  Partial<Pick<T.IndicatorValue, 'parent' | 'uncertain' | 'coarsened'>>;
export type IndicatorValues = Omit<T.IndicatorValues, 'values'> & { values: IndicatorValue[] };
export type ProgramInfo = T.Program;
export type CoverageArea = T.Coverage;
export type SiteAnswer = T.SitesAnswer;
export type WhatIfAnswer = T.WhatIfAnswer;

export const fetchIndicators = (signal?: AbortSignal) =>
  getJson<IndicatorDef[]>('/api/v1/indicators', signal);
export const fetchPeriods = (signal?: AbortSignal) => getJson<T.PeriodRow[]>('/api/v1/periods', signal);

/** The URL of an indicator's values (JSON, or a CSV/XLSX download of the same table). */
export function indicatorUrl(
  id: string,
  period: string,
  level: T.AreaLevel,
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
  level: T.AreaLevel,
  signal?: AbortSignal,
  program?: string,
  compare?: string,
): Promise<IndicatorValues> {
  return getJson<IndicatorValues>(indicatorUrl(id, period, level, { program, compare }), signal);
}

export const fetchPrograms = (signal?: AbortSignal) => getJson<T.Program[]>('/api/v1/programs', signal);

export const fetchCoverage = (program: string, period: string, signal?: AbortSignal) =>
  getJson<T.CoverageAnswer>(
    `/api/v1/programs/${encodeURIComponent(program)}/coverage?period=${encodeURIComponent(period)}`,
    signal,
  );

export const targetsUrl = (program: string, area: string, period: string, format: 'csv' | 'xlsx') =>
  `/api/v1/programs/${encodeURIComponent(program)}/targets?${new URLSearchParams({ area, period, format, lang: i18n.lang }).toString()}`;
