// Boundary sets in the browser: an admin uploads a kelurahan boundary file, which is imported as an INACTIVE set
// with its match report (matched, missing and extra kelurahan, polygons repaired); the admin reads the report and
// then activates the set, saying whether they accept the repairs and a partial set. The upload is the same
// import as the CLI's (a job and its audit row, the parse in a memory-capped worker), awaited so that a refused
// file fails its own request with the reason in the caller's language. The switch writes its boundary_switch
// audit row in the switch's own transaction, and the open periods' point checks follow the new lines there too.
import type { MatchReport } from '../imports/boundaries/area-matching.ts';
import { switchBoundarySet } from '../imports/boundaries/boundary-sets.ts';
import { BoundaryImportError } from '../imports/boundaries/import-boundaries.ts';
import { boundaryMessage } from '../i18n/boundary-errors.ts';
import { notFoundT, problem, type HttpProblem } from '../lib/problem.ts';
import type { BoundaryOverlap, BoundaryRepair } from '../repositories/boundary-checks-repository.ts';
import type { BoundarySetRow } from '../repositories/boundaries-repository.ts';
import { sessionRepositories } from '../repositories/index.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { ImportFile, ImportService } from './import-service.ts';

/** The report as stored with a set by the importer. */
type StoredReport = MatchReport & {
  fields?: { codeField?: string; nameField?: string; kecamatanField?: string };
  repairs?: BoundaryRepair[];
  overlaps?: BoundaryOverlap[];
};

/** Why a feature matched no kelurahan, as a code the screen words in its language. */
export type UnmatchedReason = 'noCodeNoName' | 'codeNotInRegion' | 'nameNotFound';

export interface Named {
  code: string;
  name: string;
  kecamatan: string;
}

export interface BoundaryReportAnswer {
  fields: { codeField: string | null; nameField: string | null; kecamatanField: string | null };
  matched: Array<Named & { method: string; features: number[] }>;
  missing: Named[];
  unmatched: Array<{ feature: number; name: string | null; reason: UnmatchedReason }>;
  ambiguous: Array<{ feature: number; name: string | null; candidates: Named[] }>;
  repairs: Array<Named & { features: number[]; reason: string }>;
  overlaps: Array<{ a: Named; b: Named; m2: number }>;
}

export interface BoundarySetAnswer {
  id: string;
  label: string;
  source: string;
  active: boolean;
  importedAt: string;
  activatedAt: string | null;
  kelurahan: number;
  report: BoundaryReportAnswer | null;
}

export interface ActivateChoices {
  acceptRepairs: boolean;
  allowPartial: boolean;
}

const ID = /^[0-9a-f-]{36}$/;

const reasonOf = (text: string): UnmatchedReason =>
  text.startsWith('no code and no name')
    ? 'noCodeNoName'
    : /is not a kelurahan of this region/.test(text)
      ? 'codeNotInRegion'
      : 'nameNotFound';

export class BoundaryService {
  constructor(
    private readonly db: Db,
    private readonly imports: ImportService,
    private readonly regionCode: string,
  ) {}

  /** Imports an uploaded file as an inactive set (partial sets included, so the report can show what is missing). */
  async upload(file: ImportFile, label: string | undefined, actor: Actor): Promise<BoundarySetAnswer> {
    const checked = await this.imports.check({ kind: 'boundaries' }, actor);
    let setId: string;
    try {
      const outcome = await this.imports.runFile(file, checked, actor, {
        boundary: { activate: false, allowPartial: true, ...(label ? { label } : {}) },
      });
      if (outcome.kind !== 'boundaries') throw new Error('a boundary import answered another kind');
      setId = outcome.result.setId;
    } catch (err) {
      if (err instanceof BoundaryImportError) throw refused(err.message);
      throw err;
    }
    return this.set(setId);
  }

  /** The region's sets, newest first, which one is active, with their reports. */
  async sets(): Promise<BoundarySetAnswer[]> {
    const rows = await this.db.repos.boundaries.listSets(this.regionCode);
    return rows.map((r) => answer(r, null, new Map()));
  }

  async set(id: string): Promise<BoundarySetAnswer> {
    const row = ID.test(id) ? await this.db.repos.boundaries.findSet(this.regionCode, id) : undefined;
    if (!row) throw notFoundT('boundary.setNotFound', { id });
    return answer(row, row.match_report as StoredReport | null, await this.names());
  }

  /**
   * Switches the map to a stored set, refusing (409) one with missing kelurahan or repaired polygons unless the
   * admin said so; re-activating an older set (going back) is the same action. Audited in the switch.
   */
  async activate(id: string, choices: ActivateChoices, actor: Actor): Promise<BoundarySetAnswer> {
    if (!ID.test(id)) throw notFoundT('boundary.setNotFound', { id });
    await this.db.transaction(async (repos, trx) => {
      const row = await repos.boundaries.findSet(this.regionCode, id, true);
      if (!row) throw notFoundT('boundary.setNotFound', { id });
      if (row.active) throw problem(409, 'conflict', 'boundary.alreadyActive');
      const report = row.match_report as StoredReport | null;
      const missing = report?.missing.length ?? 0;
      const repairs = report?.repairs?.length ?? 0;
      if (missing > 0 && !choices.allowPartial)
        throw problem(409, 'boundary-not-activated', 'boundary.partialNotAllowed', { count: missing });
      if (repairs > 0 && !choices.acceptRepairs)
        throw problem(409, 'boundary-not-activated', 'boundary.repairsNotAccepted', { count: repairs });
      await switchBoundarySet(repos, {
        regionCode: this.regionCode,
        setId: row.id,
        label: row.label,
        source: row.source,
        by: auditBy(actor),
        choices: { ...choices, missing, repairs },
      });
      // Households keep their kelurahan codes; only their point checks follow the new lines.
      const registry = sessionRepositories.registryLoad(trx);
      for (const period of await registry.openPeriods(this.regionCode))
        await registry.classifyLocations(this.regionCode, period);
    });
    return this.set(id);
  }

  private async names(): Promise<Map<string, Named>> {
    const ref = await this.db.repos.boundaries.kelurahanReference(this.regionCode);
    return new Map(ref.map((r) => [r.code, { code: r.code, name: r.name, kecamatan: r.kecamatanName }]));
  }
}

/** A refused file: 422 with the importer's sentence as a catalogue entry, said in the caller's language. */
function refused(message: string): HttpProblem {
  const said = boundaryMessage(message);
  const p = problem(422, 'boundary-file-refused', said.key, said.params);
  p.nested = said.nested;
  return p;
}

function answer(
  row: BoundarySetRow,
  report: StoredReport | null,
  names: Map<string, Named>,
): BoundarySetAnswer {
  const named = (code: string): Named => names.get(code) ?? { code, name: code, kecamatan: '' };
  const featuresOf = (code: string) =>
    report?.matched.filter((m) => m.code === code).map((m) => m.index + 1) ?? [];
  const seen = new Set<string>();
  return {
    id: row.id,
    label: row.label,
    source: row.source,
    active: row.active,
    importedAt: new Date(row.imported_at).toISOString(),
    activatedAt: row.activated_at ? new Date(row.activated_at).toISOString() : null,
    kelurahan: row.kelurahan,
    report: report && {
      fields: {
        codeField: report.fields?.codeField ?? null,
        nameField: report.fields?.nameField ?? null,
        kecamatanField: report.fields?.kecamatanField ?? null,
      },
      matched: report.matched
        .filter((m) => !seen.has(m.code) && seen.add(m.code))
        .map((m) => ({ ...named(m.code), method: m.method, features: featuresOf(m.code) }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      missing: report.missing.map((m) => named(m.code)),
      unmatched: report.unmatched.map((u) => ({
        feature: u.index + 1,
        name: u.name,
        reason: reasonOf(u.reason),
      })),
      ambiguous: report.ambiguous.map((a) => ({
        feature: a.index + 1,
        name: a.name,
        candidates: a.candidates.map(named),
      })),
      repairs: (report.repairs ?? []).map((r) => ({
        ...named(r.code),
        features: r.features.map((i) => i + 1),
        reason: r.reason,
      })),
      overlaps: (report.overlaps ?? []).map((o) => ({ a: named(o.a), b: named(o.b), m2: o.m2 })),
    },
  };
}
