// Personal access tokens' messages in both languages, spread into the two server catalogues.

export const TOKEN_MESSAGES_EN = {
  'title.invalid-token': 'Access token refused',
  'title.token-read-only': 'Access tokens are read-only',
  'title.token-in-url': 'Access token in the URL',
  'title.invalid-token-request': 'Invalid access token request',
  'auth.tokenMalformed':
    'The Authorization header holds no access token. Send "Authorization: Bearer sdk_…", or HTTP Basic with your username and the token as the password; create a token under Access tokens in the web app.',
  'auth.tokenUnknown': 'This access token is not known. Check that it was copied whole, or create a new one.',
  'auth.token.expired': 'This access token has expired. Create a new one under Access tokens in the web app.',
  'auth.token.revoked': 'This access token was revoked. Create a new one under Access tokens in the web app.',
  'auth.tokenUserMismatch':
    'The username does not belong to this access token. Use the username of the token’s owner with the token as the password.',
  'auth.tokenOwnerDisabled': 'The account this access token belongs to is disabled; ask an administrator.',
  'auth.tokenReadOnly': 'Access tokens may only read: {method} {url} needs you to sign in to the web app.',
  'auth.tokenInUrl':
    'Do not put an access token in the URL (parameter "{parameter}"): URLs are kept in logs and histories. Send it in the Authorization header (Bearer, or Basic with the token as the password) and revoke this token.',
  'token.needsSession':
    'Access tokens are created and revoked in the web app while signed in, not with a token.',
  'token.notFound': 'There is no access token {id} you may revoke.',
  'token.alreadyRevoked': 'Access token {id} is already revoked.',
  'token.tooMany':
    'You have {count} working access tokens, the most allowed; revoke one you no longer use first.',
} as const satisfies Record<string, string>;

export const TOKEN_MESSAGES_ID: Record<keyof typeof TOKEN_MESSAGES_EN, string> = {
  'title.invalid-token': 'Token akses ditolak',
  'title.token-read-only': 'Token akses hanya untuk membaca',
  'title.token-in-url': 'Token akses di URL',
  'title.invalid-token-request': 'Permintaan token akses tidak valid',
  'auth.tokenMalformed':
    'Header Authorization tidak berisi token akses. Kirim "Authorization: Bearer sdk_…", atau HTTP Basic dengan nama pengguna Anda dan token sebagai kata sandi; buat token di menu Token akses pada aplikasi web.',
  'auth.tokenUnknown':
    'Token akses ini tidak dikenal. Periksa apakah token tersalin utuh, atau buat token baru.',
  'auth.token.expired':
    'Token akses ini sudah kedaluwarsa. Buat token baru di menu Token akses pada aplikasi web.',
  'auth.token.revoked':
    'Token akses ini sudah dicabut. Buat token baru di menu Token akses pada aplikasi web.',
  'auth.tokenUserMismatch':
    'Nama pengguna bukan milik token akses ini. Gunakan nama pengguna pemilik token dengan token sebagai kata sandi.',
  'auth.tokenOwnerDisabled': 'Akun pemilik token akses ini dinonaktifkan; hubungi administrator.',
  'auth.tokenReadOnly':
    'Token akses hanya boleh membaca: {method} {url} mengharuskan Anda masuk ke aplikasi web.',
  'auth.tokenInUrl':
    'Jangan taruh token akses di URL (parameter "{parameter}"): URL tersimpan di log dan riwayat. Kirim token di header Authorization (Bearer, atau Basic dengan token sebagai kata sandi) lalu cabut token ini.',
  'token.needsSession': 'Token akses dibuat dan dicabut di aplikasi web saat Anda masuk, bukan dengan token.',
  'token.notFound': 'Tidak ada token akses {id} yang boleh Anda cabut.',
  'token.alreadyRevoked': 'Token akses {id} sudah dicabut.',
  'token.tooMany':
    'Anda punya {count} token akses yang masih berlaku, jumlah terbanyak yang diizinkan; cabut dulu token yang tidak dipakai lagi.',
};
