// Why an import job failed is stored as the importer's English text (import_jobs.error). A caller who asked
// for Indonesian gets the known file-level wordings translated when it reads the job; others stay as stored.
import { t, type Lang } from './translate.ts';

type Rule = readonly [RegExp, string | ((m: RegExpExecArray) => string)];

const TO_INDONESIAN: readonly Rule[] = [
  [/^The file is empty\.$/, 'Berkas kosong.'],
  [
    /^The file has a header but no data rows\.$/,
    'Berkas memiliki baris judul kolom tetapi tidak ada baris data.',
  ],
  [/^The file has no header row\.$/, 'Berkas tidak memiliki baris judul kolom.'],
  [/^The workbook has no worksheet\.$/, 'Buku kerja tidak memiliki lembar kerja.'],
  [/^The first worksheet has no header row\.$/, 'Lembar kerja pertama tidak memiliki baris judul kolom.'],
  [
    /^The file is binary, not a CSV text file or an XLSX workbook\. Save it from Excel as “CSV UTF-8” or “Excel Workbook \(\.xlsx\)”\.$/,
    'Berkas ini biner, bukan berkas teks CSV atau buku kerja XLSX. Simpan dari Excel sebagai “CSV UTF-8” atau “Excel Workbook (.xlsx)”.',
  ],
  [/^The CSV cannot be read: (.+)$/s, 'CSV tidak dapat dibaca: $1'],
  [/^The XLSX workbook cannot be read: (.+)$/s, 'Buku kerja XLSX tidak dapat dibaca: $1'],
  [
    /^Missing column\(s\): kode_program and nik or no_kk are needed\. The template's columns are: (.+)\.$/,
    'Kolom kurang: kode_program serta nik atau no_kk diperlukan. Kolom templat: $1.',
  ],
  [
    /^Missing column\(s\): (.+)\. The template's columns are: (.+)\.$/,
    'Kolom kurang: $1. Kolom templat: $2.',
  ],
  [
    /^The file has (\S+) rows for review; an operator's file under the approval policy takes at most (\S+)\. Split it by RW, or ask an administrator to import it\.$/,
    'Berkas berisi $1 baris untuk ditinjau; berkas operator yang tunduk pada kebijakan persetujuan paling banyak $2 baris. Pecah per RW, atau minta administrator mengimpornya.',
  ],
  [
    /^Period (\S+) is finalized and cannot be changed; import into the open period instead\.$/,
    (m) => t('id', 'period.finalizedImport', { period: m[1]! }),
  ],
  [
    /^Period (\S+) does not exist; an admin opens periods\.$/,
    (m) => t('id', 'period.missingImport', { period: m[1]! }),
  ],
];

/** The stored job error in `lang` where its wording is known; otherwise as stored. */
export function translateJobError(lang: Lang, error: string): string {
  if (lang === 'en') return error;
  for (const [pattern, replacement] of TO_INDONESIAN) {
    const m = pattern.exec(error);
    if (m) return typeof replacement === 'string' ? error.replace(pattern, replacement) : replacement(m);
  }
  return error;
}
