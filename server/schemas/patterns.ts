// The plain values behind the shared schemas: patterns and level names with no imports at all, so the web can
// bundle them (it reads codes from URLs with the same patterns the API validates them with).

export const PATTERNS = {
  /** A semester period code such as 2025-07. */
  period: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  program: '^[a-z0-9_]{1,20}$',
  indicator: '^[a-z0-9_]{1,60}$',
  /** A PPKS or need category code. */
  category: '^[a-z0-9_]{1,40}$',
  kecamatan: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$',
  /** A kecamatan or kelurahan code. */
  area: '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}(\\.[0-9]{4})?$',
  /** Any area from the city down: city, kecamatan or kelurahan. */
  anyArea: '^[0-9]{2}\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?$',
} as const;

/** Levels the registry holds boundaries for. */
export const AREA_LEVELS = ['kelurahan', 'kecamatan'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** Levels indicators are summed to (the city is one area). */
export const INDICATOR_LEVELS = [...AREA_LEVELS, 'city'] as const;
export type IndicatorLevelCode = (typeof INDICATOR_LEVELS)[number];

/** Languages of downloads and messages. */
export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** True when `value` matches one of the patterns (whole string). */
export const matches = (pattern: keyof typeof PATTERNS, value: string): boolean =>
  new RegExp(PATTERNS[pattern]).test(value);
