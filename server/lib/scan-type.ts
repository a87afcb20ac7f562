// What an uploaded scan or photo is, judged from its first bytes, never from its name or the browser's word:
// a renamed text file or a script must not be stored and served back as a PDF or an image.
import { createHash } from 'node:crypto';
import type { MessageKey } from '../i18n/translate.ts';
import { badRequestT, problem } from './problem.ts';
const SIGNATURES: ReadonlyArray<[string, Buffer]> = [
  ['application/pdf', Buffer.from('%PDF-', 'latin1')],
  ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff])],
];

/** The content type the bytes carry (PDF, PNG or JPEG), or null for anything else. */
export function scanType(content: Buffer): string | null {
  return SIGNATURES.find(([, magic]) => content.subarray(0, magic.length).equals(magic))?.[0] ?? null;
}

/** The file extension a served scan gets. */
export const SCAN_EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/**
 * An upload that must be a scan or a photo (a berita acara, a proposal's evidence): refused when empty (400) or
 * when its bytes are none of PDF, PNG, JPEG (415 with `notAScan`, naming the file); else its type and SHA-256.
 */
export function checkedScan(
  file: { name: string; content: Buffer },
  notAScan: MessageKey,
): { contentType: string; sha256: string } {
  if (file.content.length === 0) throw badRequestT('import.emptyFile', { name: file.name });
  const contentType = scanType(file.content);
  if (!contentType) throw problem(415, 'unsupported-file-type', notAScan, { name: file.name });
  return { contentType, sha256: createHash('sha256').update(file.content).digest('hex') };
}
