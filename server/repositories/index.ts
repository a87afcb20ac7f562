// Every repository, built in one place over one database handle (the pool, or a transaction). A service that
// needs a transaction asks its Db for one and gets the same set bound to it (services/db.ts), so a change and
// its audit row share a transaction by construction. Nothing outside this file calls `new …Repository(`.
import type { Knex } from 'knex';
import { AccessTokensRepository } from './access-tokens-repository.ts';
import { AnalysisRepository } from './analysis-repository.ts';
import { AuditRepository } from './audit-repository.ts';
import { BoundariesRepository } from './boundaries-repository.ts';
import { BoundaryAreasRepository } from './boundary-areas-repository.ts';
import { BoundaryChecksRepository } from './boundary-checks-repository.ts';
import { CasePlanRepository } from './case-plan-repository.ts';
import { CycleRepository } from './cycle-repository.ts';
import { ProposalEvidenceRepository } from './proposal-evidence-repository.ts';
import { DuplicatesRepository } from './duplicates-repository.ts';
import { EnrolmentImportRepository } from './enrolment-import-repository.ts';
import { FlowsRepository } from './flows-repository.ts';
import { HouseholdEditRepository } from './household-edit-repository.ts';
import { HouseholdImportRepository } from './household-import-repository.ts';
import { HouseholdsRepository } from './households-repository.ts';
import { ImportJobsRepository } from './import-jobs-repository.ts';
import { LegendSetsRepository } from './legend-sets-repository.ts';
import { LoginThrottleRepository, type ThrottleLimits } from './login-throttle-repository.ts';
import { NeighbourhoodRepository } from './neighbourhood-repository.ts';
import { PeriodsRepository } from './periods-repository.ts';
import { ProgramsRepository } from './programs-repository.ts';
import { ProposalsRepository } from './proposals-repository.ts';
import { ReferenceDataRepository } from './reference-data-repository.ts';
import { RegionsRepository } from './regions-repository.ts';
import { RegistryLoadRepository } from './registry-load-repository.ts';
import { SessionsRepository } from './sessions-repository.ts';
import { SummariesRepository } from './summaries-repository.ts';
import { TilesRepository } from './tiles-repository.ts';
import { UsersRepository } from './users-repository.ts';
import { VerivaliRepository } from './verivali-repository.ts';

/** The repositories bound to `db`: the pool for single statements, a transaction for a unit of work. */
export function createRepositories(db: Knex) {
  return {
    accessTokens: new AccessTokensRepository(db),
    analysis: new AnalysisRepository(db),
    audit: new AuditRepository(db),
    boundaries: new BoundariesRepository(db),
    boundaryAreas: new BoundaryAreasRepository(db),
    boundaryChecks: new BoundaryChecksRepository(db),
    casePlans: new CasePlanRepository(db),
    cycle: new CycleRepository(db),
    evidence: new ProposalEvidenceRepository(db),
    duplicates: new DuplicatesRepository(db),
    flows: new FlowsRepository(db),
    householdEdits: new HouseholdEditRepository(db),
    households: new HouseholdsRepository(db),
    importJobs: new ImportJobsRepository(db),
    legendSets: new LegendSetsRepository(db),
    neighbourhood: new NeighbourhoodRepository(db),
    periods: new PeriodsRepository(db),
    programs: new ProgramsRepository(db),
    proposals: new ProposalsRepository(db),
    referenceData: new ReferenceDataRepository(db),
    regions: new RegionsRepository(db),
    sessions: new SessionsRepository(db),
    summaries: new SummariesRepository(db),
    tiles: new TilesRepository(db),
    users: new UsersRepository(db),
    verivali: new VerivaliRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

/** Repositories that live for one import or load: bound to its transaction, region and period. */
export const sessionRepositories = {
  householdImport: (trx: Knex.Transaction, regionCode: string, periodCode: string) =>
    new HouseholdImportRepository(trx, regionCode, periodCode),
  enrolmentImport: (trx: Knex.Transaction, regionCode: string, periodCode: string) =>
    new EnrolmentImportRepository(trx, regionCode, periodCode),
  registryLoad: (trx: Knex.Transaction) => new RegistryLoadRepository(trx),
  loginThrottle: (db: Knex, limits: ThrottleLimits) => new LoginThrottleRepository(db, limits),
};
