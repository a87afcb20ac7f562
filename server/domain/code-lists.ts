// Every code list of the registry, in one place, with Indonesian and English labels.
// The migrations turn these into CHECK constraints or lookup tables; imports validate against them;
// the UI labels with them. Adding a code here and in a new migration is the only way to extend a list.

export interface Code {
  readonly code: string;
  readonly id: string;
  readonly en: string;
}

// Generic in the code, so each list's codes are literal types (server/schemas and the web derive unions).
const c = <C extends string>(code: C, id: string, en: string) => ({ code, id, en }) as const satisfies Code;

export const CODE_LISTS = {
  sex: [c('L', 'Laki-laki', 'Male'), c('P', 'Perempuan', 'Female')],
  relation: [
    c('kepala_keluarga', 'Kepala keluarga', 'Head of family'),
    c('suami', 'Suami', 'Husband'),
    c('istri', 'Istri', 'Wife'),
    c('anak', 'Anak', 'Child'),
    c('menantu', 'Menantu', 'Child-in-law'),
    c('cucu', 'Cucu', 'Grandchild'),
    c('orang_tua', 'Orang tua', 'Parent'),
    c('mertua', 'Mertua', 'Parent-in-law'),
    c('famili_lain', 'Famili lain', 'Other relative'),
    c('lainnya', 'Lainnya', 'Other'),
  ],
  /** UU 8/2016 disability types; sensorik split into its three kinds as social offices record them. */
  disabilityType: [
    c('fisik', 'Disabilitas fisik', 'Physical'),
    c('intelektual', 'Disabilitas intelektual', 'Intellectual'),
    c('mental', 'Disabilitas mental', 'Mental (psychosocial, developmental)'),
    c('sensorik_netra', 'Sensorik netra', 'Sensory: blind'),
    c('sensorik_rungu', 'Sensorik rungu', 'Sensory: deaf'),
    c('sensorik_wicara', 'Sensorik wicara', 'Sensory: speech'),
    c('ganda', 'Disabilitas ganda', 'Multiple'),
  ],
  severity: [c('ringan', 'Ringan', 'Mild'), c('sedang', 'Sedang', 'Moderate'), c('berat', 'Berat', 'Severe')],
  desilSource: [
    c('DTSEN', 'DTSEN (Data Tunggal Sosial dan Ekonomi Nasional)', 'DTSEN national single registry'),
    c('DTKS', 'DTKS (Data Terpadu Kesejahteraan Sosial)', 'DTKS integrated welfare data'),
    c('P3KE', 'P3KE (Percepatan Penghapusan Kemiskinan Ekstrem)', 'P3KE extreme-poverty data'),
    c('REGSOSEK', 'Regsosek', 'Socio-economic registration'),
    c('SURVEI_LOKAL', 'Survei lokal', 'Local survey'),
  ],
  recordSource: [
    c('DTSEN', 'DTSEN', 'DTSEN'),
    c('DTKS', 'DTKS', 'DTKS'),
    c('ENTRI_KELURAHAN', 'Entri kelurahan', 'Kelurahan entry'),
    c('IMPOR', 'Impor berkas', 'File import'),
    c('DEMO', 'Data demo sintetis', 'Synthetic demo data'),
  ],
  floorType: [
    c('tanah', 'Tanah', 'Earth'),
    c('bambu', 'Bambu', 'Bamboo'),
    c('kayu', 'Kayu/papan kualitas rendah', 'Low-quality wood'),
    c('semen', 'Semen/plester', 'Cement'),
    c('keramik', 'Keramik/ubin', 'Tiles'),
  ],
  wallType: [
    c('bambu', 'Bambu/rumbia', 'Bamboo/thatch'),
    c('kayu', 'Kayu/papan', 'Wood'),
    c('tembok_tanpa_plester', 'Tembok tanpa plester', 'Unplastered masonry'),
    c('tembok', 'Tembok', 'Masonry'),
  ],
  roofType: [
    c('ijuk_rumbia', 'Ijuk/rumbia', 'Thatch'),
    c('seng', 'Seng', 'Zinc sheet'),
    c('asbes', 'Asbes', 'Asbestos'),
    c('genteng', 'Genteng', 'Roof tiles'),
    c('beton', 'Beton', 'Concrete'),
  ],
  toilet: [
    c('tidak_ada', 'Tidak ada', 'None'),
    c('bersama', 'Bersama/umum', 'Shared or public'),
    c('sendiri', 'Sendiri', 'Own'),
  ],
  waterSource: [
    c('sungai_hujan', 'Sungai/mata air/hujan', 'River, spring or rain'),
    c('sumur_tak_terlindung', 'Sumur tak terlindung', 'Unprotected well'),
    c('sumur_terlindung', 'Sumur terlindung/bor', 'Protected or bored well'),
    c('ledeng', 'Ledeng/PDAM', 'Piped (PDAM)'),
    c('kemasan', 'Air kemasan/isi ulang', 'Bottled or refill'),
  ],
  lighting: [
    c('non_pln', 'Bukan listrik PLN', 'No PLN electricity'),
    c('pln_450', 'PLN 450 VA', 'PLN 450 VA'),
    c('pln_900', 'PLN 900 VA', 'PLN 900 VA'),
    c('pln_1300', 'PLN ≥ 1.300 VA', 'PLN 1,300 VA or more'),
  ],
  cookingFuel: [
    c('kayu_arang', 'Kayu bakar/arang', 'Firewood or charcoal'),
    c('minyak_tanah', 'Minyak tanah', 'Kerosene'),
    c('lpg_3kg', 'LPG 3 kg', 'LPG 3 kg'),
    c('lpg_besar', 'LPG > 3 kg/gas kota', 'LPG > 3 kg or piped gas'),
    c('listrik', 'Listrik', 'Electric'),
  ],
  ownership: [
    c('milik_sendiri', 'Milik sendiri', 'Owned'),
    c('sewa', 'Sewa/kontrak', 'Rented'),
    c('bebas_sewa', 'Bebas sewa/menumpang', 'Rent-free'),
    c('dinas', 'Dinas', 'Official housing'),
    c('lainnya', 'Lainnya', 'Other'),
  ],
  education: [
    c('tidak_sekolah', 'Tidak/belum sekolah', 'No schooling'),
    c('sd', 'SD/sederajat', 'Primary'),
    c('smp', 'SMP/sederajat', 'Lower secondary'),
    c('sma', 'SMA/sederajat', 'Upper secondary'),
    c('diploma', 'Diploma', 'Diploma'),
    c('sarjana', 'Sarjana ke atas', 'University degree'),
  ],
  occupation: [
    c('tidak_bekerja', 'Tidak bekerja', 'Not working'),
    c('pelajar', 'Pelajar/mahasiswa', 'Student'),
    c('mengurus_rumah_tangga', 'Mengurus rumah tangga', 'Homemaker'),
    c('buruh', 'Buruh harian lepas', 'Day labourer'),
    c('nelayan_petani', 'Nelayan/petani', 'Fisher or farmer'),
    c('pedagang', 'Pedagang', 'Trader'),
    c('wiraswasta', 'Wiraswasta', 'Self-employed'),
    c('karyawan', 'Karyawan swasta', 'Private employee'),
    c('pns_tni_polri', 'PNS/TNI/Polri', 'Civil servant, military, police'),
    c('lainnya', 'Lainnya', 'Other'),
  ],
  verificationStatus: [
    c('unverified', 'Belum diverifikasi', 'Not verified'),
    c('verified', 'Terverifikasi', 'Verified'),
    c('rejected', 'Ditolak', 'Rejected'),
  ],
  householdStatus: [
    c('active', 'Aktif', 'Active'),
    c('moved_out', 'Pindah', 'Moved out'),
    c('died', 'Meninggal (seluruh anggota)', 'Died'),
    c('merged', 'Digabung (duplikat)', 'Merged as duplicate'),
    c('not_eligible', 'Tidak memenuhi syarat lagi', 'No longer eligible'),
  ],
  memberStatus: [
    c('active', 'Aktif', 'Active'),
    c('died', 'Meninggal', 'Died'),
    c('moved_out', 'Pindah', 'Moved out'),
  ],
  /** Why a member joins a household after it was registered (POST /households/:id/members). */
  memberEntry: [c('birth', 'Kelahiran', 'Birth'), c('move_in', 'Pindah masuk', 'Moved in')],
  locationCheck: [
    c('inside', 'Di dalam kelurahan', 'Inside its kelurahan'),
    c('near', 'Dekat batas (toleransi)', 'Near the border (within tolerance)'),
    c('other_kelurahan', 'Di kelurahan lain', 'In another kelurahan'),
    c('outside', 'Di luar wilayah', 'Outside the region'),
    c('missing', 'Tanpa koordinat', 'No coordinates'),
  ],
  stepStatus: [
    c('planned', 'Direncanakan', 'Planned'),
    c('ongoing', 'Berjalan', 'Ongoing'),
    c('done', 'Selesai', 'Done'),
    c('cancelled', 'Dibatalkan', 'Cancelled'),
  ],
  periodStatus: [c('open', 'Terbuka', 'Open'), c('finalized', 'Final', 'Finalized')],
  role: [
    c('admin', 'Admin Dinsos', 'Admin'),
    c('planner', 'Perencana', 'Planner'),
    c('opd', 'Staf OPD', 'Agency (OPD) staff'),
    c('operator', 'Operator kelurahan', 'Kelurahan operator'),
    c('verifier', 'Verifikator lapangan', 'Field verifier'),
  ],
  programUnit: [c('household', 'Keluarga', 'Household'), c('person', 'Perorangan', 'Person')],
  funding: [
    c('APBN', 'APBN', 'National budget'),
    c('APBD', 'APBD', 'City budget'),
    c('lainnya', 'Lainnya', 'Other'),
  ],
  importKind: [
    c('boundaries', 'Batas wilayah', 'Boundaries'),
    c('households', 'Keluarga dan anggota', 'Households and members'),
    c('enrolments', 'Daftar penerima program', 'Program enrolments'),
  ],
  jobStatus: [
    c('queued', 'Antre', 'Queued'),
    c('running', 'Berjalan', 'Running'),
    c('succeeded', 'Berhasil', 'Succeeded'),
    c('failed', 'Gagal', 'Failed'),
  ],
  auditAction: [
    c('read', 'Baca', 'Read'),
    c('export', 'Ekspor', 'Export'),
    c('create', 'Buat', 'Create'),
    c('update', 'Ubah', 'Update'),
    c('leave', 'Keluar dari daftar', 'Leave'),
    c('merge', 'Gabung', 'Merge'),
    c('import', 'Impor', 'Import'),
    c('login', 'Masuk', 'Login'),
    c('login_failed', 'Gagal masuk', 'Failed login'),
    c('logout', 'Keluar', 'Logout'),
    c('period_open', 'Buka periode', 'Open period'),
    c('period_finalize', 'Finalisasi periode', 'Finalize period'),
    c('admin', 'Administrasi', 'Administration'),
    c('denied', 'Ditolak', 'Denied'),
    c('boundary_switch', 'Ganti batas wilayah', 'Boundary switch'),
    c('propose', 'Usulan', 'Proposal'),
    c('approve', 'Usulan disetujui', 'Proposal approved'),
    c('reject', 'Usulan ditolak', 'Proposal rejected'),
  ],
  /**
   * What kind of household change an approval policy names (issue #20): a new household, a removal, or a field
   * group of a change. Each may need a reviewer's approval before it reaches the registry.
   */
  approvalKind: [
    c('new_household', 'Keluarga baru', 'New household'),
    c('removal', 'Keluar dari daftar', 'Removal (leaving)'),
    c('desil', 'Desil dan sumbernya', 'Desil and its source'),
    c('address', 'Alamat, RT/RW', 'Address, RT/RW'),
    c('housing', 'Kondisi rumah', 'Housing conditions'),
    c('location', 'Titik lokasi rumah', 'House location'),
    c(
      'members',
      'Anggota keluarga (tambah, koreksi, disabilitas)',
      'Members (added, corrected, disabilities)',
    ),
  ],
  proposalKind: [
    c('new_household', 'Keluarga baru', 'New household'),
    c('change', 'Perubahan data', 'Change'),
    c('removal', 'Keluar dari daftar', 'Removal'),
  ],
  proposalStatus: [
    c('pending', 'Menunggu persetujuan', 'Pending'),
    c('approved', 'Disetujui', 'Approved'),
    c('rejected', 'Ditolak', 'Rejected'),
  ],
  /** A kelurahan's part of the period: open while it works, closed when its list is settled (#20). */
  kelurahanPeriodStatus: [c('open', 'Terbuka', 'Open'), c('closed', 'Ditutup', 'Closed')],
  /** What the musyawarah kelurahan decided about a household on its list. */
  muskelDecision: [
    c('keep', 'Tetap', 'Keep'),
    c('remove', 'Dikeluarkan', 'Remove'),
    c('add', 'Ditambahkan', 'Add'),
  ],
  /** Verivali (#20 item 3): what a field visit found at the household. */
  visitOutcome: [
    c('verified', 'Sesuai data', 'Verified'),
    c('changed', 'Ada perubahan', 'Changed'),
    c('not_found', 'Tidak ditemukan', 'Not found'),
    c('refused', 'Menolak', 'Refused'),
    c('moved', 'Pindah', 'Moved'),
    c('died', 'Meninggal', 'Died'),
  ],
  /** A visit as stored: recorded, or held as a conflict (the record changed since the phone read it). */
  visitStatus: [c('recorded', 'Tercatat', 'Recorded'), c('conflict', 'Bentrok versi', 'Version conflict')],
  /**
   * A household's field assignment: open until a visit is recorded, then visited; cancelled when taken back or
   * moved to another verifier (kept for a visit the phone sends late, which makes it visited).
   */
  assignmentStatus: [
    c('open', 'Belum dikunjungi', 'Open'),
    c('visited', 'Sudah dikunjungi', 'Visited'),
    c('cancelled', 'Ditarik', 'Taken back'),
  ],
  scopeType: [c('kelurahan', 'Kelurahan', 'Kelurahan'), c('program', 'Program', 'Program')],
  /** What an audit row touched (audit_log.entity), as the audit screen names it. */
  auditEntity: [
    c('household', 'Keluarga', 'Household'),
    c('households', 'Keluarga (impor)', 'Households (import)'),
    c('member', 'Anggota keluarga', 'Household member'),
    c('household_identifiers', 'NIK/KK lengkap', 'Full NIK/KK'),
    c('household_history', 'Riwayat keluarga', 'Household history'),
    c('household_search', 'Pencarian keluarga', 'Household search'),
    c('household_tile', 'Peta titik keluarga', 'Household map tiles'),
    c('household_problems', 'Masalah keluarga', 'Household problem'),
    c('household_needs', 'Kebutuhan keluarga', 'Household need'),
    c('household_need', 'Kebutuhan keluarga', 'Household need'),
    c('case_plan', 'Rencana penanganan', 'Case plan'),
    c('handling_step', 'Langkah penanganan', 'Handling step'),
    c('handling_steps', 'Daftar langkah penanganan', 'Handling step list'),
    c('handling_steps_overdue', 'Langkah penanganan terlambat', 'Overdue handling steps'),
    c('duplicates', 'Data ganda', 'Duplicates'),
    c('target_list', 'Daftar sasaran', 'Target list'),
    c('program_rule', 'Aturan program', 'Program rule'),
    c('legend_set', 'Set legenda tetap', 'Fixed legend set'),
    c('enrolments', 'Penerima program (impor)', 'Program enrolments (import)'),
    c('import_job', 'Tugas impor', 'Import job'),
    c('import_rejects', 'Laporan penolakan impor', 'Import reject report'),
    c('boundaries', 'Batas wilayah (impor)', 'Boundaries (import)'),
    c('boundary_set', 'Set batas wilayah', 'Boundary set'),
    c('period', 'Periode', 'Period'),
    c('user', 'Pengguna', 'User'),
    c('session', 'Sesi masuk', 'Sign-in session'),
    c('audit_log', 'Log audit', 'Audit log'),
    c('route', 'Halaman API', 'API route'),
    c('access_token', 'Token akses', 'Access token'),
    c('proposal', 'Usulan perubahan', 'Change proposal'),
    c('proposals', 'Daftar usulan', 'Proposal list'),
    c('approval_policy', 'Aturan persetujuan', 'Approval policy'),
    c('rt_rw_table', 'Rincian RT/RW', 'RT/RW detail'),
    c('muskel_list', 'Daftar musyawarah kelurahan', 'Kelurahan meeting list'),
    c('verification_assignment', 'Penugasan verivali', 'Field verification assignment'),
    c('verification_assignments', 'Daftar penugasan verivali', 'Field verification assignment list'),
    c('verification_visit', 'Kunjungan verivali', 'Field verification visit'),
    c('verification_overdue', 'Verivali terlambat', 'Overdue field verifications'),
    c('kelurahan_period', 'Status kelurahan dalam periode', 'Kelurahan period record'),
    c('berita_acara', 'Berita acara musyawarah', 'Meeting minutes (berita acara)'),
    c('proposal_evidence', 'Bukti usulan', 'Proposal evidence'),
    c('muskel_decision', 'Keputusan musyawarah kelurahan', 'Kelurahan meeting decision'),
    c('adoption_report', 'Laporan penetapan', 'Adoption report'),
  ],
} as const satisfies Record<string, readonly Code[]>;

export type CodeListName = keyof typeof CODE_LISTS;

/** The codes of one list as a literal union, e.g. CodeOf<'stepStatus'> = 'planned' | 'ongoing' | …. */
export type CodeOf<L extends CodeListName> = (typeof CODE_LISTS)[L][number]['code'];

export function codesOf<L extends CodeListName>(list: L): CodeOf<L>[] {
  return CODE_LISTS[list].map((x) => x.code);
}

/** Why a household leaves the counts: household statuses (merging duplicates has its own flow). */
export const LEAVE_REASONS = [
  'moved_out',
  'died',
  'not_eligible',
] as const satisfies readonly CodeOf<'householdStatus'>[];

/**
 * The 26 PPKS categories (Permensos 8/2012) — the "problem" a household record names. A lookup table, since
 * the ministry revises it; the migration seeds it from here.
 */
export const PPKS_CATEGORIES: readonly Code[] = [
  c('anak_balita_terlantar', 'Anak balita terlantar', 'Neglected infant'),
  c('anak_terlantar', 'Anak terlantar', 'Neglected child'),
  c('anak_berhadapan_hukum', 'Anak yang berhadapan dengan hukum', 'Child in conflict with the law'),
  c('anak_jalanan', 'Anak jalanan', 'Street child'),
  c('anak_disabilitas', 'Anak dengan disabilitas', 'Child with disability'),
  c('anak_korban_kekerasan', 'Anak korban tindak kekerasan', 'Child victim of violence'),
  c(
    'anak_perlindungan_khusus',
    'Anak yang memerlukan perlindungan khusus',
    'Child needing special protection',
  ),
  c('lansia_terlantar', 'Lanjut usia terlantar', 'Neglected elderly'),
  c('penyandang_disabilitas', 'Penyandang disabilitas', 'Person with disability'),
  c('tuna_susila', 'Tuna susila', 'Sex worker'),
  c('gelandangan', 'Gelandangan', 'Homeless person'),
  c('pengemis', 'Pengemis', 'Beggar'),
  c('pemulung', 'Pemulung', 'Scavenger'),
  c('kelompok_minoritas', 'Kelompok minoritas', 'Minority group'),
  c('bekas_warga_binaan', 'Bekas warga binaan lembaga pemasyarakatan', 'Former prisoner'),
  c('odha', 'Orang dengan HIV/AIDS', 'Person with HIV/AIDS'),
  c('korban_napza', 'Korban penyalahgunaan NAPZA', 'Victim of drug abuse'),
  c('korban_perdagangan_orang', 'Korban perdagangan orang', 'Trafficking victim'),
  c('korban_kekerasan', 'Korban tindak kekerasan', 'Victim of violence'),
  c('pekerja_migran_bermasalah', 'Pekerja migran bermasalah sosial', 'Migrant worker in social difficulty'),
  c('korban_bencana_alam', 'Korban bencana alam', 'Natural-disaster victim'),
  c('korban_bencana_sosial', 'Korban bencana sosial', 'Social-disaster victim'),
  c('perempuan_rawan_sosial_ekonomi', 'Perempuan rawan sosial ekonomi', 'Economically vulnerable woman'),
  c('fakir_miskin', 'Fakir miskin', 'Poor'),
  c(
    'keluarga_bermasalah_psikologis',
    'Keluarga bermasalah sosial psikologis',
    'Family with psychosocial problems',
  ),
  c('komunitas_adat_terpencil', 'Komunitas adat terpencil', 'Remote indigenous community'),
];

/** Need categories used for "unmet needs" indicators and handling steps. */
export const NEED_CATEGORIES: readonly Code[] = [
  c('pangan', 'Pangan', 'Food'),
  c('kesehatan', 'Kesehatan/jaminan kesehatan', 'Health and health insurance'),
  c('pendidikan', 'Pendidikan', 'Education'),
  c('rumah_layak', 'Rumah layak huni (RTLH)', 'Decent housing (RTLH)'),
  c('air_sanitasi', 'Air bersih dan sanitasi', 'Water and sanitation'),
  c('alat_bantu', 'Alat bantu disabilitas', 'Assistive devices'),
  c('rehabilitasi_sosial', 'Rehabilitasi sosial', 'Social rehabilitation'),
  c('pekerjaan_usaha', 'Pekerjaan/modal usaha', 'Work or business capital'),
  c('adminduk', 'Dokumen kependudukan', 'Civil-registry documents'),
  c('pendampingan_lansia', 'Pendampingan lansia', 'Elderly care'),
  c('perlindungan_anak', 'Perlindungan anak', 'Child protection'),
  c('permakanan', 'Permakanan', 'Meal service'),
];
