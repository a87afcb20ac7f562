// Reading uploaded ZIP files (zipped Shapefiles, XLSX workbooks) without trusting them. yauzl reads the central
// directory first, so the entry count and every entry's declared size are checked before one byte is inflated;
// an entry is inflated only up to its declared size (yauzl's validateEntrySizes, and our own count as a second
// guard), so a file whose sizes lie stops at the lie instead of filling memory.
import yauzl from 'yauzl';

export interface ZipLimits {
  /** Most entries (files and folders) a ZIP may hold. */
  maxEntries: number;
  /** Largest declared uncompressed size of one entry, in bytes. */
  maxEntryBytes: number;
  /** Largest declared uncompressed size of all entries together, in bytes. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of an entry above 1 MB (real data compresses 2–30 times). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxEntryBytes: 200 * 1024 * 1024,
  maxTotalBytes: 400 * 1024 * 1024,
  maxRatio: 200,
};

/** A ZIP refused before (or while) inflating; the message names the user's file and what to do. */
export class ZipLimitError extends Error {
  override name = 'ZipLimitError';
}

export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  declaredBytes: number;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function openZip(file: string, shown: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) =>
      err
        ? reject(new ZipLimitError(`${shown} is not a readable ZIP file (${err.message}); zip it again.`))
        : resolve(zip),
    ),
  );
}

/** Opens a ZIP, checks its entries against the limits and returns them; nothing is inflated yet. */
export async function inspectZip(
  file: string,
  shown: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<{ zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> }> {
  const zip = await openZip(file, shown);
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new ZipLimitError(
        `${shown} holds ${zip.entryCount} files; an upload may hold at most ${limits.maxEntries}. Zip only the files of the import.`,
      );
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const declared = entry.uncompressedSize;
        total += declared;
        const problem =
          declared > limits.maxEntryBytes
            ? `${entry.fileName} inflates to ${mb(declared)}, more than the ${mb(limits.maxEntryBytes)} one file may have`
            : total > limits.maxTotalBytes
              ? `its files inflate to more than ${mb(limits.maxTotalBytes)} together`
              : declared > 1024 * 1024 && declared > limits.maxRatio * Math.max(1, entry.compressedSize)
                ? `${entry.fileName} inflates ${Math.round(declared / Math.max(1, entry.compressedSize))} times (a "zip bomb" pattern, not real data)`
                : undefined;
        if (problem) {
          reject(
            new ZipLimitError(
              `${shown} was refused before unpacking: ${problem}. Check the file, or split it.`,
            ),
          );
          return;
        }
        if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', (err: Error) =>
        reject(new ZipLimitError(`${shown} is not a readable ZIP file (${err.message}); zip it again.`)),
      );
      zip.readEntry();
    });
    return { zip, entries };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Inflates one entry into memory, never past its declared size. */
export function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, shown: string): Promise<Buffer> {
  const cap = entry.uncompressedSize;
  const lied = () =>
    new ZipLimitError(
      `${shown}: ${entry.fileName} holds more data than the ZIP declares (a damaged or hostile file); zip it again.`,
    );
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err)
        return reject(new ZipLimitError(`${shown}: ${entry.fileName} cannot be unpacked (${err.message}).`));
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > cap) {
          stream.destroy();
          reject(lied());
          return;
        }
        chunks.push(chunk);
      });
      stream.once('error', (e: Error) =>
        reject(
          /too many bytes/i.test(e.message)
            ? lied()
            : new ZipLimitError(`${shown}: ${entry.fileName} cannot be unpacked (${e.message}).`),
        ),
      );
      stream.once('end', () => resolve(Buffer.concat(chunks, bytes)));
    });
  });
}
