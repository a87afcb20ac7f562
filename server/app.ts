// The application as one Fastify plugin tree. Boot order is visible here: third-party wrappers, then the
// app's own decorators (each declaring its dependencies, so a wrong order fails loudly), then routes.
import sensible from '@fastify/sensible';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Knex } from 'knex';
import { WEB_DIST, type Config } from './config.ts';
import { RequestLog, requestForLog } from './lib/request-log.ts';
import database from './plugins/app/database.ts';
import errorHandler from './plugins/app/error-handler.ts';
import language from './plugins/app/language.ts';
import repositories from './plugins/app/repositories.ts';
import compression from './plugins/external/compression.ts';
import openapi from './plugins/external/openapi.ts';
import securityHeaders from './plugins/external/security-headers.ts';
import staticFiles from './plugins/external/static-files.ts';
import rateLimit from '@fastify/rate-limit';
import auth from './plugins/app/auth.ts';
import answerCache from './plugins/app/answer-cache.ts';
import inputHygiene from './plugins/app/input-hygiene.ts';
import analysisRoutes from './routes/analysis-routes.ts';
import auditRoutes from './routes/audit-routes.ts';
import authRoutes from './routes/auth-routes.ts';
import healthRoutes from './routes/health-routes.ts';
import importsRoutes from './routes/imports-routes.ts';
import boundariesRoutes from './routes/boundaries-routes.ts';
import duplicatesRoutes from './routes/duplicates-routes.ts';
import casePlanRoutes from './routes/case-plan-routes.ts';
import householdEditRoutes from './routes/household-edit-routes.ts';
import proposalsRoutes from './routes/proposals-routes.ts';
import householdsRoutes from './routes/households-routes.ts';
import indicatorsRoutes from './routes/indicators-routes.ts';
import periodsRoutes from './routes/periods-routes.ts';
import areasRoutes from './routes/areas-routes.ts';
import neighbourhoodRoutes from './routes/neighbourhood-routes.ts';
import cycleRoutes from './routes/cycle-routes.ts';
import atlasRoutes from './routes/atlas-routes.ts';
import flowsRoutes from './routes/flows-routes.ts';
import tilesRoutes from './routes/tiles-routes.ts';
import programsRoutes from './routes/programs-routes.ts';
import programRulesRoutes from './routes/program-rules-routes.ts';
import legendSetsRoutes from './routes/legend-sets-routes.ts';
import statsRoutes from './routes/stats-routes.ts';
import usersRoutes from './routes/users-routes.ts';
import tokensRoutes from './routes/tokens-routes.ts';
import regionsRoutes from './routes/regions-routes.ts';
import ogcFeaturesRoutes from './routes/ogc-features-routes.ts';
import verivaliRoutes from './routes/verivali-routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface AppDeps {
  config: Config;
  knex: Knex;
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
  /** Where the default logger writes (stdout unless given): tests read the lines. */
  logStream?: { write(line: string): void };
}

export { WEB_DIST };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? {
      level: deps.config.logLevel,
      // Fastify hands its request object to this serializer (typed as the raw one).
      serializers: { req: requestForLog as unknown as (req: unknown) => Record<string, unknown> },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    // One line per request, at a level that says whether to read it (lib/request-log.ts).
    logController: new RequestLog(),
    bodyLimit: 1024 * 1024, // JSON bodies; file uploads have their own limit
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    // Unknown query/body fields are errors, not silently dropped: a misspelt parameter must not be ignored.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('config', deps.config);

  // 1. third-party wrappers
  await app.register(sensible);
  await app.register(securityHeaders);
  await app.register(compression);
  await app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // The limit's headers on a refusal only (with Retry-After): on every answer they were three header lines
    // no client of ours reads, each costing a cached answer its share (plugins/external/security-headers.ts).
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
  });
  await app.register(openapi);
  // 2. the app's own decorators
  await app.register(language);
  await app.register(errorHandler);
  await app.register(database, { knex: deps.knex });
  await app.register(answerCache);
  await app.register(inputHygiene);
  await app.register(repositories);
  await app.register(auth);
  // 3. routes (each listed in server/auth/access-policy.ts)
  await app.register(healthRoutes);
  await app.register(regionsRoutes);
  await app.register(ogcFeaturesRoutes);
  await app.register(statsRoutes);
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(tokensRoutes);
  await app.register(auditRoutes);
  await app.register(householdsRoutes);
  await app.register(householdEditRoutes);
  await app.register(proposalsRoutes);
  await app.register(verivaliRoutes);
  await app.register(casePlanRoutes);
  await app.register(duplicatesRoutes);
  await app.register(programsRoutes);
  await app.register(programRulesRoutes);
  await app.register(indicatorsRoutes);
  await app.register(periodsRoutes);
  await app.register(areasRoutes);
  await app.register(neighbourhoodRoutes);
  await app.register(cycleRoutes);
  await app.register(atlasRoutes);
  await app.register(legendSetsRoutes);
  await app.register(flowsRoutes);
  await app.register(tilesRoutes);
  await app.register(analysisRoutes);
  await app.register(importsRoutes);
  await app.register(boundariesRoutes);
  await app.register(staticFiles, { webDist: deps.webDist ?? WEB_DIST });

  await app.ready();
  return app;
}
