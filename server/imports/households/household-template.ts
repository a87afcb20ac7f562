// The households-and-members import template: one row per member, household fields repeated on each row of
// the same KK. This list is the single source of the template: the downloadable CSV/XLSX, the header check
// and docs/import-template.md (a test keeps the document in step).
import { CODE_LISTS } from '../../domain/code-lists.ts';

export interface TemplateColumn {
  name: string;
  required: boolean;
  level: 'household' | 'member';
  description: string;
  example: string;
  /** A ya/tidak column: the template's example is written in the reader's language (both are read). */
  yesNo?: boolean;
}

const codes = (list: keyof typeof CODE_LISTS) => CODE_LISTS[list].map((c) => c.code).join(', ');

export const HOUSEHOLD_COLUMNS: readonly TemplateColumn[] = [
  {
    name: 'no_kk',
    required: true,
    level: 'household',
    description: 'Nomor Kartu Keluarga, 16 digit (format the column as Text in Excel)',
    example: '3374011201250001',
  },
  {
    name: 'kode_kelurahan',
    required: true,
    level: 'household',
    description: 'Kemendagri kelurahan code, with or without dots',
    example: '33.74.01.1001',
  },
  {
    name: 'alamat',
    required: false,
    level: 'household',
    description: 'Street address',
    example: 'Jl. Pemuda No. 12',
  },
  { name: 'rt', required: false, level: 'household', description: 'RT number, 1–999', example: '3' },
  { name: 'rw', required: false, level: 'household', description: 'RW number, 1–999', example: '2' },
  {
    name: 'lintang',
    required: false,
    level: 'household',
    description: 'Latitude in degrees (WGS 84); decimal point or comma',
    example: '-6,9826',
  },
  {
    name: 'bujur',
    required: false,
    level: 'household',
    description: 'Longitude in degrees (WGS 84); decimal point or comma',
    example: '110,4129',
  },
  {
    name: 'desil',
    required: false,
    level: 'household',
    description: 'Welfare decile 1–10 (1 = poorest)',
    example: '2',
  },
  {
    name: 'sumber_desil',
    required: false,
    level: 'household',
    description: `Source of the decile: ${codes('desilSource')}`,
    example: 'DTSEN',
  },
  {
    name: 'luas_lantai_m2',
    required: false,
    level: 'household',
    description: 'Floor area in m², 0–10000',
    example: '36',
  },
  {
    name: 'penerangan',
    required: false,
    level: 'household',
    description: `Lighting: ${codes('lighting')}`,
    example: CODE_LISTS.lighting[0].code,
  },
  {
    name: 'rumah_tidak_layak',
    required: false,
    level: 'household',
    description: 'Unfit house (RTLH): ya / tidak',
    example: 'tidak',
    yesNo: true,
  },
  {
    name: 'nik',
    required: true,
    level: 'member',
    description: 'NIK, 16 digit, consistent with birth date and sex',
    example: '3374015708900001',
  },
  { name: 'nama', required: true, level: 'member', description: 'Full name', example: 'Siti Aminah' },
  {
    name: 'jenis_kelamin',
    required: true,
    level: 'member',
    description: 'L (laki-laki) or P (perempuan)',
    example: 'P',
  },
  {
    name: 'tanggal_lahir',
    required: true,
    level: 'member',
    description: 'Birth date, DD/MM/YYYY or YYYY-MM-DD',
    example: '17/08/1990',
  },
  {
    name: 'hubungan',
    required: true,
    level: 'member',
    description: `Relation to the head: ${codes('relation')}`,
    example: 'kepala_keluarga',
  },
  {
    name: 'disabilitas',
    required: false,
    level: 'member',
    description: `Disabilities as type:severity, several joined by |; types: ${codes('disabilityType')}; severity: ${codes('severity')}`,
    example: 'fisik:berat',
  },
];

export const ENROLMENT_COLUMNS: readonly TemplateColumn[] = [
  {
    name: 'kode_program',
    required: true,
    level: 'household',
    description: 'Program code (GET /api/v1/programs), e.g. pkh, bpnt, pbi_jk',
    example: 'pkh',
  },
  {
    name: 'nik',
    required: false,
    level: 'member',
    description: 'NIK of the recipient (person-level programs need it); either nik or no_kk',
    example: '3374015708900001',
  },
  {
    name: 'no_kk',
    required: false,
    level: 'household',
    description: 'KK of the recipient household; either nik or no_kk',
    example: '3374011201250001',
  },
  {
    name: 'tanggal_mulai',
    required: false,
    level: 'household',
    description: 'Enrolment date, DD/MM/YYYY or YYYY-MM-DD',
    example: '01/07/2025',
  },
];
