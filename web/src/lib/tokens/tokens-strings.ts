// The access tokens screen's UI strings, Bahasa Indonesia and English: spread into the app's catalogues
// (i18n.svelte.ts), whose type makes a key missing in one language a compile error.
export const TOKENS_ID = {
  tokensNav: 'Token akses',
  tokensTitle: 'Token akses untuk aplikasi lain',
  tokensIntro:
    'Token akses membuat QGIS atau skrip dapat membaca data dengan hak Anda (peran dan wilayah kerja yang sama), tanpa kata sandi Anda. Token hanya dapat membaca, berlaku sampai tanggalnya, dan setiap pemakaian dicatat di log audit. Cabut token yang tidak dipakai lagi.',
  tokensOwn: 'Token Anda ({n})',
  tokensAll: 'Token semua pengguna ({n})',
  tokensNone: 'Belum ada token.',
  tokenName: 'Nama token',
  tokenNameHint: 'Untuk mengenali token, misalnya "QGIS laptop kantor".',
  tokenDays: 'Berlaku selama',
  tokenDaysOption: '{n} hari',
  tokenCreate: 'Buat token',
  tokenNew: 'Token baru',
  tokenCreating: 'Membuat…',
  tokenPrefix: 'Awal token',
  tokenOwner: 'Pemilik',
  tokenCreated: 'Dibuat',
  tokenExpires: 'Berlaku sampai',
  tokenLastUsed: 'Terakhir dipakai',
  tokenNeverUsed: 'Belum pernah',
  tokenState: 'Status',
  tokenStateActive: 'Berlaku',
  tokenStateExpired: 'Kedaluwarsa',
  tokenStateRevoked: 'Dicabut',
  tokenRevoke: 'Cabut',
  tokenRevokeTitle: 'Cabut token {name}?',
  tokenRevokeMessage:
    'Aplikasi yang memakai token {prefix}… tidak dapat lagi membaca data. Tindakan ini tidak dapat dibatalkan; buat token baru bila perlu.',
  tokenRevoked: 'Token {name} sudah dicabut.',
  tokenMade: 'Token {name} sudah dibuat.',
  tokenShownTitle: 'Token baru: {name}',
  tokenShownOnce: 'Salin token ini sekarang: token tidak akan ditampilkan lagi.',
  tokenHowTitle: 'Memakai token di QGIS',
  tokenHowTiles:
    'Tambahkan koneksi Vector Tiles baru dengan URL gaya {style} (atau URL ubin dari {tilejson}).',
  tokenHowBasic:
    'Pada Authentication, buat konfigurasi Basic: nama pengguna {username}, kata sandi token di atas.',
  tokenHowBearer:
    'Skrip dan aplikasi lain: kirim header "Authorization: Bearer <token>". Jangan taruh token di URL.',
  tokenNameRequired: 'Beri nama token agar Anda dapat mengenalinya nanti.',
} as const;

export const TOKENS_EN: Record<keyof typeof TOKENS_ID, string> = {
  tokensNav: 'Access tokens',
  tokensTitle: 'Access tokens for other tools',
  tokensIntro:
    'An access token lets QGIS or a script read data with your rights (the same role and area of work), without your password. Tokens can only read, work until their date, and every use is recorded in the audit log. Revoke tokens you no longer use.',
  tokensOwn: 'Your tokens ({n})',
  tokensAll: "All users' tokens ({n})",
  tokensNone: 'No tokens yet.',
  tokenName: 'Token name',
  tokenNameHint: 'To recognise the token, e.g. "QGIS office laptop".',
  tokenDays: 'Valid for',
  tokenDaysOption: '{n} days',
  tokenCreate: 'Create token',
  tokenNew: 'New token',
  tokenCreating: 'Creating…',
  tokenPrefix: 'Token start',
  tokenOwner: 'Owner',
  tokenCreated: 'Created',
  tokenExpires: 'Valid until',
  tokenLastUsed: 'Last used',
  tokenNeverUsed: 'Never',
  tokenState: 'Status',
  tokenStateActive: 'Valid',
  tokenStateExpired: 'Expired',
  tokenStateRevoked: 'Revoked',
  tokenRevoke: 'Revoke',
  tokenRevokeTitle: 'Revoke token {name}?',
  tokenRevokeMessage:
    'Tools using token {prefix}… can no longer read data. This cannot be undone; create a new token if needed.',
  tokenRevoked: 'Token {name} was revoked.',
  tokenMade: 'Token {name} was created.',
  tokenShownTitle: 'New token: {name}',
  tokenShownOnce: 'Copy this token now: it will not be shown again.',
  tokenHowTitle: 'Using the token in QGIS',
  tokenHowTiles:
    'Add a new Vector Tiles connection with the style URL {style} (or the tiles URL from {tilejson}).',
  tokenHowBasic:
    'Under Authentication, create a Basic configuration: username {username}, the token above as password.',
  tokenHowBearer:
    'Scripts and other tools: send the header "Authorization: Bearer <token>". Never put a token in a URL.',
  tokenNameRequired: 'Give the token a name so you can recognise it later.',
};
