// Checks a Shapefile's parts against their own headers before any geometry is parsed (ESRI Shapefile Technical
// Description, 1998; dBase III header): the .shp file-length field and every record header must fit the bytes
// there are, the .shx must index exactly the .shp's records, and the .dbf must hold as many rows as the .shp
// has shapes. A truncated download or a mix of parts from two exports is then one clear sentence instead of a
// parser crash, a silent partial read or an endless loop on garbage lengths.

export class ShapefileCheckError extends Error {
  override name = 'ShapefileCheckError';
}

const POLYGON_TYPES = new Set([5, 15, 25]);
const TYPE_NAMES: Record<number, string> = {
  1: 'points',
  3: 'lines',
  8: 'multipoints',
  11: 'points',
  13: 'lines',
};

export interface ShapefileBytes {
  shp: Uint8Array;
  shx?: Uint8Array;
  dbf?: Uint8Array;
}

/** Throws ShapefileCheckError naming `shown` (the file the user gave) and what to do; returns the record count. */
export function checkShapefile(parts: ShapefileBytes, shown: string): number {
  const again =
    'Export the Shapefile again from your GIS and upload all its parts (.shp, .shx, .dbf, .prj) zipped together.';
  const fail = (what: string) => {
    throw new ShapefileCheckError(`${shown}: ${what}. ${again}`);
  };
  const shp = Buffer.from(parts.shp.buffer, parts.shp.byteOffset, parts.shp.byteLength);
  if (shp.length < 100)
    fail(`the .shp file is cut short (${shp.length} bytes, less than its 100-byte header)`);
  if (shp.readInt32BE(0) !== 9994)
    fail('the .shp file is not a Shapefile (its header does not start with 9994)');
  const declared = shp.readInt32BE(24) * 2;
  if (declared > shp.length)
    fail(`the .shp file is cut short: its header says ${declared} bytes, the file has ${shp.length}`);
  if (declared < shp.length)
    fail(`the .shp file is inconsistent: its header says ${declared} bytes, the file has ${shp.length}`);
  const type = shp.readInt32LE(32);
  if (!POLYGON_TYPES.has(type))
    fail(
      `the .shp file holds ${TYPE_NAMES[type] ?? `shape type ${type}`}, not polygons; kelurahan boundaries are polygons`,
    );
  let records = 0;
  for (let at = 100; at < declared;) {
    if (at + 8 > declared) fail(`the .shp file is cut short inside record ${records + 1}`);
    const length = shp.readInt32BE(at + 4) * 2;
    if (length < 4 || at + 8 + length > declared)
      fail(`the .shp file is cut short or damaged at record ${records + 1} (it claims ${length} bytes)`);
    at += 8 + length;
    records++;
  }
  if (parts.shx) {
    const shx = Buffer.from(parts.shx.buffer, parts.shx.byteOffset, parts.shx.byteLength);
    const expected = 100 + 8 * records;
    if (shx.length < 100 || shx.readInt32BE(0) !== 9994 || shx.readInt32BE(24) * 2 !== shx.length)
      fail('the .shx file (the index) is damaged or cut short');
    if (shx.length !== expected)
      fail(
        `the .shx index lists ${(shx.length - 100) / 8} shapes but the .shp holds ${records}: the parts come from different exports`,
      );
  }
  if (parts.dbf) {
    const dbf = Buffer.from(parts.dbf.buffer, parts.dbf.byteOffset, parts.dbf.byteLength);
    if (dbf.length < 32) fail('the .dbf file (the attributes) is cut short');
    const rows = dbf.readUInt32LE(4);
    const headerLength = dbf.readUInt16LE(8);
    const recordLength = dbf.readUInt16LE(10);
    if (headerLength < 33 || recordLength < 1) fail('the .dbf file (the attributes) has a damaged header');
    if (dbf.length < headerLength + rows * recordLength)
      fail(
        `the .dbf file is cut short: its header says ${rows} rows, the file holds ${Math.max(0, Math.floor((dbf.length - headerLength) / recordLength))}`,
      );
    if (rows !== records)
      fail(
        `the .dbf holds ${rows} rows of attributes but the .shp holds ${records} shapes: the parts come from different exports`,
      );
  }
  return records;
}
