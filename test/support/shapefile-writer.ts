// Writes a polygon Shapefile (.shp, .shx, .dbf and optional .prj) from GeoJSON-like features, so tests can
// import a shapefile they made themselves. Follows the ESRI Shapefile Technical Description (1998): shape
// type 5 (Polygon), big-endian record headers, little-endian content; attributes as dBase III character fields.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PolygonFeature {
  properties: Record<string, string>;
  /** Polygons as GeoJSON orders them: each an outer ring then holes, each ring [x, y][] closed. */
  polygons: number[][][][];
}

const signedArea = (ring: number[][]) =>
  ring.reduce((s, p, i) => {
    const q = ring[(i + 1) % ring.length]!;
    return s + p[0]! * q[1]! - q[0]! * p[1]!;
  }, 0) / 2;

/** Shapefile rings: outer rings clockwise, holes counter-clockwise (the reverse of GeoJSON's rule). */
function shapefileRings(polygons: number[][][][]): number[][][] {
  return polygons.flatMap((rings) =>
    rings.map((ring, i) => {
      const clockwise = signedArea(ring) < 0;
      return (i === 0) === clockwise ? ring : [...ring].reverse();
    }),
  );
}

function bbox(rings: number[][][]): [number, number, number, number] {
  const xs = rings.flat().map((p) => p[0]!);
  const ys = rings.flat().map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function header(fileBytes: number, box: [number, number, number, number]): Buffer {
  const h = Buffer.alloc(100);
  h.writeInt32BE(9994, 0);
  h.writeInt32BE(fileBytes / 2, 24);
  h.writeInt32LE(1000, 28);
  h.writeInt32LE(5, 32);
  box.forEach((v, i) => h.writeDoubleLE(v, 36 + i * 8));
  return h;
}

function polygonRecord(rings: number[][][]): Buffer {
  const points = rings.flat();
  const content = Buffer.alloc(44 + 4 * rings.length + 16 * points.length);
  content.writeInt32LE(5, 0);
  bbox(rings).forEach((v, i) => content.writeDoubleLE(v, 4 + i * 8));
  content.writeInt32LE(rings.length, 36);
  content.writeInt32LE(points.length, 40);
  let start = 0;
  rings.forEach((r, i) => {
    content.writeInt32LE(start, 44 + i * 4);
    start += r.length;
  });
  const base = 44 + 4 * rings.length;
  points.forEach(([x, y], i) => {
    content.writeDoubleLE(x!, base + i * 16);
    content.writeDoubleLE(y!, base + i * 16 + 8);
  });
  return content;
}

function dbf(features: PolygonFeature[]): Buffer {
  const fields = Object.keys(features[0]?.properties ?? {});
  const widths = fields.map((f) =>
    Math.max(1, ...features.map((x) => Buffer.byteLength(x.properties[f] ?? ''))),
  );
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = Buffer.alloc(headerLength + recordLength * features.length + 1, 0x20);
  out.fill(0, 0, headerLength);
  out.writeUInt8(0x03, 0);
  out.writeUInt8(125, 1);
  out.writeUInt8(11, 2);
  out.writeUInt8(28, 3);
  out.writeUInt32LE(features.length, 4);
  out.writeUInt16LE(headerLength, 8);
  out.writeUInt16LE(recordLength, 10);
  fields.forEach((f, i) => {
    const at = 32 + i * 32;
    out.write(f.slice(0, 10), at, 'latin1');
    out.write('C', at + 11, 'latin1');
    out.writeUInt8(widths[i]!, at + 16);
  });
  out.writeUInt8(0x0d, headerLength - 1);
  features.forEach((feature, r) => {
    let at = headerLength + r * recordLength + 1; // the deletion flag stays a space
    fields.forEach((f, i) => {
      out.write(feature.properties[f] ?? '', at, 'utf8');
      at += widths[i]!;
    });
  });
  out.writeUInt8(0x1a, out.length - 1);
  return out;
}

/** Writes base.shp/.shx/.dbf (and .prj if given) into dir; returns the .shp path. */
export function writeShapefile(dir: string, base: string, features: PolygonFeature[], prj?: string): string {
  const rings = features.map((f) => shapefileRings(f.polygons));
  const records = rings.map((r) => polygonRecord(r));
  const box = bbox(rings.flat());
  const shpLength = 100 + records.reduce((s, r) => s + 8 + r.length, 0);
  const shp = [header(shpLength, box)];
  const shx = [header(100 + 8 * records.length, box)];
  let offset = 100;
  records.forEach((r, i) => {
    const recordHeader = Buffer.alloc(8);
    recordHeader.writeInt32BE(i + 1, 0);
    recordHeader.writeInt32BE(r.length / 2, 4);
    shp.push(recordHeader, r);
    const index = Buffer.alloc(8);
    index.writeInt32BE(offset / 2, 0);
    index.writeInt32BE(r.length / 2, 4);
    shx.push(index);
    offset += 8 + r.length;
  });
  const file = path.join(dir, `${base}.shp`);
  writeFileSync(file, Buffer.concat(shp));
  writeFileSync(path.join(dir, `${base}.shx`), Buffer.concat(shx));
  writeFileSync(path.join(dir, `${base}.dbf`), dbf(features));
  if (prj) writeFileSync(path.join(dir, `${base}.prj`), prj);
  return file;
}

/** ESRI WKT of WGS 84 / UTM zone 49S (EPSG:32749), as GIS software writes it into .prj files. */
export const UTM_49S_PRJ =
  'PROJCS["WGS_1984_UTM_Zone_49S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],' +
  'PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",111.0],' +
  'PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
