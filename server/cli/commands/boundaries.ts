// `import boundaries FILE`: a boundary set from GeoJSON or a Shapefile, through the same import service as an
// upload (a job, and the audit rows of the import and of the switch, naming the OS user). Prints what matched,
// what did not, and what the import changed about the polygons.
import type { Command } from 'commander';
import type { MatchReport } from '../../imports/boundaries/area-matching.ts';
import {
  BoundaryImportError,
  type BoundaryImportResult,
} from '../../imports/boundaries/import-boundaries.ts';
import type { BoundaryCliOptions } from '../../services/import-service.ts';
import { say, withImport } from '../context.ts';

interface BoundaryCommandOptions extends BoundaryCliOptions {
  allowPartial: boolean;
  activate: boolean;
  acceptRepairs: boolean;
}

export function registerBoundaryImport(imports: Command): void {
  imports
    .command('boundaries <file>')
    .description(
      'kelurahan boundaries (GeoJSON, or a Shapefile: .shp with .dbf/.prj, a folder or a .zip) as a new boundary set',
    )
    .option('--code-field <name>', 'property holding the Kemendagri kelurahan code (auto-detected)')
    .option('--name-field <name>', 'property holding the kelurahan name (auto-detected)')
    .option('--kecamatan-field <name>', 'property holding the kecamatan name or code (auto-detected)')
    .option('--label <text>', 'label of the new boundary set (default: the file name)')
    .option('--allow-partial', 'store even if some kelurahan have no polygon', false)
    .option('--no-activate', 'store the set without switching the map to it')
    .option('--accept-repairs', 'activate the set even if some polygons had to be repaired', false)
    .action((file: string, opts: BoundaryCommandOptions) =>
      withImport(
        async (services, actor) => {
          const { acceptRepairs, ...boundary } = opts;
          const outcome = await services.imports.runNow(
            file,
            { kind: 'boundaries', flags: { acceptRepairs } },
            actor,
            { boundary },
          );
          if (outcome.kind === 'boundaries') printResult(outcome.result);
        },
        (err) => {
          if (err instanceof BoundaryImportError && err.report) printBoundaryReport(err.report);
        },
      ),
    );
}

function printResult(result: BoundaryImportResult): void {
  printBoundaryReport(result.report);
  printChanges(result);
  say(
    `boundary set ${result.setId}: ${result.report.matched.length} kelurahan, ${result.kecamatan} kecamatan` +
      ` (fields: code=${result.fields.codeField ?? '-'}, name=${result.fields.nameField ?? '-'}, kecamatan=${result.fields.kecamatanField ?? '-'})` +
      (result.activated ? '; now active' : '; stored, not active') +
      (result.reprojected ? ' (reprojected from the .prj coordinate system)' : ''),
  );
  if (result.notActivated) say(result.notActivated);
  if (result.pointsOutside > 0)
    say(
      `${result.pointsOutside} household point(s) of open periods fall in no kelurahan of the new boundaries ` +
        `(more than 50 m outside); they are marked location_check = outside for checking.`,
    );
}

const list = <T>(title: string, items: T[], line: (x: T) => string) => {
  if (items.length === 0) return;
  say(`${title}: ${items.length}`);
  for (const x of items.slice(0, 20)) say(`  ${line(x)}`);
  if (items.length > 20) say(`  … and ${items.length - 20} more`);
};

function printBoundaryReport(r: MatchReport): void {
  const byCode = r.matched.filter((m) => m.method === 'code').length;
  say(`matched ${r.matched.length} feature(s): ${byCode} by code, ${r.matched.length - byCode} by name`);
  list(
    'unmatched features',
    r.unmatched,
    (u) => `feature ${u.index + 1} (${u.name ?? 'no name'}): ${u.reason}`,
  );
  list(
    'ambiguous features',
    r.ambiguous,
    (a) => `feature ${a.index + 1} (${a.name ?? ''}): could be ${a.candidates.join(' or ')}`,
  );
  list('kelurahan without a polygon', r.missing, (m) => `${m.code} ${m.name}`);
  list(
    'kelurahan in several features (merged)',
    r.duplicates,
    (d) => `${d.code}: features ${d.indexes.map((i) => i + 1).join(', ')}`,
  );
}

/** What the import changed about the polygons it was given. */
function printChanges(r: BoundaryImportResult): void {
  list(
    'polygons repaired (not valid as given)',
    r.repairs,
    (x) => `${x.code} (feature ${x.features.map((i) => i + 1).join(', ')}): ${x.reason}`,
  );
  list('kelurahan overlapping by more than 1,000 m²', r.overlaps, (o) => `${o.a} and ${o.b}: ${o.m2} m²`);
}
