// Wiring once: every repository and service of the app, built here with its dependencies spelled out, for the
// API (plugins/app/repositories.ts decorates it onto the app) and the CLI alike. Routes and commands take what
// they need from here; nothing else constructs a repository or a service.
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import type { AnswerCache } from '../lib/answer-cache.ts';
import { AccessTokenService } from './access-token-service.ts';
import { AreaProfileService } from './area-profile-service.ts';
import { AtlasService } from './atlas-service.ts';
import { AuditLogService } from './audit-log-service.ts';
import { AuthService } from './auth-service.ts';
import { CasePlanService } from './case-plan-service.ts';
import { CycleService } from './cycle-service.ts';
import { AdoptionReportService } from './adoption-report-service.ts';
import { createDb } from './db.ts';
import { HealthService } from './health-service.ts';
import { HeavyWork } from '../lib/heavy-work.ts';
import { DuplicatesService } from './duplicates-service.ts';
import { HouseholdEditService } from './household-edit-service.ts';
import { HouseholdReadService } from './household-read-service.ts';
import { MemberEditService } from './member-edit-service.ts';
import { ProposalEvidenceService } from './proposal-evidence-service.ts';
import { ProposalReviewService } from './proposal-review-service.ts';
import { FlowsService } from './flows-service.ts';
import { IndicatorService } from './indicator-service.ts';
import { ImportService } from './import-service.ts';
import { BoundaryService } from './boundary-service.ts';
import { UploadFolder } from '../imports/upload-folder.ts';
import { PeriodAccess } from './period-access.ts';
import { PeriodService } from './period-service.ts';
import { PublicStatsService } from './public-stats-service.ts';
import { ProgramService } from './program-service.ts';
import { LegendSetService } from './legend-set-service.ts';
import { ProgramRuleService } from './program-rule-service.ts';
import { RegionsService } from './regions-service.ts';
import { NeighbourhoodService } from './neighbourhood-service.ts';
import { OgcFeaturesService } from './ogc-features-service.ts';
import { StepsService } from './steps-service.ts';
import { TargetingService } from './targeting-service.ts';
import { TilesService } from './tiles-service.ts';
import { UserAdminService } from './user-admin-service.ts';
import { VerivaliService } from './verivali-service.ts';
import { VerivaliVisitService } from './verivali-visit-service.ts';

export interface ContainerDeps {
  knex: Knex;
  config: Config;
  /** The app's answer cache (keeps roll-ups between changes); the CLI goes without. */
  cache?: Pick<AnswerCache, 'memo' | 'invalidate'>;
}

export function createServices({ knex, config, cache }: ContainerDeps) {
  const db = createDb(knex);
  const { regionCode, poorDesilMax } = config;
  const periodAccess = new PeriodAccess(db.repos.periods, regionCode);
  const k = config.suppressionK;
  const regions = new RegionsService(db, regionCode, cache);
  const indicators = new IndicatorService(db, poorDesilMax, cache, {
    periodAccess,
    k,
    smallDenominator: config.smallDenominator,
  });
  // The one gate for work users shape (analyses, stored rules): one heavy analysis per user across routes.
  const heavyWork = new HeavyWork(knex, {
    statementTimeoutMs: config.analysisStatementTimeoutMs,
    workMem: config.analysisWorkMem,
  });
  const programs = new ProgramService({ db, periodAccess, heavyWork, cache, summaries: indicators });
  const imports = new ImportService(db, {
    regionCode,
    workerMemoryMb: config.importWorkerMemoryMb,
    uploadsPerUser: config.importUploadsPerUser,
    uploads: new UploadFolder(config.dataDir),
  });
  const householdEdits = new HouseholdEditService(db, periodAccess);
  const memberEdits = new MemberEditService(db, periodAccess);
  return {
    db,
    periodAccess,
    indicators,
    areaProfiles: new AreaProfileService(db, indicators, periodAccess, k),
    publicStats: new PublicStatsService(indicators, periodAccess, k),
    flows: new FlowsService(db, periodAccess, { poorDesilMax, k }),
    periods: new PeriodService(db, regionCode, indicators, cache),
    atlas: new AtlasService(db, indicators),
    users: new UserAdminService(db, regionCode),
    accessTokens: new AccessTokenService(db, regionCode),
    casePlans: new CasePlanService(db, periodAccess),
    steps: new StepsService(db, periodAccess),
    duplicates: new DuplicatesService(db, periodAccess),
    householdReads: new HouseholdReadService(db, periodAccess),
    neighbourhood: new NeighbourhoodService(db, periodAccess, poorDesilMax),
    cycle: new CycleService(db, periodAccess, householdEdits),
    adoptionReport: new AdoptionReportService(db, periodAccess, indicators),
    householdEdits,
    proposals: new ProposalReviewService(db, periodAccess, householdEdits, memberEdits),
    evidence: new ProposalEvidenceService(db, periodAccess),
    memberEdits,
    verivali: new VerivaliService(db, periodAccess),
    verivaliVisits: new VerivaliVisitService(db, periodAccess, householdEdits),
    auth: new AuthService(db, {
      perUser: config.loginFailuresPerUser,
      perIp: config.loginFailuresPerIp,
      windowSeconds: config.loginWindowSeconds,
    }),
    heavyWork,
    programs,
    programRules: new ProgramRuleService(db),
    legendSets: new LegendSetService(db),
    targeting: new TargetingService(heavyWork, periodAccess, programs),
    auditLog: new AuditLogService(db),
    regions,
    ogcFeatures: new OgcFeaturesService(db, regionCode, indicators, regions),
    health: new HealthService(db),
    imports,
    boundaries: new BoundaryService(db, imports, regionCode),
    tiles: new TilesService(db, periodAccess, {
      regionCode,
      poorDesilMax,
      minClusterHouseholds: config.suppressionK,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
