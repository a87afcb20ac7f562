// Finding (and, as root, installing) the Debian packages the product needs: PostgreSQL + PostGIS, Chromium.
// Anything installed by hand would be missing on the next machine, so the project installs it itself.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class MissingSystemPackageError extends Error {
  override name = 'MissingSystemPackageError';
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasAptGet(): boolean {
  return existsSync('/usr/bin/apt-get');
}

let aptUpdated = false;

/** apt-get install as root; runs `apt-get update` first once per process (new machines have empty lists). */
export async function aptInstall(packages: string[], log: (msg: string) => void): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log(`apt-get update (to install ${packages.join(' ')})`);
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
    aptUpdated = true;
  }
  log(`apt-get install -y ${packages.join(' ')}`);
  await run(
    'apt-get',
    ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...packages],
    {
      env,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

/** Installs packages when we may (root with apt-get); otherwise throws a message saying what to install. */
export async function installOrExplain(
  packages: string[],
  why: string,
  alternative: string,
  log: (msg: string) => void,
): Promise<void> {
  if (isRoot() && hasAptGet()) {
    await aptInstall(packages, log);
    return;
  }
  throw new MissingSystemPackageError(
    `${why} is not installed. Install it with:\n  sudo apt-get install -y ${packages.join(' ')}\n${alternative}`,
  );
}

export interface PgInstall {
  major: number;
  binDir: string;
  hasPostgis: boolean;
}

/** The newest PostgreSQL server found under Debian's layout, and whether PostGIS is installed for it. */
export function findPostgres(): PgInstall | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .map(Number)
    .filter((m) => Number.isInteger(m) && existsSync(`${base}/${m}/bin/initdb`))
    .sort((a, b) => b - a);
  const major = majors[0];
  if (major === undefined) return undefined;
  return {
    major,
    binDir: `${base}/${major}/bin`,
    // Both halves: the extension's control file (package -scripts) and its library (the main package);
    // removing the main package leaves the control file behind.
    hasPostgis:
      existsSync(`/usr/share/postgresql/${major}/extension/postgis.control`) &&
      readdirSync(`${base}/${major}/lib`).some((f) => /^postgis-3\.so$/.test(f)),
  };
}

const DB_ALTERNATIVE =
  'Or point DATABASE_URL at an existing PostgreSQL database that has the PostGIS extension available.';

/** Makes sure a PostgreSQL server with PostGIS is installed locally, installing it as root. */
export async function ensurePostgresInstalled(log: (msg: string) => void): Promise<PgInstall> {
  let pg = findPostgres();
  if (!pg) {
    await installOrExplain(['postgresql'], 'PostgreSQL', DB_ALTERNATIVE, log);
    pg = findPostgres();
    if (!pg)
      throw new MissingSystemPackageError('PostgreSQL was installed but no server binaries were found.');
  }
  if (!pg.hasPostgis) {
    await installOrExplain([`postgresql-${pg.major}-postgis-3`], 'PostGIS', DB_ALTERNATIVE, log);
    pg = findPostgres();
    if (!pg?.hasPostgis)
      throw new MissingSystemPackageError('PostGIS was installed but its extension is missing.');
  }
  return pg;
}

export const OGRINFO_PATH = '/usr/bin/ogrinfo';

/** GDAL's command-line tools (ogrinfo, ogr2ogr) for the tests that read our GIS outputs the way QGIS does. */
export async function ensureGdal(log: (msg: string) => void): Promise<string> {
  if (!existsSync(OGRINFO_PATH)) {
    await installOrExplain(
      ['gdal-bin'],
      'GDAL (needed by the OGC API and GeoPackage tests)',
      'Those tests run Debian\u2019s ogrinfo against the real server.',
      log,
    );
  }
  return OGRINFO_PATH;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium for browser tests (never a downloaded browser build: nothing may download at run time). */
export async function ensureChromium(log: (msg: string) => void): Promise<string> {
  if (!existsSync(CHROMIUM_PATH)) {
    await installOrExplain(
      ['chromium'],
      'Chromium (needed by the browser tests)',
      'Browser tests drive Debian\u2019s Chromium at /usr/bin/chromium.',
      log,
    );
  }
  return CHROMIUM_PATH;
}
