// Public figures for Kota Semarang (../shared/docs/DOMAIN.md) that calibrate the synthetic demo city,
// and the rough shape the demo geography is drawn in. Nothing here is a real boundary.

export interface KecamatanFacts {
  code: string;
  areaKm2: number;
  people2022: number;
  families2022: number;
  unfitHouses2023: number;
  /** Approximate centre (lon, lat): where the synthetic kecamatan is grown from. */
  anchor: [number, number];
  /** Relative poverty pressure used by the demo registry (1 = city average); from the slum and extreme-poverty notes. */
  povertyPressure: number;
}

export const SEMARANG_CODE = '33.74';

export const SEMARANG_KECAMATAN: readonly KecamatanFacts[] = [
  {
    code: '33.74.01',
    areaKm2: 6.14,
    people2022: 54338,
    families2022: 22985,
    unfitHouses2023: 299,
    anchor: [110.417, -6.979],
    povertyPressure: 1.0,
  },
  {
    code: '33.74.02',
    areaKm2: 10.97,
    people2022: 116054,
    families2022: 43115,
    unfitHouses2023: 1110,
    anchor: [110.426, -6.949],
    povertyPressure: 1.8,
  },
  {
    code: '33.74.03',
    areaKm2: 7.7,
    people2022: 65427,
    families2022: 25710,
    unfitHouses2023: 348,
    anchor: [110.437, -6.97],
    povertyPressure: 1.1,
  },
  {
    code: '33.74.04',
    areaKm2: 6.18,
    people2022: 69334,
    families2022: 24080,
    unfitHouses2023: 292,
    anchor: [110.446, -6.976],
    povertyPressure: 1.2,
  },
  {
    code: '33.74.05',
    areaKm2: 27.39,
    people2022: 128696,
    families2022: 36580,
    unfitHouses2023: 667,
    anchor: [110.474, -6.954],
    povertyPressure: 1.4,
  },
  {
    code: '33.74.06',
    areaKm2: 20.72,
    people2022: 193125,
    families2022: 62372,
    unfitHouses2023: 307,
    anchor: [110.483, -7.017],
    povertyPressure: 1.2,
  },
  {
    code: '33.74.07',
    areaKm2: 5.93,
    people2022: 61212,
    families2022: 24098,
    unfitHouses2023: 123,
    anchor: [110.424, -6.997],
    povertyPressure: 0.7,
  },
  {
    code: '33.74.08',
    areaKm2: 6.54,
    people2022: 74461,
    families2022: 27879,
    unfitHouses2023: 248,
    anchor: [110.426, -7.012],
    povertyPressure: 0.9,
  },
  {
    code: '33.74.09',
    areaKm2: 9.07,
    people2022: 55490,
    families2022: 19984,
    unfitHouses2023: 153,
    anchor: [110.404, -7.012],
    povertyPressure: 0.7,
  },
  {
    code: '33.74.10',
    areaKm2: 44.2,
    people2022: 193480,
    families2022: 57635,
    unfitHouses2023: 840,
    anchor: [110.469, -7.056],
    povertyPressure: 1.3,
  },
  {
    code: '33.74.11',
    areaKm2: 25.69,
    people2022: 141319,
    families2022: 46606,
    unfitHouses2023: 164,
    anchor: [110.422, -7.078],
    povertyPressure: 0.6,
  },
  {
    code: '33.74.12',
    areaKm2: 54.11,
    people2022: 98674,
    families2022: 31364,
    unfitHouses2023: 248,
    anchor: [110.375, -7.073],
    povertyPressure: 0.9,
  },
  {
    code: '33.74.13',
    areaKm2: 21.74,
    people2022: 146915,
    families2022: 52518,
    unfitHouses2023: 294,
    anchor: [110.378, -6.971],
    povertyPressure: 1.0,
  },
  {
    code: '33.74.14',
    areaKm2: 57.55,
    people2022: 85818,
    families2022: 24620,
    unfitHouses2023: 411,
    anchor: [110.321, -7.055],
    povertyPressure: 1.0,
  },
  {
    code: '33.74.15',
    areaKm2: 37.99,
    people2022: 142553,
    families2022: 44804,
    unfitHouses2023: 440,
    anchor: [110.323, -7.002],
    povertyPressure: 0.9,
  },
  {
    code: '33.74.16',
    areaKm2: 31.78,
    people2022: 33079,
    families2022: 11383,
    unfitHouses2023: 169,
    anchor: [110.328, -6.964],
    povertyPressure: 0.4,
  },
];

/** Official area of the city, km². */
export const SEMARANG_AREA_KM2 = 373.7;

/** Hand-drawn (lon, lat) outline in Semarang's bounding box, counter-clockwise and closed; sea to the north. */
const RAW_OUTLINE: ReadonlyArray<[number, number]> = [
  [110.272, -6.982],
  [110.278, -7.0],
  [110.272, -7.03],
  [110.276, -7.06],
  [110.295, -7.086],
  [110.32, -7.096],
  [110.35, -7.1],
  [110.38, -7.108],
  [110.41, -7.113],
  [110.44, -7.11],
  [110.47, -7.096],
  [110.49, -7.07],
  [110.496, -7.04],
  [110.5, -7.01],
  [110.504, -6.975],
  [110.5, -6.946],
  [110.485, -6.938],
  [110.46, -6.936],
  [110.44, -6.94],
  [110.42, -6.936],
  [110.405, -6.941],
  [110.385, -6.946],
  [110.36, -6.953],
  [110.33, -6.951],
  [110.3, -6.956],
  [110.276, -6.962],
  [110.272, -6.982],
];

/** Shrinks the hand-drawn outline about its centre so the synthetic city covers about the official area. */
const OUTLINE_SCALE = 0.95;
const CENTRE: [number, number] = [110.39, -7.02];
export const DEMO_OUTLINE: ReadonlyArray<[number, number]> = RAW_OUTLINE.map(([x, y]) => [
  CENTRE[0] + (x - CENTRE[0]) * OUTLINE_SCALE,
  CENTRE[1] + (y - CENTRE[1]) * OUTLINE_SCALE,
]);
