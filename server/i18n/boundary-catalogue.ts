// The boundary import's messages in both languages, spread into the two server catalogues. The importer and its
// file readers write English sentences (the CLI prints them, tests match them); `boundary.file.*` entries are
// those sentences as templates, so boundary-errors.ts can recognise a stored sentence, take its parameters and
// say it again in the caller's language. Entries under `boundary.part.*` are phrases inside such a sentence.

export const BOUNDARY_MESSAGES_EN = {
  'title.boundary-file-refused': 'Boundary file refused',
  'title.boundary-not-activated': 'Boundary set not activated',
  'boundary.refused': '{reason}',
  'boundary.noFile': 'No file: add the boundary file (GeoJSON or zipped Shapefile) as the field "file".',
  'boundary.unknownField': 'Unknown field "{field}"; send an optional "label", then the file.',
  'boundary.setNotFound': 'There is no boundary set {id}.',
  'boundary.noReport':
    'Boundary set {id} has no match report (it was loaded at start-up, not imported), so it cannot be checked here.',
  'boundary.alreadyActive': 'This boundary set is already the active one.',
  'boundary.partialNotAllowed':
    '{count} kelurahan have no polygon in this set; choose to allow a partial set to activate it anyway, or import a complete file.',
  'boundary.repairsNotAccepted':
    '{count} polygon(s) of this set were repaired; accept the repairs to activate it, or fix the file and import it again.',
  'boundary.file.zipRefused': '{file} was refused before unpacking: {problem}. Check the file, or split it.',
  'boundary.part.zipEntryTooBig': '{entry} inflates to {size}, more than the {max} one file may have',
  'boundary.part.zipTotalTooBig': 'its files inflate to more than {max} together',
  'boundary.part.zipBomb': '{entry} inflates {ratio} times (a "zip bomb" pattern, not real data)',
  'boundary.file.zipLied':
    '{file}: {entry} holds more data than the ZIP declares (a damaged or hostile file); zip it again.',
  'boundary.file.zipTooMany':
    '{file} holds {count} files; an upload may hold at most {max}. Zip only the files of the import.',
  'boundary.file.zipUnreadable': '{file} is not a readable ZIP file ({reason}); zip it again.',
  'boundary.file.memory':
    '{file} needs more than {mb} MB of memory to read, so its import was stopped; split it into smaller files.',
  'boundary.file.tooLarge': '{file} is {size} MB; boundary files may be at most {max} MB.',
  'boundary.file.notJson': '{file} is not valid JSON: {reason}',
  'boundary.file.notCollection': '{file} is not a GeoJSON FeatureCollection (its "type" is {type}).',
  'boundary.file.notFeature':
    '{file}: feature {n} is not a GeoJSON Feature object; export the layer again as GeoJSON.',
  'boundary.file.noFeatures': '{file} has no features.',
  'boundary.file.badFeatures': '{file}: {count} feature(s) cannot be used; nothing was imported.\n- {list}',
  'boundary.part.noGeometry': 'feature {n} has no geometry',
  'boundary.part.notPolygon': 'feature {n} is a {type}; kelurahan boundaries must be Polygon or MultiPolygon',
  'boundary.part.projected':
    'feature {n} has coordinate [{xy}], which is not longitude/latitude: GeoJSON must be in EPSG:4326 (projected data such as UTM 49S needs reprojecting first)',
  'boundary.file.noMatch': 'No feature matched a kelurahan of this region; nothing was imported.',
  'boundary.file.noFields':
    'Found neither a code nor a name property to match kelurahan by; name them with --code-field or --name-field.',
  'boundary.file.noDbf':
    '{file}: the .dbf file (the attributes) is missing beside the .shp; upload the .shp, .shx, .dbf and .prj zipped together.',
  'boundary.file.noPrj':
    '{file} has no .prj file, so its coordinate system is unknown; export the Shapefile again with its .prj (QGIS writes it by default) and upload the .shp, .shx, .dbf and .prj zipped together.',
  'boundary.file.noShp': '{file} holds no .shp file; upload a GeoJSON or a zipped Shapefile.',
  'boundary.file.severalShp': '{file} holds several .shp files ({names}); upload one Shapefile at a time.',
  'boundary.file.shapefileDamaged':
    '{file}: {what}. Export the Shapefile again from your GIS and upload all its parts (.shp, .shx, .dbf, .prj) zipped together.',
  'boundary.part.shpCutShort':
    'the .shp file is cut short: its header says {declared} bytes, the file has {size}',
  'boundary.part.notShapefile': 'the .shp file is not a Shapefile (its header does not start with 9994)',
} as const satisfies Record<string, string>;

export const BOUNDARY_MESSAGES_ID: Record<keyof typeof BOUNDARY_MESSAGES_EN, string> = {
  'title.boundary-file-refused': 'Berkas batas wilayah ditolak',
  'title.boundary-not-activated': 'Set batas wilayah tidak diaktifkan',
  'boundary.refused': 'Berkas batas wilayah ditolak: {reason}',
  'boundary.noFile':
    'Tidak ada berkas: tambahkan berkas batas wilayah (GeoJSON atau Shapefile dalam ZIP) sebagai isian "file".',
  'boundary.unknownField': 'Isian "{field}" tidak dikenal; kirim "label" (boleh kosong), lalu berkasnya.',
  'boundary.setNotFound': 'Set batas wilayah {id} tidak ada.',
  'boundary.noReport':
    'Set batas wilayah {id} tidak memiliki laporan pencocokan (dimuat saat mulai, bukan diimpor), jadi tidak dapat diperiksa di sini.',
  'boundary.alreadyActive': 'Set batas wilayah ini sudah yang aktif.',
  'boundary.partialNotAllowed':
    '{count} kelurahan tidak memiliki poligon dalam set ini; pilih izinkan set sebagian untuk tetap mengaktifkannya, atau impor berkas yang lengkap.',
  'boundary.repairsNotAccepted':
    '{count} poligon dalam set ini diperbaiki; terima perbaikannya untuk mengaktifkan set, atau perbaiki berkasnya lalu impor lagi.',
  'boundary.file.zipRefused':
    '{file} ditolak sebelum dibuka: {problem}. Periksa berkasnya, atau pecah menjadi beberapa.',
  'boundary.part.zipEntryTooBig':
    '{entry} mengembang menjadi {size}, melebihi {max} yang boleh untuk satu berkas',
  'boundary.part.zipTotalTooBig': 'berkas-berkasnya bersama mengembang melebihi {max}',
  'boundary.part.zipBomb': '{entry} mengembang {ratio} kali (pola "bom zip", bukan data sungguhan)',
  'boundary.file.zipLied':
    '{file}: {entry} berisi lebih banyak data daripada yang dinyatakan ZIP (berkas rusak atau berbahaya); buat ZIP-nya lagi.',
  'boundary.file.zipTooMany':
    '{file} berisi {count} berkas; satu unggahan paling banyak {max}. Masukkan ke ZIP hanya berkas untuk impor.',
  'boundary.file.zipUnreadable': '{file} bukan berkas ZIP yang dapat dibaca ({reason}); buat ZIP-nya lagi.',
  'boundary.file.memory':
    '{file} memerlukan lebih dari {mb} MB memori untuk dibaca, sehingga impornya dihentikan; pecah menjadi berkas yang lebih kecil.',
  'boundary.file.tooLarge': '{file} berukuran {size} MB; berkas batas wilayah paling besar {max} MB.',
  'boundary.file.notJson': '{file} bukan JSON yang valid: {reason}',
  'boundary.file.notCollection': '{file} bukan GeoJSON FeatureCollection ("type"-nya {type}).',
  'boundary.file.notFeature':
    '{file}: fitur {n} bukan objek GeoJSON Feature; ekspor lagi lapisannya sebagai GeoJSON.',
  'boundary.file.noFeatures': '{file} tidak memiliki fitur.',
  'boundary.file.badFeatures': '{file}: {count} fitur tidak dapat dipakai; tidak ada yang diimpor.\n- {list}',
  'boundary.part.noGeometry': 'fitur {n} tidak memiliki geometri',
  'boundary.part.notPolygon': 'fitur {n} berupa {type}; batas kelurahan harus Polygon atau MultiPolygon',
  'boundary.part.projected':
    'fitur {n} memiliki koordinat [{xy}], yang bukan bujur/lintang: GeoJSON harus dalam EPSG:4326 (data terproyeksi seperti UTM 49S perlu diproyeksikan ulang dulu)',
  'boundary.file.noMatch': 'Tidak ada fitur yang cocok dengan kelurahan wilayah ini; tidak ada yang diimpor.',
  'boundary.file.noFields':
    'Tidak ditemukan atribut kode maupun nama untuk mencocokkan kelurahan; sebutkan dengan --code-field atau --name-field.',
  'boundary.file.noDbf':
    '{file}: berkas .dbf (atribut) tidak ada di samping .shp; unggah .shp, .shx, .dbf dan .prj bersama dalam satu ZIP.',
  'boundary.file.noPrj':
    '{file} tidak memiliki berkas .prj, sehingga sistem koordinatnya tidak diketahui; ekspor lagi Shapefile beserta .prj-nya (QGIS menulisnya secara bawaan) lalu unggah .shp, .shx, .dbf dan .prj bersama dalam satu ZIP.',
  'boundary.file.noShp': '{file} tidak berisi berkas .shp; unggah GeoJSON atau Shapefile dalam ZIP.',
  'boundary.file.severalShp': '{file} berisi beberapa berkas .shp ({names}); unggah satu Shapefile sekali.',
  'boundary.file.shapefileDamaged':
    '{file}: {what}. Ekspor lagi Shapefile dari GIS Anda lalu unggah semua bagiannya (.shp, .shx, .dbf, .prj) bersama dalam satu ZIP.',
  'boundary.part.shpCutShort': 'berkas .shp terpotong: kepalanya menyebut {declared} bita, berkasnya {size}',
  'boundary.part.notShapefile': 'berkas .shp bukan Shapefile (kepalanya tidak diawali 9994)',
};
