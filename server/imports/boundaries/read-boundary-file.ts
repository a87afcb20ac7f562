// Reads boundary features from what mapping agencies hand out: GeoJSON, or a Shapefile as a .shp with its
// .dbf/.prj beside it, a folder holding them, or a .zip of them. Shapefile coordinates are reprojected to
// longitude/latitude (EPSG:4326) from the CRS in the .prj (local data is often UTM 49S, EPSG:32749).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';

export interface BoundaryFeature {
  type: 'Feature';
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface BoundaryFile {
  /** The name shown in reports and stored with the boundary set. */
  name: string;
  /** Bytes that identify the source (hashed into the set's description). */
  bytes: Buffer;
  features: BoundaryFeature[];
  /** The CRS the coordinates came in, when they were reprojected. */
  reprojectedFrom?: string;
}

export class BoundaryFileError extends Error {
  override name = 'BoundaryFileError';
}

interface ShapefileParts {
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

/** WKT that is plain geographic WGS 84 needs no reprojection. */
function isWgs84Geographic(wkt: string): boolean {
  return /^\s*GEOGCS\[/i.test(wkt) && /WGS.?(19)?84/i.test(wkt);
}

function reprojector(prj: string | undefined): ((xy: number[]) => number[]) | undefined {
  if (!prj || isWgs84Geographic(prj)) return undefined;
  let converter: proj4.Converter;
  try {
    converter = proj4(prj, 'EPSG:4326');
  } catch (err) {
    throw new BoundaryFileError(
      `The .prj file describes a coordinate system that cannot be read: ${(err as Error).message}`,
    );
  }
  return (xy) => converter.forward([xy[0]!, xy[1]!]);
}

function mapCoordinates(coords: unknown, f: (xy: number[]) => number[]): unknown {
  if (Array.isArray(coords) && typeof coords[0] === 'number') return f(coords as number[]);
  return Array.isArray(coords) ? coords.map((c) => mapCoordinates(c, f)) : coords;
}

async function readShapefile(parts: ShapefileParts, name: string, bytes: Buffer): Promise<BoundaryFile> {
  if (!parts.dbf)
    throw new BoundaryFileError(`${name}: the .dbf file (the attributes) is missing beside the .shp.`);
  const encoding = parts.cpg?.trim() || 'utf-8';
  const source = await shapefile.open(parts.shp, parts.dbf, { encoding });
  const project = reprojector(parts.prj);
  const features: BoundaryFeature[] = [];
  for (;;) {
    const { done, value } = await source.read();
    if (done) break;
    const geometry = value.geometry as BoundaryFeature['geometry'];
    features.push({
      type: 'Feature',
      properties: value.properties,
      geometry:
        geometry && project
          ? { ...geometry, coordinates: mapCoordinates(geometry.coordinates, project) }
          : geometry,
    });
  }
  return { name, bytes, features, ...(project ? { reprojectedFrom: parts.prj!.slice(0, 80) } : {}) };
}

/** The one .shp of a set of files (by extension, case-insensitive) and its siblings of the same base name. */
function pickShapefile<T>(files: Map<string, T>, where: string): { shp: T; dbf?: T; prj?: T; cpg?: T } {
  const shps = [...files.keys()].filter((f) => f.toLowerCase().endsWith('.shp'));
  if (shps.length === 0) throw new BoundaryFileError(`${where} holds no .shp file.`);
  if (shps.length > 1)
    throw new BoundaryFileError(`${where} holds several .shp files (${shps.join(', ')}); give one.`);
  const base = shps[0]!.slice(0, -4).toLowerCase();
  const sibling = (ext: string) =>
    [...files.entries()].find(([f]) => f.toLowerCase() === `${base}${ext}`)?.[1];
  return { shp: files.get(shps[0]!)!, dbf: sibling('.dbf'), prj: sibling('.prj'), cpg: sibling('.cpg') };
}

export async function readBoundaryFile(file: string, maxBytes: number): Promise<BoundaryFile> {
  const info = await stat(file).catch(() => {
    throw new BoundaryFileError(`${file} does not exist.`);
  });
  const name = path.basename(file);
  if (info.isDirectory()) {
    const entries = new Map((await readdir(file)).map((f) => [f, path.join(file, f)] as const));
    const picked = pickShapefile(entries, `Folder ${name}`);
    const read = async (p?: string) => (p ? new Uint8Array(await readFile(p)) : undefined);
    const shp = (await read(picked.shp))!;
    return readShapefile(
      {
        shp,
        dbf: await read(picked.dbf),
        prj: picked.prj ? await readFile(picked.prj, 'utf8') : undefined,
        cpg: picked.cpg ? await readFile(picked.cpg, 'utf8') : undefined,
      },
      name,
      Buffer.from(shp),
    );
  }
  if (info.size > maxBytes)
    throw new BoundaryFileError(
      `${name} is ${(info.size / 1e6).toFixed(0)} MB; boundary files may be at most ${(maxBytes / 1e6).toFixed(0)} MB.`,
    );
  const bytes = await readFile(file);
  const lower = name.toLowerCase();
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const zip = await JSZip.loadAsync(bytes).catch((err: Error) => {
      throw new BoundaryFileError(`${name} is not a readable ZIP file: ${err.message}`);
    });
    const entries = new Map(
      Object.values(zip.files)
        .filter((e) => !e.dir && !e.name.startsWith('__MACOSX/'))
        .map((e) => [e.name, e] as const),
    );
    const picked = pickShapefile(entries, name);
    return readShapefile(
      {
        shp: await picked.shp.async('uint8array'),
        dbf: picked.dbf ? await picked.dbf.async('uint8array') : undefined,
        prj: picked.prj ? await picked.prj.async('string') : undefined,
        cpg: picked.cpg ? await picked.cpg.async('string') : undefined,
      },
      name,
      bytes,
    );
  }
  if (lower.endsWith('.shp')) {
    const dir = path.dirname(file);
    const siblings = new Map((await readdir(dir)).map((f) => [f, path.join(dir, f)] as const));
    const base = name.slice(0, -4).toLowerCase();
    const find = (ext: string) =>
      [...siblings.entries()].find(([f]) => f.toLowerCase() === `${base}${ext}`)?.[1];
    const [dbf, prj, cpg] = [find('.dbf'), find('.prj'), find('.cpg')];
    return readShapefile(
      {
        shp: new Uint8Array(bytes),
        dbf: dbf ? new Uint8Array(await readFile(dbf)) : undefined,
        prj: prj ? await readFile(prj, 'utf8') : undefined,
        cpg: cpg ? await readFile(cpg, 'utf8') : undefined,
      },
      name,
      bytes,
    );
  }
  return { name, bytes, features: parseGeoJson(bytes.toString('utf8'), name) };
}

function parseGeoJson(text: string, file: string): BoundaryFeature[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BoundaryFileError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new BoundaryFileError(
      `${file} is not a GeoJSON FeatureCollection (its "type" is ${JSON.stringify(fc?.type)}).`,
    );
  }
  return fc.features as BoundaryFeature[];
}
