// The fixed legend sets' messages in both languages, spread into the two server catalogues (kept apart so the
// catalogues stay short). A refused set names the break, colour or label at fault and what to send instead.

export const LEGEND_SET_MESSAGES_EN = {
  'legendSet.onlyAdmins': 'Only an administrator may save or delete a fixed legend set.',
  'legendSet.noBreaks': 'A fixed legend set needs at least one break (two classes).',
  'legendSet.tooManyBreaks':
    'A fixed legend set has at most {max} breaks ({classes} classes), not {count}; merge some classes.',
  'legendSet.notAscending':
    'Break {n} ({value}) must be greater than the break before it ({previous}); list the breaks from low to high.',
  'legendSet.colorCount': '{breaks} break(s) need {expected} colours, one per class, not {count}.',
  'legendSet.badColor': 'Colour {n} ("{value}") is not a hex colour such as #fd8d3c.',
  'legendSet.labelCount':
    'The labels in language "{lang}" must be one per class ({expected}), not {count}; or leave them out to have them written.',
  'legendSet.labelTooLong':
    'Label {n} in language "{lang}" is {length} characters long; a label may have at most {max}.',
  'notFound.legendSet': 'There is no fixed legend set for {indicator}{program}.',
} as const satisfies Record<string, string>;

export const LEGEND_SET_MESSAGES_ID = {
  'legendSet.onlyAdmins': 'Hanya administrator yang boleh menyimpan atau menghapus set legenda tetap.',
  'legendSet.noBreaks': 'Set legenda tetap memerlukan sedikitnya satu batas kelas (dua kelas).',
  'legendSet.tooManyBreaks':
    'Set legenda tetap memuat paling banyak {max} batas ({classes} kelas), bukan {count}; gabungkan beberapa kelas.',
  'legendSet.notAscending':
    'Batas ke-{n} ({value}) harus lebih besar dari batas sebelumnya ({previous}); urutkan batas dari kecil ke besar.',
  'legendSet.colorCount': '{breaks} batas memerlukan {expected} warna, satu per kelas, bukan {count}.',
  'legendSet.badColor': 'Warna ke-{n} ("{value}") bukan warna heksadesimal seperti #fd8d3c.',
  'legendSet.labelCount':
    'Label berbahasa "{lang}" harus satu per kelas ({expected}), bukan {count}; atau kosongkan agar dibuat otomatis.',
  'legendSet.labelTooLong':
    'Label ke-{n} berbahasa "{lang}" panjangnya {length} karakter; paling banyak {max}.',
  'notFound.legendSet': 'Belum ada set legenda tetap untuk {indicator}{program}.',
} as const satisfies Record<keyof typeof LEGEND_SET_MESSAGES_EN, string>;
