// The strings of coarsened and small-base areas (issue #18): legend rows, the area panel's note, the ranking's
// marks. Spread into the app's catalogues (i18n.svelte.ts), whose type makes a missing translation an error.
export const COARSENING_ID = {
  coarsenedLegend: 'nilai tingkat kecamatan (disamarkan)',
  uncertainLegend: 'penyebut kecil (< {n} {base}): tafsirkan hati-hati',
  baseHouseholds: 'KK',
  basePersons: 'jiwa',
  coarsenedNote:
    'Nilai kelurahan ini disamarkan (sel kecil). Peta menampilkan nilai tingkat kecamatan {kecamatan}: {value}.',
  uncertainNote: 'Penyebut kecil (< {n} {base}): nilai ini mudah berubah, tafsirkan hati-hati.',
  coarsenedMark: 'nilai kecamatan',
  uncertainMark: 'penyebut kecil',
};

export const COARSENING_EN: { [K in keyof typeof COARSENING_ID]: string } = {
  coarsenedLegend: 'kecamatan-level value (kelurahan suppressed)',
  uncertainLegend: 'small denominator (< {n} {base}): interpret with care',
  baseHouseholds: 'households',
  basePersons: 'persons',
  coarsenedNote:
    "This kelurahan's value is suppressed (small cell). The map shows the kecamatan-level value of {kecamatan}: {value}.",
  uncertainNote: 'Small denominator (< {n} {base}): this value swings easily, interpret with care.',
  coarsenedMark: 'kecamatan value',
  uncertainMark: 'small denominator',
};
