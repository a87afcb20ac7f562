// The agencies (OPD) and programs a new deployment starts with. Cut-offs follow DOMAIN.md; an admin edits them
// afterwards (they are data). Kota Semarang's names; other cities rename through the admin screens.
import type { EligibilityRule } from './eligibility-rule.ts';

export interface OpdDefault {
  opdCode: string;
  name: string;
  shortName: string;
}

export interface ProgramDefault {
  programCode: string;
  name: string;
  opdCode: string;
  unit: 'household' | 'person';
  funding: 'APBN' | 'APBD' | 'lainnya';
  rule: EligibilityRule;
  description: string;
}

export const DEFAULT_OPDS: readonly OpdDefault[] = [
  { opdCode: 'dinsos', name: 'Dinas Sosial', shortName: 'Dinsos' },
  { opdCode: 'dinkes', name: 'Dinas Kesehatan', shortName: 'Dinkes' },
  { opdCode: 'disdik', name: 'Dinas Pendidikan', shortName: 'Disdik' },
  { opdCode: 'disperkim', name: 'Dinas Perumahan dan Kawasan Permukiman', shortName: 'Disperkim' },
  { opdCode: 'disnaker', name: 'Dinas Tenaga Kerja', shortName: 'Disnaker' },
  { opdCode: 'dinkop_umkm', name: 'Dinas Koperasi dan UMKM', shortName: 'Dinkop UMKM' },
  { opdCode: 'bappeda', name: 'Badan Perencanaan Pembangunan Daerah', shortName: 'Bappeda' },
  { opdCode: 'dispendukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil', shortName: 'Dispendukcapil' },
];

const desilAtMost = (n: number): EligibilityRule => ({ field: 'desil', op: 'between', value: [1, n] });

export const DEFAULT_PROGRAMS: readonly ProgramDefault[] = [
  {
    programCode: 'pkh',
    name: 'Program Keluarga Harapan (PKH)',
    opdCode: 'dinsos',
    unit: 'household',
    funding: 'APBN',
    rule: desilAtMost(4),
    description: 'Bantuan sosial bersyarat untuk keluarga desil 1–4.',
  },
  {
    programCode: 'bpnt',
    name: 'Bantuan Pangan Non Tunai (Sembako/BPNT)',
    opdCode: 'dinsos',
    unit: 'household',
    funding: 'APBN',
    rule: desilAtMost(5),
    description: 'Bantuan pangan untuk keluarga desil 1–5.',
  },
  {
    programCode: 'pbi_jk',
    name: 'Penerima Bantuan Iuran Jaminan Kesehatan (PBI-JK)',
    opdCode: 'dinkes',
    unit: 'household',
    funding: 'APBN',
    rule: desilAtMost(5),
    description: 'Iuran JKN dibayar pemerintah untuk keluarga desil 1–5.',
  },
  {
    programCode: 'kip',
    name: 'Kartu Indonesia Pintar / PIP',
    opdCode: 'disdik',
    unit: 'person',
    funding: 'APBN',
    rule: { all: [desilAtMost(4), { some_member: { field: 'age', op: 'between', value: [6, 21] } }] },
    description: 'Bantuan pendidikan untuk anak usia sekolah (6–21) di keluarga desil 1–4.',
  },
  {
    programCode: 'rtlh',
    name: 'Rehabilitasi Rumah Tidak Layak Huni (RTLH)',
    opdCode: 'disperkim',
    unit: 'household',
    funding: 'APBD',
    rule: { all: [desilAtMost(4), { field: 'unfit_house', op: 'eq', value: true }] },
    description: 'Perbaikan rumah tidak layak huni untuk keluarga desil 1–4.',
  },
  {
    programCode: 'aspd',
    name: 'Asistensi Sosial Penyandang Disabilitas (ASPD)',
    opdCode: 'dinsos',
    unit: 'person',
    funding: 'APBD',
    rule: {
      all: [desilAtMost(5), { some_member: { field: 'disability_severity', op: 'eq', value: 'berat' } }],
    },
    description: 'Asistensi untuk penyandang disabilitas berat di keluarga desil 1–5.',
  },
];
