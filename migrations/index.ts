// The migration list, imported statically so migrations run the same under tsx, vitest and a bundler
// (knex's directory scanning would need a TypeScript loader at run time).
import type { Knex } from 'knex';
import * as m0001 from './20261128_0001_areas.ts';
import * as m0002 from './20261128_0002_registry.ts';
import * as m0003 from './20261128_0003_programs_and_cases.ts';
import * as m0004 from './20261128_0004_access_and_audit.ts';
import * as m0005 from './20261128_0005_imports_and_summaries.ts';
import * as m0006 from './20261128_0006_feature_views.ts';
import * as m0007 from './20261128_0007_summary_dirty_marks.ts';
import * as m0008 from './20261128_0008_change_notifications.ts';
import * as m0009 from './20261128_0009_household_cells.ts';
import * as m0010 from './20261128_0010_search_indexes.ts';
import * as m0011 from './20261201_0011_simplified_boundaries.ts';
import * as m0012 from './20261201_0012_analyze_as_owner.ts';
import * as m0013 from './20261201_0013_import_job_heartbeat.ts';
import * as m0014 from './20261201_0014_login_throttles.ts';
import * as m0015 from './20261202_0015_audit_actor.ts';
import * as m0016 from './20261202_0016_access_tokens.ts';
import * as m0017 from './20261202_0017_legend_sets.ts';
import * as m0018 from './20261203_0018_summary_kelurahan_marks.ts';
import * as m0019 from './20261203_0019_proposals.ts';
import * as m0020 from './20261203_0020_kelurahan_cycle.ts';
import * as m0021 from './20261203_0021_verivali.ts';
import * as m0022 from './20261207_0022_proposal_evidence.ts';
import * as m0023 from './20261207_0023_assignment_taken_back.ts';
import * as m0024 from './20261207_0024_household_map_id.ts';

const MIGRATIONS: ReadonlyArray<readonly [string, Knex.Migration]> = [
  ['20261128_0001_areas', m0001],
  ['20261128_0002_registry', m0002],
  ['20261128_0003_programs_and_cases', m0003],
  ['20261128_0004_access_and_audit', m0004],
  ['20261128_0005_imports_and_summaries', m0005],
  ['20261128_0006_feature_views', m0006],
  ['20261128_0007_summary_dirty_marks', m0007],
  ['20261128_0008_change_notifications', m0008],
  ['20261128_0009_household_cells', m0009],
  ['20261128_0010_search_indexes', m0010],
  ['20261201_0011_simplified_boundaries', m0011],
  ['20261201_0012_analyze_as_owner', m0012],
  ['20261201_0013_import_job_heartbeat', m0013],
  ['20261201_0014_login_throttles', m0014],
  ['20261202_0015_audit_actor', m0015],
  ['20261202_0016_access_tokens', m0016],
  ['20261202_0017_legend_sets', m0017],
  ['20261203_0018_summary_kelurahan_marks', m0018],
  ['20261203_0019_proposals', m0019],
  ['20261203_0020_kelurahan_cycle', m0020],
  ['20261203_0021_verivali', m0021],
  ['20261207_0022_proposal_evidence', m0022],
  ['20261207_0023_assignment_taken_back', m0023],
  ['20261207_0024_household_map_id', m0024],
];

export const migrationSource: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: () => Promise.resolve([...MIGRATIONS]),
  getMigrationName: (m) => m[0],
  getMigration: (m) => Promise.resolve(m[1]),
};

export const LATEST_MIGRATION = MIGRATIONS[MIGRATIONS.length - 1]![0];
