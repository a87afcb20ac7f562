// Configuration is read and validated once, here; nothing else in the server reads process.env.
// A bad value stops start-up with one message that names the variable, the value and what is expected.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The built UI. SIDAKSOS_WEB_DIST: another directory, so parallel checkouts' test runs do not rebuild each other's. */
export const WEB_DIST = process.env.SIDAKSOS_WEB_DIST ?? path.join(PROJECT_ROOT, 'web', 'dist');

const Port = Type.Integer({ minimum: 1, maximum: 65535 });

export const ConfigSchema = Type.Object({
  port: Port,
  host: Type.String({ minLength: 1 }),
  /** Set: use this database (it must have PostGIS). Unset: a private cluster is provisioned. */
  databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** With databaseUrl: the owner role's URL, which runs migrations (databaseUrl is then the app's role). */
  databaseOwnerUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** Serve even when the database role is a superuser (who could switch the audit log's triggers off). */
  allowSuperuser: Type.Boolean(),
  /** Port of the private cluster (only when databaseUrl is unset). */
  privatePgPort: Port,
  /** Where the private cluster and other local state live (git-ignored). */
  dataDir: Type.String({ minLength: 1 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  ),
  /** Kemendagri code of the city or regency this deployment serves. */
  regionCode: Type.String({ pattern: '^\\d{2}\\.\\d{2}$' }),
  demoHouseholds: Type.Integer({ minimum: 0, maximum: 5_000_000 }),
  demoSeed: Type.Integer({ minimum: 0 }),
  /** Optional basemap style for deployments with internet; the product works without it. */
  basemapStyleUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Households with desil up to this count as poor in the indicators. */
  poorDesilMax: Type.Integer({ minimum: 1, maximum: 10 }),
  /** Smallest number of households a public aggregate may show. */
  suppressionK: Type.Integer({ minimum: 1, maximum: 1000 }),
  /** Published values on a base (households or persons) below this are flagged uncertain, hatched on maps. */
  smallDenominator: Type.Integer({ minimum: 1, maximum: 100_000 }),
  /** Requests per minute per client IP across the API (a guard for expensive endpoints). */
  rateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /** Login attempts per minute per client IP (on top of the per-account lockout). */
  loginRateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 10_000 }),
  /** Trust X-Forwarded-* from a reverse proxy (only behind one: otherwise clients could fake their IP). */
  trustProxy: Type.Boolean(),
  /** Per-statement timeout for the application's queries, in milliseconds. */
  statementTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  /** Statement timeout inside analyses and rule evaluations users shape (what-if, sites, coverage), ms. */
  analysisStatementTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  /** work_mem inside those analyses (PostgreSQL size: kB or MB). */
  analysisWorkMem: Type.String({ pattern: '^[1-9][0-9]{0,6}(kB|MB)$' }),
  /** Failed logins per username within one window before further attempts are refused unchecked. */
  loginFailuresPerUser: Type.Integer({ minimum: 1, maximum: 1000 }),
  /** Failed logins per client IP within one window (across usernames). */
  loginFailuresPerIp: Type.Integer({ minimum: 1, maximum: 100_000 }),
  /** Length of the login slow-down window, in seconds. */
  loginWindowSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  /** Largest accepted upload (imports), in bytes. */
  importMaxBytes: Type.Integer({ minimum: 1024, maximum: 2_000_000_000 }),
  /** Heap cap of the worker thread that parses one uploaded file, in MB (a file needing more fails its job). */
  importWorkerMemoryMb: Type.Integer({ minimum: 16, maximum: 16_384 }),
  /** Uploads and import jobs one user may have in flight at once (more get 429). */
  importUploadsPerUser: Type.Integer({ minimum: 1, maximum: 100 }),
});
export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface VarSpec {
  key: keyof Config;
  env: string;
  kind: 'int' | 'string' | 'bool';
  fallback?: string;
  help: string;
}

/** Every environment variable the product reads, with its default. The README table mirrors this list. */
export const ENV_VARS: readonly VarSpec[] = [
  { key: 'port', env: 'PORT', kind: 'int', fallback: '3000', help: 'HTTP port (1–65535)' },
  { key: 'host', env: 'HOST', kind: 'string', fallback: '0.0.0.0', help: 'interface to listen on' },
  { key: 'databaseUrl', env: 'DATABASE_URL', kind: 'string', help: 'postgres://… URL of a PostGIS database' },
  {
    key: 'databaseOwnerUrl',
    env: 'DATABASE_OWNER_URL',
    kind: 'string',
    help: 'with DATABASE_URL: URL as the owner role, which runs migrations',
  },
  {
    key: 'allowSuperuser',
    env: 'ALLOW_SUPERUSER',
    kind: 'bool',
    fallback: 'false',
    help: 'true to serve as a database superuser anyway',
  },
  {
    key: 'privatePgPort',
    env: 'SIDAKSOS_PG_PORT',
    kind: 'int',
    fallback: '54329',
    help: 'port of the private PostgreSQL cluster',
  },
  {
    key: 'dataDir',
    env: 'SIDAKSOS_DATA_DIR',
    kind: 'string',
    fallback: path.join(PROJECT_ROOT, '.data'),
    help: 'folder for the private cluster and local state',
  },
  { key: 'logLevel', env: 'LOG_LEVEL', kind: 'string', fallback: 'info', help: 'fatal … trace, or silent' },
  {
    key: 'regionCode',
    env: 'REGION_CODE',
    kind: 'string',
    fallback: '33.74',
    help: 'Kemendagri code, e.g. 33.74',
  },
  {
    key: 'demoHouseholds',
    env: 'DEMO_HOUSEHOLDS',
    kind: 'int',
    fallback: '60000',
    help: 'households the demo city gets on an empty database',
  },
  {
    key: 'demoSeed',
    env: 'DEMO_SEED',
    kind: 'int',
    fallback: '20251231',
    help: 'seed of the demo generator',
  },
  { key: 'basemapStyleUrl', env: 'BASEMAP_STYLE_URL', kind: 'string', help: 'optional MapLibre style URL' },
  {
    key: 'poorDesilMax',
    env: 'POOR_DESIL_MAX',
    kind: 'int',
    fallback: '4',
    help: 'desil up to which a household counts as poor',
  },
  {
    key: 'suppressionK',
    env: 'SUPPRESSION_K',
    kind: 'int',
    fallback: '10',
    help: 'public small-cell threshold',
  },
  {
    key: 'smallDenominator',
    env: 'SMALL_DENOMINATOR',
    kind: 'int',
    fallback: '30',
    help: 'values on fewer households/persons than this are flagged uncertain',
  },
  {
    key: 'rateLimitPerMinute',
    env: 'RATE_LIMIT_PER_MINUTE',
    kind: 'int',
    fallback: '1200',
    help: 'API requests per minute per client IP',
  },
  {
    key: 'loginRateLimitPerMinute',
    env: 'LOGIN_RATE_LIMIT_PER_MINUTE',
    kind: 'int',
    fallback: '10',
    help: 'login attempts per minute per client IP',
  },
  {
    key: 'trustProxy',
    env: 'TRUST_PROXY',
    kind: 'bool',
    fallback: 'false',
    help: 'true behind a reverse proxy',
  },
  {
    key: 'statementTimeoutMs',
    env: 'STATEMENT_TIMEOUT_MS',
    kind: 'int',
    fallback: '30000',
    help: 'per-statement timeout (ms)',
  },
  {
    key: 'analysisStatementTimeoutMs',
    env: 'ANALYSIS_STATEMENT_TIMEOUT_MS',
    kind: 'int',
    fallback: '10000',
    help: 'statement timeout of analyses and rule queries (ms)',
  },
  {
    key: 'analysisWorkMem',
    env: 'ANALYSIS_WORK_MEM',
    kind: 'string',
    fallback: '16MB',
    help: 'work_mem of analyses and rule queries, e.g. 16MB',
  },
  {
    key: 'loginFailuresPerUser',
    env: 'LOGIN_FAILURES_PER_USER',
    kind: 'int',
    fallback: '5',
    help: 'failed logins per username per window',
  },
  {
    key: 'loginFailuresPerIp',
    env: 'LOGIN_FAILURES_PER_IP',
    kind: 'int',
    fallback: '30',
    help: 'failed logins per client IP per window',
  },
  {
    key: 'loginWindowSeconds',
    env: 'LOGIN_WINDOW_SECONDS',
    kind: 'int',
    fallback: '300',
    help: 'login slow-down window (seconds)',
  },
  {
    key: 'importMaxBytes',
    env: 'IMPORT_MAX_BYTES',
    kind: 'int',
    fallback: '209715200',
    help: 'largest accepted import upload in bytes (200 MiB)',
  },
  {
    key: 'importWorkerMemoryMb',
    env: 'IMPORT_WORKER_MEMORY_MB',
    kind: 'int',
    fallback: '512',
    help: 'heap cap (MB) of the thread parsing one import file',
  },
  {
    key: 'importUploadsPerUser',
    env: 'IMPORT_UPLOADS_PER_USER',
    kind: 'int',
    fallback: '2',
    help: 'uploads and import jobs one user may have in flight',
  },
];

function parseValue(spec: VarSpec, raw: string): string | number | boolean {
  if (spec.kind === 'string') return raw;
  if (spec.kind === 'bool') {
    if (!/^(true|false|1|0)$/i.test(raw.trim()))
      throw new ConfigError(`${spec.env}=${JSON.stringify(raw)} is not true or false (${spec.help}).`);
    return /^(true|1)$/i.test(raw.trim());
  }
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new ConfigError(`${spec.env}=${JSON.stringify(raw)} is not a whole number (${spec.help}).`);
  }
  return Number(raw.trim());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const candidate: Record<string, string | number | boolean> = {};
  for (const spec of ENV_VARS) {
    const given = env[spec.env];
    const raw = given === undefined || given === '' ? spec.fallback : given;
    if (raw !== undefined) candidate[spec.key] = parseValue(spec, raw);
  }
  const firstError = Value.Errors(ConfigSchema, candidate).First();
  if (firstError) {
    const key = firstError.path.replace(/^\//, '') as keyof Config;
    const spec = ENV_VARS.find((s) => s.key === key);
    const name = spec?.env ?? key;
    throw new ConfigError(
      `${name}=${JSON.stringify(firstError.value)} is invalid: ${firstError.message} (${spec?.help ?? 'see README'}).`,
    );
  }
  return candidate as Config;
}
