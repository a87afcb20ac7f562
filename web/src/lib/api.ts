// The API client: typed fetchers with AbortSignal, and problem+json errors turned into readable messages.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export interface AreaProperties {
  code: string;
  name: string;
  level: 'kecamatan' | 'kelurahan';
  kecamatan_code: string | null;
  kecamatan: string | null;
  area_km2: number;
}
export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProperties> & {
  synthetic: boolean;
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

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    let detail = res.statusText;
    try {
      const body = (await res.json()) as { detail?: string };
      detail = body.detail ?? detail;
    } catch {
      /* not JSON: keep the status text */
    }
    throw new ApiError(res.status, `${res.status}: ${detail}`);
  }
  return (await res.json()) as T;
}

export function fetchAreas(level: 'kelurahan' | 'kecamatan', signal?: AbortSignal): Promise<AreaCollection> {
  return getJson<AreaCollection>(`/api/v1/regions/${level}?simplify=0.00005`, signal);
}
