// Reads boundary features from what mapping agencies hand out: GeoJSON, or a Shapefile as a .shp with its
// .dbf/.prj beside it, a folder holding them, or a .zip of them. Shapefile coordinates are reprojected to
// longitude/latitude (EPSG:4326) from the CRS in the .prj (local data is often UTM 49S, EPSG:32749).
// Runs inside the parse worker (parse-worker.ts): ZIPs are checked entry by entry before inflating and
// Shapefile parts against their headers, and every message names the file the user gave, not a temporary one.
import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import proj4 from 'proj4';
import * as shapefile from 'shapefile';
import { checkShapefile, ShapefileCheckError } from './shapefile-check.ts';
import { inspectZip, readEntry, ZipLimitError } from '../zip-entries.ts';

export interface BoundaryFeature {
  type: 'Feature';
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

export interface BoundaryFile {
  /** The name shown in reports and stored with the boundary set. */
  name: string;
  /** SHA-256 (hex) of the bytes that identify the source (stored in the set's description). */
  sha256: string;
  features: BoundaryFeature[];
  /** The CRS the coordinates came in, when they were reprojected. */
  reprojectedFrom?: string;
}

export class BoundaryFileError extends Error {
  override name = 'BoundaryFileError';
}

interface ShapefileParts {
  shp: Uint8Array;
  shx?: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

/** WKT that is plain geographic WGS 84 needs no reprojection. */
function isWgs84Geographic(wkt: string): boolean {
  return /^\s*GEOGCS\[/i.test(wkt) && /WGS.?(19)?84/i.test(wkt);
}

function reprojector(prj: string, name: string): ((xy: number[]) => number[]) | undefined {
  if (isWgs84Geographic(prj)) return undefined;
  let converter: proj4.Converter;
  try {
    converter = proj4(prj, 'EPSG:4326');
  } catch (err) {
    throw new BoundaryFileError(
      `${name}: the .prj file describes a coordinate system that cannot be read (${(err as Error).message}); export the Shapefile again in EPSG:4326 or UTM 49S (EPSG:32749).`,
    );
  }
  return (xy) => converter.forward([xy[0]!, xy[1]!]);
}

function mapCoordinates(coords: unknown, f: (xy: number[]) => number[]): unknown {
  if (Array.isArray(coords) && typeof coords[0] === 'number') return f(coords as number[]);
  return Array.isArray(coords) ? coords.map((c) => mapCoordinates(c, f)) : coords;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function readShapefile(parts: ShapefileParts, name: string, digest: string): Promise<BoundaryFile> {
  if (!parts.dbf)
    throw new BoundaryFileError(
      `${name}: the .dbf file (the attributes) is missing beside the .shp; upload the .shp, .shx, .dbf and .prj zipped together.`,
    );
  if (parts.prj === undefined)
    throw new BoundaryFileError(
      `${name} has no .prj file, so its coordinate system is unknown; export the Shapefile again with its .prj ` +
        '(QGIS writes it by default) and upload the .shp, .shx, .dbf and .prj zipped together.',
    );
  checkShapefile(parts, name);
  const encoding = parts.cpg?.trim() || 'utf-8';
  const source = await shapefile.open(parts.shp, parts.dbf, { encoding });
  const project = reprojector(parts.prj, name);
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
  return {
    name,
    sha256: digest,
    features,
    ...(project ? { reprojectedFrom: parts.prj.slice(0, 80) } : {}),
  };
}

type Part = 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg';

/** The one .shp of a set of files (by extension, case-insensitive) and its siblings of the same base name. */
function pickShapefile<T>(files: Map<string, T>, where: string): { [K in Part]?: T } & { shp: T } {
  const shps = [...files.keys()].filter((f) => f.toLowerCase().endsWith('.shp'));
  if (shps.length === 0)
    throw new BoundaryFileError(`${where} holds no .shp file; upload a GeoJSON or a zipped Shapefile.`);
  if (shps.length > 1)
    throw new BoundaryFileError(
      `${where} holds several .shp files (${shps.join(', ')}); upload one Shapefile at a time.`,
    );
  const base = shps[0]!.slice(0, -4).toLowerCase();
  const sibling = (ext: string) =>
    [...files.entries()].find(([f]) => f.toLowerCase() === `${base}${ext}`)?.[1];
  return {
    shp: files.get(shps[0]!)!,
    shx: sibling('.shx'),
    dbf: sibling('.dbf'),
    prj: sibling('.prj'),
    cpg: sibling('.cpg'),
  };
}

/** Reads the parts of a Shapefile with `load`; text parts (.prj, .cpg) as UTF-8. */
async function loadParts<T>(
  picked: { [K in Part]?: T } & { shp: T },
  load: (p: T) => Promise<Buffer>,
): Promise<ShapefileParts> {
  const bytes = async (p?: T) => (p === undefined ? undefined : new Uint8Array(await load(p)));
  const text = async (p?: T) => (p === undefined ? undefined : (await load(p)).toString('utf8'));
  return {
    shp: (await bytes(picked.shp))!,
    shx: await bytes(picked.shx),
    dbf: await bytes(picked.dbf),
    prj: await text(picked.prj),
    cpg: await text(picked.cpg),
  };
}

/**
 * Reads a boundary file. `shown` is the name the user knows the file by (an upload's original name); every
 * message uses it. Files larger than maxBytes, and ZIPs whose entries would inflate past the limits, are refused
 * before they are read.
 */
export async function readBoundaryFile(
  file: string,
  maxBytes: number,
  shown?: string,
): Promise<BoundaryFile> {
  const name = shown ?? path.basename(file);
  const info = await stat(file).catch(() => {
    throw new BoundaryFileError(`${name} does not exist.`);
  });
  const tooLarge = (bytes: number, what: string) => {
    if (bytes > maxBytes)
      throw new BoundaryFileError(
        `${what} is ${(bytes / 1e6).toFixed(0)} MB; boundary files may be at most ${(maxBytes / 1e6).toFixed(0)} MB.`,
      );
  };
  const fromDisk = async (p: string) => {
    tooLarge((await stat(p)).size, path.basename(p));
    return readFile(p);
  };
  try {
    if (info.isDirectory()) {
      const entries = new Map((await readdir(file)).map((f) => [f, path.join(file, f)] as const));
      const parts = await loadParts(pickShapefile(entries, `Folder ${name}`), fromDisk);
      return await readShapefile(parts, name, sha256(parts.shp));
    }
    tooLarge(info.size, name);
    const head = Buffer.alloc(4);
    const handle = await open(file, 'r');
    try {
      await handle.read(head, 0, 4, 0);
    } finally {
      await handle.close();
    }
    if (head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      const { zip, entries } = await inspectZip(file, name);
      try {
        const usable = new Map([...entries].filter(([n]) => !n.startsWith('__MACOSX/')));
        const parts = await loadParts(pickShapefile(usable, name), (e) => readEntry(zip, e, name));
        return await readShapefile(parts, name, sha256(await readFile(file)));
      } finally {
        zip.close();
      }
    }
    if (name.toLowerCase().endsWith('.shp') || path.basename(file).toLowerCase().endsWith('.shp')) {
      const dir = path.dirname(file);
      const siblings = new Map((await readdir(dir)).map((f) => [f, path.join(dir, f)] as const));
      const parts = await loadParts(pickShapefile(siblings, name), fromDisk);
      return await readShapefile(parts, name, sha256(parts.shp));
    }
    const bytes = await readFile(file);
    return { name, sha256: sha256(bytes), features: parseGeoJson(bytes.toString('utf8'), name) };
  } catch (err) {
    if (err instanceof ZipLimitError || err instanceof ShapefileCheckError)
      throw new BoundaryFileError(err.message);
    throw err;
  }
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
  const features = fc.features as BoundaryFeature[];
  const notFeature = features.findIndex((f) => !f || typeof f !== 'object' || Array.isArray(f));
  if (notFeature >= 0)
    throw new BoundaryFileError(
      `${file}: feature ${notFeature + 1} is not a GeoJSON Feature object; export the layer again as GeoJSON.`,
    );
  const crs = (doc as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name;
  const projected = firstProjectedCoordinate(features);
  if (projected || (typeof crs === 'string' && !/CRS84|4326/i.test(crs)))
    throw new BoundaryFileError(
      `${file} is in projected coordinates (${
        projected
          ? `feature ${projected.index + 1} has coordinate [${projected.xy.join(', ')}], which is not longitude/latitude`
          : `its "crs" is ${crs as string}`
      }): GeoJSON must be in longitude/latitude (EPSG:4326); reproject it (QGIS: Save Features As… with CRS ` +
        'EPSG:4326, or ogr2ogr -t_srs EPSG:4326) and upload it again, or upload the zipped Shapefile with its .prj.',
    );
  return features;
}

/** The first coordinate outside ±180/±90, which only projected metres (UTM and the like) produce. */
function firstProjectedCoordinate(features: BoundaryFeature[]): { index: number; xy: number[] } | undefined {
  const find = (c: unknown): number[] | undefined => {
    if (!Array.isArray(c)) return undefined;
    if (typeof c[0] === 'number')
      return Math.abs(c[0]) > 180 || Math.abs(Number(c[1])) > 90 ? (c as number[]).slice(0, 2) : undefined;
    for (const x of c) {
      const hit = find(x);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const [index, f] of features.entries()) {
    const xy = find(f?.geometry?.coordinates);
    if (xy) return { index, xy };
  }
  return undefined;
}
