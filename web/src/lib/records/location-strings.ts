// The house-location picker's strings (record screen) and the map's household links, Bahasa Indonesia and
// English: spread into the app's catalogues (i18n.svelte.ts), whose type makes a key missing in one language a
// compile error here too.
export const LOCATION_ID = {
  locTitle: 'Lokasi rumah',
  locHelp:
    'Klik peta atau seret penanda untuk meletakkan rumah. Dengan papan ketik: fokus pada penanda lalu tekan panah (5 m; dengan Shift 50 m), atau ketik bujur dan lintang. Garis biru adalah batas Kelurahan {kelurahan}.',
  locMap: 'Peta lokasi rumah, Kelurahan {kelurahan}',
  locMapFailed:
    'Peta tidak dapat dimuat (periksa sambungan, lalu muat ulang). Bujur dan lintang tetap bisa diketik di bawah.',
  locMarker: 'Penanda rumah: bujur {lon}, lintang {lat}. Tekan panah untuk memindahkan.',
  locNone: 'Rumah ini belum punya titik lokasi.',
  locPlaceHere: 'Letakkan penanda di kelurahan',
  locInside: 'Titik berada di dalam Kelurahan {kelurahan}.',
  locOutsideKelurahan:
    'Titik berada di luar Kelurahan {kelurahan}. Pindahkan penanda ke dalam garis batas biru; titik di luar tidak dapat disimpan.',
  locUnsaved: 'Belum disimpan.',
  locSave: 'Simpan lokasi',
  locUndo: 'Batalkan perubahan',
  locSaved: 'Lokasi rumah disimpan.',
  locReload: 'Muat ulang data terbaru',
  locLon: 'Bujur',
  locLat: 'Lintang',
  locBadCoordinate: 'Tulis angka desimal, mis. 110,42 untuk bujur dan -6,98 untuk lintang.',
  locNoBoundary: 'Batas kelurahan tidak dapat dimuat: {error}. Server tetap memeriksa titik saat disimpan.',
  hhOpenRecord: 'Buka data rumah tangga',
  hhOnScreen: 'Rumah tangga di peta ({n})',
  hhOnScreenHelp: 'Perbesar peta sampai titik rumah terlihat; daftar ini memuat titik yang tampak.',
  hhPointLabel: 'Rumah tangga {n} · desil {desil}',
};

export const LOCATION_EN: typeof LOCATION_ID = {
  locTitle: 'House location',
  locHelp:
    "Click the map or drag the marker to place the house. By keyboard: focus the marker and press the arrow keys (5 m; with Shift 50 m), or type the longitude and latitude. The blue line is Kelurahan {kelurahan}'s boundary.",
  locMap: 'Map of the house location, Kelurahan {kelurahan}',
  locMapFailed:
    'The map could not be loaded (check the connection, then reload). Longitude and latitude can still be typed below.',
  locMarker: 'House marker: longitude {lon}, latitude {lat}. Press the arrow keys to move it.',
  locNone: 'This house has no location yet.',
  locPlaceHere: 'Place the marker in the kelurahan',
  locInside: 'The point lies inside Kelurahan {kelurahan}.',
  locOutsideKelurahan:
    'The point lies outside Kelurahan {kelurahan}. Move the marker inside the blue boundary; a point outside cannot be saved.',
  locUnsaved: 'Not saved yet.',
  locSave: 'Save location',
  locUndo: 'Undo changes',
  locSaved: 'House location saved.',
  locReload: 'Load the latest record',
  locLon: 'Longitude',
  locLat: 'Latitude',
  locBadCoordinate: 'Write a decimal number, e.g. 110.42 for longitude and -6.98 for latitude.',
  locNoBoundary:
    'The kelurahan boundary could not be loaded: {error}. The server still checks the point on save.',
  hhOpenRecord: 'Open the household record',
  hhOnScreen: 'Households on the map ({n})',
  hhOnScreenHelp: 'Zoom in until house points show; this list holds the points in view.',
  hhPointLabel: 'Household {n} · desil {desil}',
};
