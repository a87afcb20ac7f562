// Verivali field work (#20 item 3) in both languages: why an assignment or a visit is refused. Spread into the
// two server catalogues.

export const VERIVALI_MESSAGES_EN = {
  'verivali.oneSelection':
    'Choose households one way: a list of households, a kelurahan (with RWs), or a map selection (a box or a polygon).',
  'verivali.rwNeedsKelurahan': 'RWs are numbered within a kelurahan: name the kelurahan too.',
  'verivali.badPolygon': 'The map selection is not a closed polygon (each ring must end where it starts).',
  'verivali.noneSelected': 'The selection covers no active household you may assign.',
  'verivali.tooMany': 'The selection covers more than {max} households; choose a smaller area.',
  'verivali.unknownHouseholds': 'Unknown households (or outside your kelurahan): {ids}.',
  'verivali.notVerifier': 'The chosen user is not an active field verifier.',
  'verivali.verifierOutOfScope': 'The field verifier does not work in kelurahan {kelurahan}.',
  'verivali.verifierUnscoped':
    'The field verifier is not assigned to any kelurahan; only an admin can give them households.',
  'verivali.dueInPast': 'The due date {date} has already passed.',
  'verivali.noAssignment': 'No assignment {id} of yours.',
  'verivali.noSuchAssignment': 'No assignment {id} in this period that you may change.',
  'verivali.cancelVisited':
    'A visit has been recorded on this assignment already (a conflict one included): it is the record of that visit and cannot be taken back.',
  'verivali.changesNeeded': 'A visit with outcome "changed" must say what changed.',
  'verivali.changesOnlyForChanged': 'Only a visit with outcome "changed" carries changes.',
  'verivali.nothingChanged': 'The changes sent match the record: record the visit as verified instead.',
  'verivali.visitInFuture': 'The visit time {at} is in the future: check the phone’s clock.',
  'verivali.conflict':
    'Household {id} changed (version {current}) since the form was filled (version {base}): the visit is kept as a conflict, nothing was overwritten.',
  'verivali.clientIdTaken': 'Visit {clientId} was already sent for another assignment.',
} as const satisfies Record<string, string>;

export const VERIVALI_MESSAGES_ID = {
  'verivali.oneSelection':
    'Pilih keluarga dengan satu cara: daftar keluarga, kelurahan (dengan RW), atau pilihan di peta (kotak atau poligon).',
  'verivali.rwNeedsKelurahan': 'Nomor RW berlaku dalam satu kelurahan: sebutkan juga kelurahannya.',
  'verivali.badPolygon':
    'Pilihan di peta bukan poligon tertutup (setiap cincin harus berakhir di titik awalnya).',
  'verivali.noneSelected': 'Pilihan ini tidak mencakup keluarga aktif yang boleh Anda tugaskan.',
  'verivali.tooMany': 'Pilihan ini mencakup lebih dari {max} keluarga; pilih wilayah yang lebih kecil.',
  'verivali.unknownHouseholds': 'Keluarga tidak dikenal (atau di luar kelurahan Anda): {ids}.',
  'verivali.notVerifier': 'Pengguna yang dipilih bukan verifikator lapangan yang aktif.',
  'verivali.verifierOutOfScope': 'Verifikator lapangan ini tidak bertugas di kelurahan {kelurahan}.',
  'verivali.verifierUnscoped':
    'Verifikator lapangan ini belum ditetapkan ke kelurahan mana pun; hanya admin yang dapat memberinya tugas.',
  'verivali.dueInPast': 'Tenggat {date} sudah lewat.',
  'verivali.noAssignment': 'Tidak ada penugasan {id} atas nama Anda.',
  'verivali.noSuchAssignment': 'Tidak ada penugasan {id} pada periode ini yang boleh Anda ubah.',
  'verivali.cancelVisited':
    'Sudah ada kunjungan yang tercatat pada tugas ini (termasuk yang bentrok versi): tugas ini menjadi catatan kunjungan itu dan tidak dapat ditarik.',
  'verivali.changesNeeded': 'Kunjungan dengan hasil "ada perubahan" harus menyebutkan apa yang berubah.',
  'verivali.changesOnlyForChanged': 'Hanya kunjungan dengan hasil "ada perubahan" yang membawa perubahan.',
  'verivali.nothingChanged':
    'Perubahan yang dikirim sama dengan data: catat kunjungan sebagai "sesuai data" saja.',
  'verivali.visitInFuture': 'Waktu kunjungan {at} ada di masa depan: periksa jam ponsel.',
  'verivali.conflict':
    'Data keluarga {id} sudah berubah (versi {current}) sejak formulir diisi (versi {base}): kunjungan disimpan sebagai bentrok, tidak ada yang ditimpa.',
  'verivali.clientIdTaken': 'Kunjungan {clientId} sudah pernah dikirim untuk penugasan lain.',
} as const satisfies Record<string, string>;
