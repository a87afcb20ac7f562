// The OGC API – Features service's messages in both languages, spread into the two server catalogues.

export const OGC_MESSAGES_EN = {
  'notFound.collection': 'There is no collection {id}; GET /api/v1/ogc/collections lists them.',
  'notFound.feature': 'Collection {id} has no feature {featureId} (features are named by their area code).',
  'ogc.bbox':
    'bbox "{bbox}" is not a box: give minLon,minLat,maxLon,maxLat in WGS 84 degrees, each minimum below its maximum.',
  'ogc.staffOnly':
    'Collection {id} is for staff (nothing suppressed): send a personal access token (Authorization: Bearer sdk_…, or HTTP Basic with the token as the password), or use the public collection {publicId}.',
} as const satisfies Record<string, string>;

export const OGC_MESSAGES_ID: Record<keyof typeof OGC_MESSAGES_EN, string> = {
  'notFound.collection': 'Koleksi {id} tidak ada; GET /api/v1/ogc/collections mendaftar semuanya.',
  'notFound.feature': 'Koleksi {id} tidak memiliki fitur {featureId} (fitur dinamai dengan kode wilayahnya).',
  'ogc.bbox':
    'bbox "{bbox}" bukan kotak: isikan minLon,minLat,maxLon,maxLat dalam derajat WGS 84, tiap minimum di bawah maksimumnya.',
  'ogc.staffOnly':
    'Koleksi {id} untuk staf (tanpa penyembunyian): kirim token akses pribadi (Authorization: Bearer sdk_…, atau HTTP Basic dengan token sebagai kata sandi), atau pakai koleksi publik {publicId}.',
};
