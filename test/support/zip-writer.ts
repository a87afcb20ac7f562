// Writes ZIP files byte by byte (PKWARE APPNOTE 6.3: local headers, central directory, end record), so tests
// can build what no well-behaved zipper produces: an entry that inflates to a gigabyte from a megabyte, an entry
// whose declared size lies, an archive with thousands of entries. Deflated data is made by streaming zlib over
// repeated chunks, so even a 1 GB entry never exists in memory.
import { crc32, createDeflateRaw } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  /** The entry's content, or a repeat of one chunk (e.g. zeros) to make a large entry cheaply. */
  content: Buffer | { chunk: Buffer; times: number };
  /** Write this as the uncompressed size in both headers instead of the true one (a lying ZIP). */
  declaredSize?: number;
}

async function deflate(
  content: ZipEntrySpec['content'],
): Promise<{ data: Buffer; size: number; crc: number }> {
  const stream = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => stream.on('end', resolve).on('error', reject));
  let crc = 0;
  let size = 0;
  const pieces = Buffer.isBuffer(content) ? [content] : Array<Buffer>(content.times).fill(content.chunk);
  for (const piece of pieces) {
    crc = crc32(piece, crc);
    size += piece.length;
    if (!stream.write(piece)) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();
  await done;
  return { data: Buffer.concat(out), size, crc };
}

export async function zipBuffer(entries: ZipEntrySpec[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { data, size, crc } = await deflate(e.content);
    const name = Buffer.from(e.name, 'utf8');
    const declared = e.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(declared, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + data.length;
  }
  const dirBytes = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}
