// The official Kota Semarang boundaries shipped with Sidaksos (provenance and MIT notice in SOURCE.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export const KELURAHAN_FILE = fileURLToPath(new URL('./semarang-kelurahan.geojson', import.meta.url));
export const KECAMATAN_FILE = fileURLToPath(new URL('./semarang-kecamatan.geojson', import.meta.url));

/** What the boundary set's label and source say, and what GIS clients see on every feature. */
export const SEMARANG_BOUNDARY_LABEL = 'Batas resmi Kemendagri 300.2.2-2430/2025';
export const SEMARANG_BOUNDARY_SOURCE =
  'Official kelurahan boundaries (Kepmendagri 300.2.2-2430/2025 codes), cahyadsn/wilayah_boundaries, MIT; ' +
  'kecamatan dissolved from them. Shipped in geodata/ (see geodata/SOURCE.md).';

export interface KelurahanProperties {
  code: string;
  name: string;
  district_code: string;
  district: string;
}
export interface KecamatanProperties {
  code: string;
  name: string;
}

function read<P>(file: string): FeatureCollection<Polygon | MultiPolygon, P> {
  return JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, P>;
}

export const readKelurahan = () => read<KelurahanProperties>(KELURAHAN_FILE);
export const readKecamatan = () => read<KecamatanProperties>(KECAMATAN_FILE);
