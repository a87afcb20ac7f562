// UI strings: Bahasa Indonesia by default, English switchable. Every key exists in both catalogues
// (the type makes a missing translation a compile error).
import { ADMIN_EN, ADMIN_ID } from './users/messages';
import { IMPORTS_EN, IMPORTS_ID } from './imports/imports-strings';
import { PROGRAMS_EN, PROGRAMS_ID } from './programs/programs-strings';
import { PERIODS_EN, PERIODS_ID } from './periods/periods-strings';
import { CHANGES_EN, CHANGES_ID } from './changes/changes-strings';
import { BOUNDARIES_EN, BOUNDARIES_ID } from './boundaries/boundaries-strings';
import { DUPLICATES_EN, DUPLICATES_ID } from './duplicates/duplicates-strings';
import { LOCATION_EN, LOCATION_ID } from './records/location-strings';
import { RECORD_EN, RECORD_ID } from './records/record-strings';
import { CASEWORK_EN, CASEWORK_ID } from './records/casework-strings';
import { UI_EN, UI_ID } from './ui/ui-strings';
import { SCREEN_EN, SCREEN_ID } from './app/screen-strings';
import { TOKENS_EN, TOKENS_ID } from './tokens/tokens-strings';
import { PROPOSALS_EN, PROPOSALS_ID } from './proposals/proposals-strings';
import { VERIVALI_EN, VERIVALI_ID } from './verivali/verivali-strings';
import { FIELDWORK_EN, FIELDWORK_ID } from './fieldwork/fieldwork-strings';
import { NEIGHBOURHOOD_EN, NEIGHBOURHOOD_ID } from './neighbourhood/neighbourhood-strings';
import { COARSENING_EN, COARSENING_ID } from './app/coarsening-strings';
import { TARGETING_EN, TARGETING_ID } from './targeting/targeting-strings';
import { BIVARIATE_EN, BIVARIATE_ID } from './app/bivariate-strings';
import { LEGEND_SET_EN, LEGEND_SET_ID } from './app/legend-set-strings';

const id = {
  appTitle: 'Sidaksos — Peta Kesejahteraan Sosial',
  appSubtitle: 'Kota Semarang',
  language: 'Bahasa',
  loading: 'Memuat peta…',
  loadError: 'Data wilayah gagal dimuat',
  retry: 'Coba lagi',
  syntheticBanner:
    'Data demo sintetis: batas kelurahan dan kecamatan resmi (Kemendagri 300.2.2-2430/2025), tetapi warga dan rumah tangganya buatan (bukan orang sungguhan).',
  kelurahanCount: '{n} kelurahan',
  kecamatanCount: '{n} kecamatan',
  mapLabel: 'Peta kelurahan dan kecamatan',
  apiDocs: 'Dokumentasi API',
  login: 'Masuk',
  logout: 'Keluar',
  loginTitle: 'Masuk ke Sidaksos',
  username: 'Nama pengguna',
  password: 'Kata sandi',
  cancel: 'Batal',
  map: 'Peta',
  auditTitle: 'Log audit',
  auditAction: 'Aksi',
  auditWhen: 'Waktu (UTC)',
  auditWhat: 'Objek',
  auditReason: 'Alasan',
  auditReasonWrongPassword: 'kata sandi salah',
  auditReasonUnknownUser: 'pengguna tidak dikenal atau dinonaktifkan',
  auditReasonSlowedDown: 'diperlambat (terlalu banyak kegagalan)',
  all: 'Semua',
  exportCsv: 'Ekspor CSV',
  ...ADMIN_ID,
  ...UI_ID,
  ...SCREEN_ID,
  ...TOKENS_ID,
  ...PROPOSALS_ID,
  ...VERIVALI_ID,
  ...FIELDWORK_ID,
  ...NEIGHBOURHOOD_ID,
  ...COARSENING_ID,
  ...TARGETING_ID,
  ...BIVARIATE_ID,
  ...LEGEND_SET_ID,
  ...DUPLICATES_ID,
  ...LOCATION_ID,
  ...RECORD_ID,
  ...CASEWORK_ID,
  latitude: 'Lintang',
  longitude: 'Bujur',
  markVerified: 'Tandai terverifikasi',
  leaveReason: 'Alasan keluar',
  leave: 'Keluarkan dari data aktif',
  problemsNeeds: 'Masalah dan kebutuhan',
  newHousehold: 'Keluarga baru',
  periods: 'Periode',
  birthDate: 'Tanggal lahir',
  finalize: 'Finalkan',
  newPeriod: 'Periode baru',
  openPeriod: 'Buka periode',
  overdueByArea: 'Langkah terbuka dan lewat tenggat per kelurahan',
  openSteps: 'Terbuka',
  overdueSteps: 'Lewat tenggat',
  // Steps screen: filters, pages, saves
  stepsFilters: 'Saring langkah',
  stepsAllPrograms: 'Semua program',
  stepsAllKelurahan: 'Semua kelurahan',
  stepsAllStatuses: 'Semua status',
  stepsDueAny: 'Semua tenggat',
  stepsDueWeek: 'Tenggat 7 hari ke depan',
  stepsShowing: 'Menampilkan {from}–{to} dari {total} langkah',
  stepsNone: 'Tidak ada langkah yang cocok dengan saringan ini.',
  stepsStatusFor: 'Status langkah “{action}” (KK {kk})',
  stepsSaved: 'Langkah “{action}” (KK {kk}) disimpan: {status}.',
  stepsReload: 'Muat ulang daftar',
  stepsKk: 'KK (disamarkan)',
  stepsOpd: 'OPD / program',
  stepsPages: 'Halaman daftar langkah',
  stepsListLabel: 'Daftar langkah',
  ...IMPORTS_ID,
  ...PROGRAMS_ID,
  ...PERIODS_ID,
  ...CHANGES_ID,
  ...BOUNDARIES_ID,
} as const;

type Catalogue = { [K in keyof typeof id]: string };

const en: Catalogue = {
  appTitle: 'Sidaksos — Social Welfare Map',
  appSubtitle: 'Semarang City',
  language: 'Language',
  loading: 'Loading map…',
  loadError: 'Could not load the areas',
  retry: 'Retry',
  syntheticBanner:
    'Synthetic demo data: the kelurahan and kecamatan boundaries are official (Kemendagri 300.2.2-2430/2025), but the residents and households are made up (not real people).',
  kelurahanCount: '{n} kelurahan',
  kecamatanCount: '{n} kecamatan',
  mapLabel: 'Map of kelurahan and kecamatan',
  apiDocs: 'API documentation',
  login: 'Log in',
  logout: 'Log out',
  loginTitle: 'Log in to Sidaksos',
  username: 'Username',
  password: 'Password',
  cancel: 'Cancel',
  map: 'Map',
  auditTitle: 'Audit log',
  auditAction: 'Action',
  auditWhen: 'When (UTC)',
  auditWhat: 'Object',
  auditReason: 'Reason',
  auditReasonWrongPassword: 'wrong password',
  auditReasonUnknownUser: 'unknown or disabled user',
  auditReasonSlowedDown: 'slowed down (too many failures)',
  all: 'All',
  exportCsv: 'Export CSV',
  ...ADMIN_EN,
  ...UI_EN,
  ...SCREEN_EN,
  ...TOKENS_EN,
  ...PROPOSALS_EN,
  ...VERIVALI_EN,
  ...FIELDWORK_EN,
  ...NEIGHBOURHOOD_EN,
  ...COARSENING_EN,
  ...TARGETING_EN,
  ...BIVARIATE_EN,
  ...LEGEND_SET_EN,
  ...DUPLICATES_EN,
  ...LOCATION_EN,
  ...RECORD_EN,
  ...CASEWORK_EN,
  latitude: 'Latitude',
  longitude: 'Longitude',
  markVerified: 'Mark verified',
  leaveReason: 'Reason for leaving',
  leave: 'Remove from active records',
  problemsNeeds: 'Problems and needs',
  newHousehold: 'New household',
  periods: 'Periods',
  birthDate: 'Birth date',
  finalize: 'Finalize',
  newPeriod: 'New period',
  openPeriod: 'Open period',
  overdueByArea: 'Open and overdue steps by kelurahan',
  openSteps: 'Open',
  overdueSteps: 'Overdue',
  // Steps screen: filters, pages, saves
  stepsFilters: 'Filter steps',
  stepsAllPrograms: 'All programs',
  stepsAllKelurahan: 'All kelurahan',
  stepsAllStatuses: 'All statuses',
  stepsDueAny: 'Any due date',
  stepsDueWeek: 'Due in the next 7 days',
  stepsShowing: 'Showing {from}–{to} of {total} steps',
  stepsNone: 'No steps match these filters.',
  stepsStatusFor: 'Status of step “{action}” (KK {kk})',
  stepsSaved: 'Step “{action}” (KK {kk}) saved: {status}.',
  stepsReload: 'Reload the list',
  stepsKk: 'KK (masked)',
  stepsOpd: 'Agency / program',
  stepsPages: 'Step list pages',
  stepsListLabel: 'Step list',
  ...IMPORTS_EN,
  ...PROGRAMS_EN,
  ...PERIODS_EN,
  ...CHANGES_EN,
  ...BOUNDARIES_EN,
};

export type Lang = 'id' | 'en';
export type MessageKey = keyof typeof id;
export const CATALOGUES: Record<Lang, Catalogue> = { id, en };

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  return fromUrl === 'en' ? 'en' : 'id';
}

class I18n {
  lang = $state<Lang>(initialLang());

  constructor() {
    // Screen readers pick their voice from <html lang>: it must follow the language from the first paint.
    document.documentElement.lang = this.lang;
  }

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    return CATALOGUES[this.lang][key].replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? `{${p}}`));
  }

  set(lang: Lang): void {
    this.lang = lang;
    const url = new URL(location.href);
    if (lang === 'id') url.searchParams.delete('lang');
    else url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    document.documentElement.lang = lang;
  }
}

export const i18n = new I18n();
