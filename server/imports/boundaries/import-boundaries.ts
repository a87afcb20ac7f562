// Importing official kelurahan boundaries from GeoJSON as a new boundary set: features are matched to
// Kemendagri codes (by code, else by normalised name within kecamatan), geometries repaired, kecamatan
// derived as unions, and the set switched on in the same transaction — or nothing is stored at all.
import path from 'node:path';
import type { Knex } from 'knex';
import type { BoundaryOverlap, BoundaryRepair } from '../../repositories/boundary-checks-repository.ts';
import { createRepositories, sessionRepositories } from '../../repositories/index.ts';
import { bySystem, type AuditedBy } from '../audited-by.ts';
import { readBoundaryFileInWorker } from '../worker/run-parse-worker.ts';
import { ensureRegionAreas, storeSimplifiedBoundaries, switchBoundarySet } from './boundary-sets.ts';
import { BoundaryFileError, type BoundaryFeature, type BoundaryFile } from './read-boundary-file.ts';
import { detectFields, matchAreas, type FieldMapping, type MatchReport } from './area-matching.ts';

export const MAX_BOUNDARY_FILE_BYTES = 200 * 1024 * 1024;

export class BoundaryImportError extends Error {
  override name = 'BoundaryImportError';
  constructor(
    message: string,
    readonly report?: MatchReport,
  ) {
    super(message);
  }
}

type GeoJsonFeature = BoundaryFeature;

export interface BoundaryImportOptions extends FieldMapping {
  regionCode: string;
  label?: string;
  /** Store and activate even if some kelurahan of the region have no polygon (default: refuse). */
  allowPartial?: boolean;
  /** Store the set without switching the map to it. */
  activate?: boolean;
  /** Activate even when some geometries had to be repaired (default: store such a set, do not activate it). */
  acceptRepairs?: boolean;
  /** The name the user knows the file by (an upload's original name); messages use it. */
  fileName?: string;
  /** Heap cap of the thread that parses the file. */
  workerMemoryMb?: number;
  /** Who the switch's audit row names (default: the system). */
  by?: AuditedBy;
}

/** Overlaps between two kelurahan larger than this are listed in the report (real sources have slivers of a few m²). */
export const OVERLAP_REPORT_M2 = 1000;

export interface BoundaryImportResult {
  setId: string;
  activated: boolean;
  fields: FieldMapping;
  report: MatchReport;
  kecamatan: number;
  /** Households of open periods whose point falls in no kelurahan of the new set (beyond the tolerance). */
  pointsOutside: number;
  /** True when a Shapefile's coordinates were reprojected from its .prj CRS. */
  reprojected: boolean;
  /** Kelurahan whose geometry was invalid as given and was repaired (ST_MakeValid) before it was stored. */
  repairs: BoundaryRepair[];
  /** Pairs of kelurahan overlapping by more than OVERLAP_REPORT_M2. */
  overlaps: BoundaryOverlap[];
  /** Why a stored set was not switched on, when it was not. */
  notActivated?: string;
}

/** Every coordinate must be longitude/latitude (RFC 7946); projected metres mean a missing reprojection. */
function checkGeometry(f: GeoJsonFeature, index: number): string | undefined {
  const g = f.geometry;
  if (!g) return `feature ${index + 1} has no geometry`;
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return `feature ${index + 1} is a ${g.type}; kelurahan boundaries must be Polygon or MultiPolygon`;
  }
  if (!Array.isArray(g.coordinates)) return `feature ${index + 1} has no coordinate array`;
  const flat: unknown[] = (g.coordinates as unknown[]).flat(g.type === 'Polygon' ? 1 : 2);
  for (const p of flat) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      return `feature ${index + 1} has a malformed coordinate ${JSON.stringify(p)}`;
    }
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      return (
        `feature ${index + 1} has coordinate [${String(p[0])}, ${String(p[1])}], which is not longitude/latitude: ` +
        'GeoJSON must be in EPSG:4326 (projected data such as UTM 49S needs reprojecting first)'
      );
    }
  }
  return undefined;
}

function polygonsOf(g: NonNullable<GeoJsonFeature['geometry']>): unknown[] {
  return g.type === 'Polygon' ? [g.coordinates] : (g.coordinates as unknown[]);
}

export async function importBoundariesFile(
  knex: Knex,
  file: string,
  opts: BoundaryImportOptions,
): Promise<BoundaryImportResult> {
  let source: BoundaryFile;
  try {
    source = await readBoundaryFileInWorker(
      file,
      MAX_BOUNDARY_FILE_BYTES,
      opts.fileName ?? path.basename(file),
      opts.workerMemoryMb,
    );
  } catch (err) {
    if (err instanceof BoundaryFileError) throw new BoundaryImportError(err.message);
    throw err;
  }
  const { features } = source;
  if (features.length === 0) throw new BoundaryImportError(`${source.name} has no features.`);
  const problems = features.map(checkGeometry).filter((p): p is string => p !== undefined);
  if (problems.length) {
    throw new BoundaryImportError(
      `${source.name}: ${problems.length} feature(s) cannot be used; nothing was imported.\n- ${problems.slice(0, 10).join('\n- ')}`,
    );
  }
  const properties = features.map((f) => f.properties ?? {});
  const detected = detectFields(properties);
  const fields: FieldMapping = {
    codeField: opts.codeField ?? detected.codeField,
    nameField: opts.nameField ?? detected.nameField,
    kecamatanField: opts.kecamatanField ?? detected.kecamatanField,
  };
  for (const [option, field] of Object.entries({
    codeField: opts.codeField,
    nameField: opts.nameField,
    kecamatanField: opts.kecamatanField,
  })) {
    if (field && !properties.some((p) => field in p)) {
      throw new BoundaryImportError(`No feature has the property "${field}" given as ${option}.`);
    }
  }
  if (!fields.codeField && !fields.nameField) {
    throw new BoundaryImportError(
      'Found neither a code nor a name property to match kelurahan by; name them with --code-field or --name-field.',
    );
  }

  return knex.transaction(async (trx) => {
    const repos = createRepositories(trx);
    const repo = repos.boundaries;
    // A region's first import also loads its Kemendagri codes and names (any city or regency, by REGION_CODE).
    await ensureRegionAreas(repos, opts.regionCode);
    const reference = await repo.kelurahanReference(opts.regionCode);
    if (reference.length === 0)
      throw new BoundaryImportError(`Region ${opts.regionCode} has no kelurahan codes loaded.`);
    const report = matchAreas(
      properties.map((p, index) => ({
        index,
        code: fields.codeField ? p[fields.codeField] : undefined,
        name: fields.nameField ? p[fields.nameField] : undefined,
        kecamatan: fields.kecamatanField ? p[fields.kecamatanField] : undefined,
      })),
      reference,
    );
    if (report.matched.length === 0) {
      throw new BoundaryImportError(
        'No feature matched a kelurahan of this region; nothing was imported.',
        report,
      );
    }
    if (report.missing.length > 0 && !opts.allowPartial) {
      throw new BoundaryImportError(
        `${report.missing.length} kelurahan have no polygon in the file (e.g. ${report.missing
          .slice(0, 5)
          .map((m) => `${m.code} ${m.name}`)
          .join(', ')}); nothing was imported. Fix the file or pass --allow-partial.`,
        report,
      );
    }
    // Several features for one kelurahan (detached parts) become one MultiPolygon.
    const parts = new Map<string, unknown[]>();
    for (const m of report.matched)
      parts.set(m.code, [...(parts.get(m.code) ?? []), ...polygonsOf(features[m.index]!.geometry!)]);
    const digest = source.sha256.slice(0, 16);
    const checks = repos.boundaryChecks;
    const repairs = await checks.invalid(
      [...parts.entries()].map(([code, polygons]) => ({
        code,
        features: report.matched.filter((m) => m.code === code).map((m) => m.index),
        geometry: { type: 'MultiPolygon', coordinates: polygons },
      })),
    );
    const label = opts.label ?? source.name;
    const origin = `${source.name} (sha256 ${digest}…)${source.reprojectedFrom ? `, reprojected from ${source.reprojectedFrom}` : ''}`;
    const setId = await repo.createSet(opts.regionCode, label, origin);
    await repo.insertBoundaries(
      setId,
      [...parts.entries()].map(([areaCode, polygons]) => ({
        areaCode,
        geometry: { type: 'MultiPolygon', coordinates: polygons },
      })),
    );
    const kecamatan = await repo.deriveKecamatan(setId);
    await storeSimplifiedBoundaries(repos, setId);
    const overlaps = await checks.overlaps(setId, OVERLAP_REPORT_M2);
    await repo.saveMatchReport(setId, { fields, ...report, repairs, overlaps });
    const notActivated =
      (opts.activate ?? true) && repairs.length > 0 && !opts.acceptRepairs
        ? `${repairs.length} kelurahan polygon(s) were not valid and were repaired (e.g. ${repairs[0]!.code}: ${repairs[0]!.reason}); ` +
          'the set is stored but not active: check the repairs and import again accepting them (--accept-repairs, or acceptRepairs=true), or fix the file.'
        : undefined;
    const activate = (opts.activate ?? true) && !notActivated;
    let pointsOutside = 0;
    if (activate) {
      const by = opts.by ?? bySystem(opts.regionCode);
      await switchBoundarySet(repos, { regionCode: opts.regionCode, setId, label, source: origin, by });
      // Households keep their kelurahan codes; only their point checks follow the new lines.
      const registry = sessionRepositories.registryLoad(trx);
      for (const period of await registry.openPeriods(opts.regionCode))
        await registry.classifyLocations(opts.regionCode, period);
      pointsOutside = await registry.countOutside(opts.regionCode);
    }
    return {
      setId,
      activated: activate,
      fields,
      report,
      kecamatan,
      pointsOutside,
      reprojected: !!source.reprojectedFrom,
      repairs,
      overlaps,
      ...(notActivated ? { notActivated } : {}),
    };
  });
}
