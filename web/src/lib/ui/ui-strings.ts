// Strings of the shared UI primitives (confirmations, notices, the header's overflow menu), Bahasa Indonesia and
// English: spread into the app's catalogues (i18n.svelte.ts), whose type makes a missing key a compile error.
export const UI_ID = {
  apiOffline:
    'Server Sidaksos tidak dapat dihubungi. Periksa koneksi internet Anda, lalu coba lagi; tidak ada yang tersimpan dari tindakan ini.',
  apiSignedOut: 'Sesi Anda telah berakhir. Masuk kembali, lalu ulangi tindakan ini.',
  apiForbidden: 'Peran Anda tidak boleh melakukan ini. Minta admin Dinsos bila Anda memerlukannya.',
  apiNotFound: 'Data ini tidak ditemukan: mungkin sudah dihapus atau dipindah. Muat ulang halaman.',
  apiTooLarge: 'Berkas atau data terlalu besar untuk diterima. Perkecil atau bagi menjadi beberapa bagian.',
  apiTooMany: 'Terlalu banyak permintaan dalam waktu singkat. Tunggu satu menit, lalu coba lagi.',
  apiServerError:
    'Server mengalami gangguan (kode {status}). Tidak ada yang tersimpan dari tindakan ini; coba lagi beberapa saat lagi.',
  apiRefused: 'Permintaan ditolak (kode {status}). Periksa isian Anda, lalu coba lagi.',
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
  apiOffline:
    'The Sidaksos server cannot be reached. Check your internet connection, then try again; nothing from this action was saved.',
  apiSignedOut: 'Your session has ended. Sign in again, then repeat this action.',
  apiForbidden: 'Your role may not do this. Ask a Dinsos admin if you need it.',
  apiNotFound: 'This record was not found: it may have been removed or moved. Reload the page.',
  apiTooLarge: 'The file or data is too large to accept. Make it smaller or split it into parts.',
  apiTooMany: 'Too many requests in a short time. Wait a minute, then try again.',
  apiServerError:
    'The server ran into a problem (code {status}). Nothing from this action was saved; try again in a moment.',
  apiRefused: 'The request was refused (code {status}). Check what you entered, then try again.',
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
