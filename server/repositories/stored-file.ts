// The columns every stored upload has (berita_acara, proposal_evidence): the cleaned name, the type judged from
// its bytes, its size and hash, the bytes themselves and who sent them. One shape, so the two tables stay alike.
export interface StoredFileInput {
  regionCode: string;
  periodCode: string;
  fileName: string;
  contentType: string;
  sha256: string;
  content: Buffer;
  uploadedBy: string;
}

export const storedFileColumns = (f: StoredFileInput) => ({
  region_code: f.regionCode,
  period_code: f.periodCode,
  file_name: f.fileName,
  content_type: f.contentType,
  bytes: f.content.length,
  sha256: f.sha256,
  content: f.content,
  uploaded_by: f.uploadedBy,
});
