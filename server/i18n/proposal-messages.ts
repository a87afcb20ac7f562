// Proposals and approval (#20 item 1) in both languages, spread into the two server catalogues. A refused
// decision names the proposal and says what to do instead.

export const PROPOSAL_MESSAGES_EN = {
  'notFound.proposal': 'Proposal {id} does not exist or is outside your area.',
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
  'proposal.importHeld':
    "Operators' changes of these kinds wait for a reviewer ({kinds}), so a household file from an operator is not applied directly: enter the changes as proposals in the records screen, or ask an administrator to import the file.",
  'proposal.mergeHeld':
    "Merging takes a household out of the counts, and operators' removals wait for a reviewer: ask an administrator to merge these two records.",
} as const satisfies Record<string, string>;

export const PROPOSAL_MESSAGES_ID = {
  'notFound.proposal': 'Usulan {id} tidak ada atau di luar wilayah Anda.',
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
  'proposal.importHeld':
    'Perubahan oleh operator untuk jenis ini menunggu persetujuan peninjau ({kinds}), jadi berkas keluarga dari operator tidak diterapkan langsung: masukkan perubahan sebagai usulan di layar data keluarga, atau minta administrator mengimpor berkas itu.',
  'proposal.mergeHeld':
    'Penggabungan mengeluarkan satu keluarga dari hitungan, dan penghapusan oleh operator menunggu persetujuan peninjau: minta administrator menggabungkan kedua data ini.',
} as const satisfies Record<keyof typeof PROPOSAL_MESSAGES_EN, string>;
