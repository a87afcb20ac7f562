import area from '@turf/area';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionAreas } from '../../geodata/area-codes.ts';
import { generateDemoGeography, type DemoGeography } from '../../geodata/demo-geography.ts';
import { SEMARANG_AREA_KM2, SEMARANG_KECAMATAN } from '../../geodata/semarang-facts.ts';

const digest = (g: DemoGeography) => createHash('sha256').update(JSON.stringify(g)).digest('hex');
const km2 = (f: DemoGeography['kelurahan'][number]) => area(f.geometry) / 1e6;

describe('demo geography', () => {
  let geo: DemoGeography;
  beforeAll(() => {
    geo = generateDemoGeography(7);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(digest(generateDemoGeography(7))).toBe(digest(geo));
    expect(digest(generateDemoGeography(8))).not.toBe(digest(geo));
  });

  it('uses every real Kemendagri code and name of Kota Semarang', () => {
    const names = regionAreas('33.74');
    expect(names.kecamatan).toHaveLength(16);
    expect(names.kelurahan).toHaveLength(177);
    expect(geo.kecamatan.map((f) => [f.properties.code, f.properties.name])).toEqual(
      names.kecamatan.map((k) => [k.code, k.name]),
    );
    expect(
      geo.kelurahan.map((f) => [f.properties.code, f.properties.name, f.properties.kecamatan_code]),
    ).toEqual(names.kelurahan.map((k) => [k.code, k.name, k.kecamatanCode]));
  });

  it('gives each kecamatan an area proportional to its real area (within 10 %)', () => {
    const total = geo.kecamatan.reduce((s, f) => s + km2(f), 0);
    const factTotal = SEMARANG_KECAMATAN.reduce((s, f) => s + f.areaKm2, 0);
    expect(total).toBeGreaterThan(SEMARANG_AREA_KM2 * 0.95);
    expect(total).toBeLessThan(SEMARANG_AREA_KM2 * 1.05);
    for (const f of geo.kecamatan) {
      const fact = SEMARANG_KECAMATAN.find((k) => k.code === f.properties.code)!;
      const share = km2(f) / total;
      const target = fact.areaKm2 / factTotal;
      expect(Math.abs(share - target) / target, f.properties.name).toBeLessThan(0.1);
    }
  });

  it('makes every kelurahan a single polygon whose kecamatan holds it', () => {
    for (const f of geo.kelurahan) {
      expect(f.geometry.coordinates, f.properties.code).toHaveLength(1);
      expect(km2(f)).toBeGreaterThan(0.05);
    }
    for (const kec of geo.kecamatan) {
      const members = geo.kelurahan.filter((k) => k.properties.kecamatan_code === kec.properties.code);
      const sum = members.reduce((s, f) => s + km2(f), 0);
      expect(Math.abs(sum - km2(kec)) / km2(kec), kec.properties.name).toBeLessThan(1e-6);
    }
  });

  it('stays inside Semarang\u2019s bounding box', () => {
    for (const f of geo.kecamatan) {
      for (const [lon, lat] of f.geometry.coordinates.flat(2)) {
        expect(lon).toBeGreaterThan(110.26);
        expect(lon).toBeLessThan(110.52);
        expect(lat).toBeGreaterThan(-7.13);
        expect(lat).toBeLessThan(-6.92);
      }
    }
  });
});
