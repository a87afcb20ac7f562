// Kelurahan shapes from the demo geography, for generator tests that need no database.
import { generateDemoGeography } from '../../geodata/demo-geography.ts';
import type { KelurahanShape } from '../../server/demo/registry-generator.ts';

let cached: KelurahanShape[] | undefined;

export function demoShapes(): KelurahanShape[] {
  cached ??= generateDemoGeography(20251231).kelurahan.map((f) => ({
    code: f.properties.code,
    name: f.properties.name,
    kecamatanCode: f.properties.kecamatan_code!,
    geometry: { type: 'MultiPolygon', coordinates: f.geometry.coordinates },
    areaKm2: 1,
  }));
  return cached;
}
