// Proposals and approval (#20 item 1) in both languages, spread into the two server catalogues. A refused
// decision names the proposal and says what to do instead.

export const PROPOSAL_MESSAGES_EN = {
  'notFound.proposal': 'Proposal {id} does not exist or is outside your area.',
  'evidence.type':
    '“{name}” is not a PDF, PNG or JPEG file (judged from its contents). Attach a photo of the house or a scanned letter.',
  'evidence.tooLarge':
    'The file is larger than {mb} MB: take the photo at a lower resolution or scan at 150 dpi.',
  'evidence.noFile': 'No file: add the photo or scan as the multipart field "file".',
  'evidence.tooMany': 'Proposal {id} already has {max} evidence files: that is the most one proposal keeps.',
  'evidence.decided':
    'Proposal {id} is already decided: evidence can only be added while it waits for review.',
  'evidence.notYours': 'Only whoever made proposal {id}, or an administrator, can add evidence to it.',
  'evidence.notFound': 'No evidence file {id} on this proposal.',
  'proposal.alreadyApproved':
    'Proposal {id} was already approved by {by}; a decided proposal is not decided again. Nothing was changed.',
  'proposal.alreadyRejected':
    'Proposal {id} was already rejected by {by}; a decided proposal is not decided again. Nothing was changed.',
  'proposal.ownProposal':
    'You made proposal {id} yourself; another reviewer must approve or reject it (maker–checker). Nothing was changed.',
  'proposal.stale':
    'Household {householdId} has changed since proposal {id} was made (version {base}, now {current}); nothing was applied. Reject it and ask for a new proposal on the current record.',
  'proposal.rejectNeedsReason': 'Say why the proposal is rejected: the proposer reads the reason.',
  'proposal.householdGone': 'Household {householdId} of proposal {id} no longer exists in period {period}.',
  'proposal.importKkTaken':
    'KK {kk} of proposal {id} has been registered in this period since the file was read; nothing was applied. Reject the proposal and ask for the household to be checked against the record now stored.',
  'proposal.importRefused':
    'Proposal {id} (file {file}, row {row}) no longer passes the import checks: {reason}. Nothing was applied; reject it, or correct the record first.',
  'proposal.mergeHeld':
    "Merging takes a household out of the counts, and operators' removals wait for a reviewer: ask an administrator to merge these two records.",
} as const satisfies Record<string, string>;

export const PROPOSAL_MESSAGES_ID = {
  'notFound.proposal': 'Usulan {id} tidak ada atau di luar wilayah Anda.',
  'evidence.type':
    '“{name}” bukan berkas PDF, PNG atau JPEG (dinilai dari isinya). Lampirkan foto rumah atau surat yang dipindai.',
  'evidence.tooLarge':
    'Berkas lebih besar dari {mb} MB: ambil foto dengan resolusi lebih rendah atau pindai pada 150 dpi.',
  'evidence.noFile': 'Tidak ada berkas: tambahkan foto atau pindaian sebagai bagian multipart "file".',
  'evidence.tooMany':
    'Usulan {id} sudah memiliki {max} berkas bukti: itu jumlah terbanyak untuk satu usulan.',
  'evidence.decided':
    'Usulan {id} sudah diputuskan: bukti hanya dapat ditambahkan selama usulan menunggu peninjauan.',
  'evidence.notYours': 'Hanya pembuat usulan {id} atau administrator yang dapat menambahkan bukti.',
  'evidence.notFound': 'Tidak ada berkas bukti {id} pada usulan ini.',
  'proposal.alreadyApproved':
    'Usulan {id} sudah disetujui oleh {by}; usulan yang sudah diputuskan tidak diputuskan lagi. Tidak ada yang diubah.',
  'proposal.alreadyRejected':
    'Usulan {id} sudah ditolak oleh {by}; usulan yang sudah diputuskan tidak diputuskan lagi. Tidak ada yang diubah.',
  'proposal.ownProposal':
    'Usulan {id} Anda buat sendiri; peninjau lain yang harus menyetujui atau menolaknya (pembuat–pemeriksa). Tidak ada yang diubah.',
  'proposal.stale':
    'Keluarga {householdId} sudah berubah sejak usulan {id} dibuat (versi {base}, kini {current}); tidak ada yang diterapkan. Tolak usulan ini dan minta usulan baru atas data terkini.',
  'proposal.rejectNeedsReason': 'Tuliskan alasan penolakan usulan: pengusul akan membacanya.',
  'proposal.householdGone': 'Keluarga {householdId} pada usulan {id} tidak ada lagi di periode {period}.',
  'proposal.importKkTaken':
    'KK {kk} pada usulan {id} sudah terdaftar di periode ini sejak berkas dibaca; tidak ada yang diterapkan. Tolak usulan ini dan minta keluarga itu dicocokkan dengan data yang kini tersimpan.',
  'proposal.importRefused':
    'Usulan {id} (berkas {file}, baris {row}) tidak lagi lolos pemeriksaan impor: {reason}. Tidak ada yang diterapkan; tolak usulan ini, atau perbaiki datanya dulu.',
  'proposal.mergeHeld':
    'Penggabungan mengeluarkan satu keluarga dari hitungan, dan penghapusan oleh operator menunggu persetujuan peninjau: minta administrator menggabungkan kedua data ini.',
} as const satisfies Record<keyof typeof PROPOSAL_MESSAGES_EN, string>;
