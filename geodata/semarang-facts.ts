// Public figures for Kota Semarang (BPS 2022 people and families, RTLH 2023) that calibrate the synthetic demo
// registry placed inside the official boundaries (semarang.ts): households per kecamatan follow the real family
// counts, unfit houses the real RTLH rate.

export interface KecamatanFacts {
  code: string;
  people2022: number;
  families2022: number;
  unfitHouses2023: number;
  /** Relative poverty pressure used by the demo registry (1 = city average); from the slum and extreme-poverty notes. */
  povertyPressure: number;
}

export const SEMARANG_CODE = '33.74';

export const SEMARANG_KECAMATAN: readonly KecamatanFacts[] = [
  {
    code: '33.74.01',
    people2022: 54338,
    families2022: 22985,
    unfitHouses2023: 299,
    povertyPressure: 1.0,
  },
  {
    code: '33.74.02',
    people2022: 116054,
    families2022: 43115,
    unfitHouses2023: 1110,
    povertyPressure: 1.8,
  },
  {
    code: '33.74.03',
    people2022: 65427,
    families2022: 25710,
    unfitHouses2023: 348,
    povertyPressure: 1.1,
  },
  {
    code: '33.74.04',
    people2022: 69334,
    families2022: 24080,
    unfitHouses2023: 292,
    povertyPressure: 1.2,
  },
  {
    code: '33.74.05',
    people2022: 128696,
    families2022: 36580,
    unfitHouses2023: 667,
    povertyPressure: 1.4,
  },
  {
    code: '33.74.06',
    people2022: 193125,
    families2022: 62372,
    unfitHouses2023: 307,
    povertyPressure: 1.2,
  },
  {
    code: '33.74.07',
    people2022: 61212,
    families2022: 24098,
    unfitHouses2023: 123,
    povertyPressure: 0.7,
  },
  {
    code: '33.74.08',
    people2022: 74461,
    families2022: 27879,
    unfitHouses2023: 248,
    povertyPressure: 0.9,
  },
  {
    code: '33.74.09',
    people2022: 55490,
    families2022: 19984,
    unfitHouses2023: 153,
    povertyPressure: 0.7,
  },
  {
    code: '33.74.10',
    people2022: 193480,
    families2022: 57635,
    unfitHouses2023: 840,
    povertyPressure: 1.3,
  },
  {
    code: '33.74.11',
    people2022: 141319,
    families2022: 46606,
    unfitHouses2023: 164,
    povertyPressure: 0.6,
  },
  {
    code: '33.74.12',
    people2022: 98674,
    families2022: 31364,
    unfitHouses2023: 248,
    povertyPressure: 0.9,
  },
  {
    code: '33.74.13',
    people2022: 146915,
    families2022: 52518,
    unfitHouses2023: 294,
    povertyPressure: 1.0,
  },
  {
    code: '33.74.14',
    people2022: 85818,
    families2022: 24620,
    unfitHouses2023: 411,
    povertyPressure: 1.0,
  },
  {
    code: '33.74.15',
    people2022: 142553,
    families2022: 44804,
    unfitHouses2023: 440,
    povertyPressure: 0.9,
  },
  {
    code: '33.74.16',
    people2022: 33079,
    families2022: 11383,
    unfitHouses2023: 169,
    povertyPressure: 0.4,
  },
];
