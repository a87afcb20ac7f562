// Strings of the shared UI primitives (confirmations, notices, the header's overflow menu), Bahasa Indonesia and
// English: spread into the app's catalogues (i18n.svelte.ts), whose type makes a missing key a compile error.
export const UI_ID = {
  uiTypeToConfirm: 'Ketik {word} untuk melanjutkan',
  uiTypedMismatch: 'Ketik persis {word}.',
  uiNotifications: 'Pemberitahuan',
  uiClose: 'Tutup',
  uiSaved: 'Tersimpan.',
  uiMoreScreens: 'Lainnya',
  changesNav: 'Masuk/keluar',
  programsNav: 'Program',
  boundariesNav: 'Batas wilayah',
  uiReload: 'Muat ulang',
  uiStaleVersion:
    'Data ini sudah diubah orang lain sejak Anda membukanya. Muat ulang untuk melihat versi terbaru, lalu ulangi perubahan Anda.',
};

export const UI_EN: typeof UI_ID = {
  uiTypeToConfirm: 'Type {word} to go ahead',
  uiTypedMismatch: 'Type exactly {word}.',
  uiNotifications: 'Notifications',
  uiClose: 'Close',
  uiSaved: 'Saved.',
  uiMoreScreens: 'More',
  changesNav: 'Entries/exits',
  programsNav: 'Programs',
  boundariesNav: 'Boundaries',
  uiReload: 'Reload',
  uiStaleVersion:
    'Someone else changed this since you opened it. Reload to see the latest version, then make your change again.',
};
