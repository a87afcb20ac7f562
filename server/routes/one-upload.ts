// One small file from a multipart request (a berita acara scan, a proposal's evidence photo), read into memory:
// its size is capped by @fastify/multipart's limit as it streams (413 in the user's language, nothing kept),
// its name cleaned of control characters and path separators. What the bytes are is for the service to judge.
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/translate.ts';
import { badRequestT, problem } from '../lib/problem.ts';
import { assertNoControlCharacters } from '../plugins/app/input-hygiene.ts';

export interface OneUpload {
  name: string;
  content: Buffer;
}

export async function readOneUpload(
  request: FastifyRequest,
  opts: { maxBytes: number; tooLarge: MessageKey; noFile: MessageKey; fallbackName: string },
): Promise<OneUpload> {
  if (!request.isMultipart()) throw problem(415, 'unsupported-media-type', 'import.notMultipart');
  let file: OneUpload | undefined;
  try {
    const part = await request.file();
    if (part) {
      assertNoControlCharacters(part.filename, 'the file name');
      const content = await part.toBuffer();
      file = { name: part.filename.replace(/[\\/]/g, '_').slice(0, 200) || opts.fallbackName, content };
    }
  } catch (err) {
    if (err instanceof request.server.multipartErrors.RequestFileTooLargeError)
      throw problem(413, 'file-too-large', opts.tooLarge, { mb: opts.maxBytes / 1024 / 1024 });
    throw err;
  }
  if (!file) throw badRequestT(opts.noFile);
  return file;
}

/** A stored file's description in an answer (never its bytes). */
export const fileMeta = (row: {
  id: string;
  file_name: string;
  content_type: string;
  bytes: number;
  uploaded_at: Date;
}) => ({
  id: row.id,
  fileName: row.file_name,
  contentType: row.content_type,
  bytes: row.bytes,
  uploadedAt: new Date(row.uploaded_at).toISOString(),
});
