// A GeoPackage (OGC 12-128r18, version 1.3) of one polygon layer, written with sql.js (SQLite compiled to
// WebAssembly: no native build, nothing fetched at run time). The file holds the required metadata tables and
// one feature table whose columns have declared SQLite types, so GIS tools read integers as integers and
// reals as reals whatever the values of the day. Geometries are GeoPackage binary (header + envelope + WKB).
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { envelope, union, type Bbox, type PolygonalGeometry } from '../domain/bbox.ts';
import type { FieldType } from '../domain/ogc-collections.ts';

export interface GpkgColumn {
  name: string;
  type: FieldType;
}

export interface GpkgLayer {
  /** Table name = the layer name GIS tools show: letters, digits and underscores. */
  table: string;
  /** Human title (gpkg_contents.identifier) and description, in the caller's language. */
  identifier: string;
  description: string;
  columns: readonly GpkgColumn[];
  features: ReadonlyArray<{ values: readonly unknown[]; geometry: PolygonalGeometry | null }>;
}

const SQL_TYPES: Record<FieldType, string> = {
  string: 'TEXT',
  // MEDIUMINT is GeoPackage's 32-bit integer (GDAL: Integer); INTEGER would read as Integer64.
  integer: 'MEDIUMINT',
  real: 'REAL',
  boolean: 'BOOLEAN',
};

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,' +
  'AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

let sqlJs: Promise<SqlJsStatic> | undefined;

const ident = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a GeoPackage identifier: ${name}`);
  return `"${name}"`;
};

type Rings = number[][][];

/** Little-endian WKB of a Polygon or MultiPolygon (always written as a MultiPolygon). */
function wkb(g: PolygonalGeometry): Buffer {
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Rings[];
  let size = 9;
  for (const p of polygons) {
    size += 9;
    for (const ring of p) size += 4 + ring.length * 16;
  }
  const buf = Buffer.alloc(size);
  let o = 0;
  const head = (type: number, n: number) => {
    buf.writeUInt8(1, o);
    buf.writeUInt32LE(type, o + 1);
    buf.writeUInt32LE(n, o + 5);
    o += 9;
  };
  head(6, polygons.length);
  for (const p of polygons) {
    head(3, p.length);
    for (const ring of p) {
      buf.writeUInt32LE(ring.length, o);
      o += 4;
      for (const [x, y] of ring) {
        buf.writeDoubleLE(x!, o);
        buf.writeDoubleLE(y!, o + 8);
        o += 16;
      }
    }
  }
  return buf;
}

/** GeoPackage binary: "GP", version 0, flags (little-endian, xy envelope), srs id, envelope, then the WKB. */
function gpkgGeometry(g: PolygonalGeometry, box: Bbox): Buffer {
  const header = Buffer.alloc(8 + 32);
  header.write('GP', 0, 'latin1');
  header.writeUInt8(0, 2);
  header.writeUInt8(0b0000_0011, 3);
  header.writeInt32LE(4326, 4);
  [box[0], box[2], box[1], box[3]].forEach((v, i) => header.writeDoubleLE(v, 8 + i * 8));
  return Buffer.concat([header, wkb(g)]);
}

function cell(v: unknown, type: FieldType): string | number | null {
  if (v === null || v === undefined) return null;
  if (type === 'boolean') return v ? 1 : 0;
  if (type === 'string') return typeof v === 'string' ? v : JSON.stringify(v);
  return Number(v);
}

/** The layer as the bytes of a .gpkg file. */
export async function geoPackage(layer: GpkgLayer): Promise<Buffer> {
  sqlJs ??= initSqlJs();
  const db = new (await sqlJs).Database();
  try {
    db.run(`pragma application_id = ${0x47504b47}; pragma user_version = 10300;`);
    db.run(`create table gpkg_spatial_ref_sys (srs_name text not null, srs_id integer primary key,
        organization text not null, organization_coordsys_id integer not null, definition text not null,
        description text);
      create table gpkg_contents (table_name text not null primary key, data_type text not null,
        identifier text unique, description text default '',
        last_change datetime not null default (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x double, min_y double, max_x double, max_y double,
        srs_id integer references gpkg_spatial_ref_sys(srs_id));
      create table gpkg_geometry_columns (table_name text not null, column_name text not null,
        geometry_type_name text not null, srs_id integer not null, z tinyint not null, m tinyint not null,
        constraint pk_geom_cols primary key (table_name, column_name));`);
    const srs = db.prepare('insert into gpkg_spatial_ref_sys values (?, ?, ?, ?, ?, ?)');
    srs.run([
      'Undefined cartesian SRS',
      -1,
      'NONE',
      -1,
      'undefined',
      'undefined cartesian coordinate reference system',
    ]);
    srs.run([
      'Undefined geographic SRS',
      0,
      'NONE',
      0,
      'undefined',
      'undefined geographic coordinate reference system',
    ]);
    srs.run([
      'WGS 84 geodetic',
      4326,
      'EPSG',
      4326,
      WGS84_WKT,
      'longitude/latitude coordinates in decimal degrees',
    ]);
    srs.free();

    const table = ident(layer.table);
    const columns = layer.columns.map((c) => `${ident(c.name)} ${SQL_TYPES[c.type]}`).join(', ');
    db.run(
      `create table ${table} (fid integer primary key autoincrement not null, geom MULTIPOLYGON, ${columns})`,
    );
    const insert = db.prepare(
      `insert into ${table} (geom, ${layer.columns.map((c) => ident(c.name)).join(', ')})
       values (?${', ?'.repeat(layer.columns.length)})`,
    );
    const boxes: Bbox[] = [];
    for (const feature of layer.features) {
      const box = feature.geometry ? envelope(feature.geometry) : undefined;
      if (box) boxes.push(box);
      insert.run([
        feature.geometry && box ? gpkgGeometry(feature.geometry, box) : null,
        ...layer.columns.map((c, i) => cell(feature.values[i], c.type)),
      ]);
    }
    insert.free();
    const all = union(boxes);
    db.run(
      `insert into gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
      values (?, 'features', ?, ?, ?, ?, ?, ?, 4326)`,
      [layer.table, layer.identifier, layer.description, ...(all ?? [null, null, null, null])],
    );
    db.run(`insert into gpkg_geometry_columns values (?, 'geom', 'MULTIPOLYGON', 4326, 0, 0)`, [layer.table]);
    return Buffer.from(db.export());
  } finally {
    db.close();
  }
}
