// Kelurahan shapes from the shipped official polygons, for generator tests that need no database.
import turfArea from '@turf/area';
import { readKelurahan } from '../../geodata/semarang.ts';
import type { KelurahanShape } from '../../server/demo/registry-generator.ts';

let cached: KelurahanShape[] | undefined;

export function demoShapes(): KelurahanShape[] {
  cached ??= readKelurahan().features.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    kecamatanCode: f.properties.district_code,
    geometry:
      f.geometry.type === 'Polygon'
        ? { type: 'MultiPolygon', coordinates: [f.geometry.coordinates] }
        : f.geometry,
    areaKm2: turfArea(f) / 1e6,
  }));
  return cached;
}
