// Reasons of rejected import rows are stored as the importers' English text. For an Indonesian download the
// known wordings are translated here, at download time; a reason not listed stays as stored (English).
import type { Lang } from './translate.ts';

type Rule = readonly [RegExp, string];

const TO_INDONESIAN: readonly Rule[] = [
  [/^required value is empty$/, 'nilai wajib kosong'],
  [/^not a kelurahan of this region$/, 'bukan kelurahan di daerah ini'],
  [/^your account may import only kelurahan (.+)$/, 'akun Anda hanya boleh mengimpor kelurahan $1'],
  [/^KK region code \(digits 1–6\) is not a valid code$/, 'kode wilayah pada KK (digit 1–6) tidak sah'],
  [/^(.+) is not one of: (.+)$/, '$1 bukan salah satu dari: $2'],
  [/^(KK|NIK) must be 16 digits, found (\d+)$/, '$1 harus 16 digit, ditemukan $2'],
  [/^(KK|NIK) must contain digits only$/, '$1 hanya boleh berisi angka'],
  [
    /^(KK|NIK) was stored as a rounded number; format the column as Text$/,
    '$1 tersimpan sebagai angka yang dibulatkan; format kolomnya sebagai Teks',
  ],
  [
    /^(KK|NIK) is in scientific notation \((.+)\); format the column as Text before saving$/,
    '$1 tertulis dalam notasi ilmiah ($2); format kolomnya sebagai Teks sebelum menyimpan',
  ],
  [/^(.+) has more than one decimal separator$/, '$1 memiliki lebih dari satu pemisah desimal'],
  [/^(.+) is not a number$/, '$1 bukan angka'],
  [/^(.+) is outside (.+) to (.+)$/, '$1 di luar rentang $2 sampai $3'],
  [/^(.+) is not a whole number$/, '$1 bukan bilangan bulat'],
  [
    /^(.+) is not a date; use DD\/MM\/YYYY \(e\.g\. 17\/08\/1990\) or YYYY-MM-DD$/,
    '$1 bukan tanggal; gunakan HH/BB/TTTT (mis. 17/08/1990) atau TTTT-BB-HH',
  ],
  [/^(.+) is not a real date$/, '$1 bukan tanggal yang ada'],
  [/^year (\d+) is before 1900$/, 'tahun $1 sebelum 1900'],
  [/^(.+) is in the future$/, '$1 ada di masa depan'],
  [/^(.+) is not ya or tidak$/, '$1 bukan ya atau tidak'],
  [/^(.+) is not a kelurahan code like (.+)$/, '$1 bukan kode kelurahan seperti $2'],
  [
    /^contains the control character (U\+[0-9A-F]{4}); remove it$/,
    'memuat karakter kendali $1; hapus karakter itu',
  ],
  [/^give both lintang and bujur, or neither$/, 'isi lintang dan bujur keduanya, atau kosongkan keduanya'],
  [
    /^lintang and bujur look swapped \(lintang is about -7 in Semarang, bujur about 110\)$/,
    'lintang dan bujur tampaknya tertukar (lintang sekitar -7 di Semarang, bujur sekitar 110)',
  ],
  [/^lintang and bujur look swapped$/, 'lintang dan bujur tampaknya tertukar'],
  [
    /^row has (\d+) more cell\(s\) than the header; check for an unquoted delimiter$/,
    'baris memiliki $1 sel lebih banyak daripada judul kolom; periksa pemisah yang tidak diapit tanda kutip',
  ],
  [/^(.+) is listed twice$/, '$1 tercantum dua kali'],
];

/** The stored reason in `lang` where its wording is known; otherwise as stored. */
export function translateRejectReason(lang: Lang, reason: string): string {
  if (lang === 'en') return reason;
  for (const [pattern, replacement] of TO_INDONESIAN)
    if (pattern.test(reason)) return reason.replace(pattern, replacement);
  return reason;
}
