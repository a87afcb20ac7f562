// The periods screen's UI strings, Bahasa Indonesia and English: spread into the app's catalogues
// (i18n.svelte.ts), whose type makes a key missing in one language a compile error here too.
export const PERIODS_ID = {
  periodsTitle: 'Periode pendataan',
  periodsIntro:
    'Setiap semester satu periode terbuka untuk pemutakhiran data. Finalkan periode yang terbuka bila pendataannya selesai (sesudah itu datanya tidak dapat diubah lagi dan terbit untuk publik), lalu buka periode berikutnya: data periode terakhir disalin ke periode baru.',
  periodsList: 'Daftar periode',
  periodCode: 'Periode',
  periodStatus: 'Status',
  periodOpenedAt: 'Dibuka',
  periodFinalizedAt: 'Difinalkan',
  periodCarriedFrom: 'Disalin dari {period}',
  periodSummaryOf: 'Isi periode {period}',
  periodFinalizeOf: 'Finalkan periode {period}',
  periodFinalizeTitle: 'Finalkan periode {period}?',
  periodFinalizeMessage:
    'Sesudah difinalkan, data periode {period} dibekukan: tidak ada lagi perubahan, impor atau langkah baru di periode ini, dan angkanya terbit untuk publik. Tindakan ini tidak dapat dibatalkan.',
  periodFinalizeWarnImports:
    '{n} impor ke periode ini belum selesai; impor itu akan gagal bila periode difinalkan sekarang.',
  periodFinalizeWarnSteps:
    '{n} langkah penanganan masih terbuka; langkah itu ikut dibekukan di periode ini (dan tetap terbuka di periode berikutnya).',
  periodFinalized: 'Periode {period} sudah difinalkan.',
  periodOpenTitle: 'Buka periode berikutnya',
  periodOpenHint: 'Format TTTT-BB, sesudah {latest}.',
  periodOpenHintNone: 'Format TTTT-BB.',
  periodOpenBlocked: 'Periode {period} masih terbuka: finalkan dulu sebelum membuka periode baru.',
  periodOpenBadCode: 'Tulis periode sebagai TTTT-BB (misalnya 2026-07), sesudah {latest}.',
  periodOpenConfirmTitle: 'Buka periode {period}?',
  periodOpenConfirmMessage:
    'Data periode {from} ({households} keluarga, {members} anggota) disalin ke periode baru {period}. Verifikasi dimulai lagi dari awal.',
  periodOpened: 'Periode {period} dibuka: {households} keluarga disalin dari {from}.',
  periodSumHouseholds: 'Keluarga terdaftar',
  periodSumActive: 'Keluarga aktif',
  periodSumVerified: 'Keluarga aktif terverifikasi',
  periodSumMembers: 'Anggota aktif',
  periodSumDisabled: 'Anggota penyandang disabilitas',
  periodSumEnrolments: 'Kepesertaan program',
  periodSumNeeds: 'Kebutuhan belum terpenuhi',
  periodSumSteps: 'Langkah penanganan terbuka',
  periodSumOverdue: 'Langkah lewat tenggat',
  periodSumImports: 'Impor belum selesai',
  periodNone: 'Belum ada periode.',
};

export const PERIODS_EN: typeof PERIODS_ID = {
  periodsTitle: 'Data periods',
  periodsIntro:
    'Each semester one period is open for updating the data. Finalize the open period when its data collection is done (after that its data cannot change and is published to the public), then open the next period: the latest period’s data is copied into the new one.',
  periodsList: 'Periods',
  periodCode: 'Period',
  periodStatus: 'Status',
  periodOpenedAt: 'Opened',
  periodFinalizedAt: 'Finalized',
  periodCarriedFrom: 'Copied from {period}',
  periodSummaryOf: 'What period {period} holds',
  periodFinalizeOf: 'Finalize period {period}',
  periodFinalizeTitle: 'Finalize period {period}?',
  periodFinalizeMessage:
    'Once finalized, the data of period {period} is frozen: no more changes, imports or new steps in this period, and its figures are published to the public. This cannot be undone.',
  periodFinalizeWarnImports:
    '{n} imports into this period have not finished; they will fail if the period is finalized now.',
  periodFinalizeWarnSteps:
    '{n} handling steps are still open; they are frozen in this period as they are (and stay open in the next one).',
  periodFinalized: 'Period {period} is finalized.',
  periodOpenTitle: 'Open the next period',
  periodOpenHint: 'Format YYYY-MM, after {latest}.',
  periodOpenHintNone: 'Format YYYY-MM.',
  periodOpenBlocked: 'Period {period} is still open: finalize it before opening a new one.',
  periodOpenBadCode: 'Write the period as YYYY-MM (for example 2026-07), after {latest}.',
  periodOpenConfirmTitle: 'Open period {period}?',
  periodOpenConfirmMessage:
    'The data of period {from} ({households} households, {members} members) is copied into the new period {period}. Verification starts again from the beginning.',
  periodOpened: 'Period {period} opened: {households} households copied from {from}.',
  periodSumHouseholds: 'Registered households',
  periodSumActive: 'Active households',
  periodSumVerified: 'Active households verified',
  periodSumMembers: 'Active members',
  periodSumDisabled: 'Members with a disability',
  periodSumEnrolments: 'Program enrolments',
  periodSumNeeds: 'Unmet needs',
  periodSumSteps: 'Open handling steps',
  periodSumOverdue: 'Overdue steps',
  periodSumImports: 'Imports not finished',
  periodNone: 'No periods yet.',
};
