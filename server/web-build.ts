// Builds the web app when its sources changed since the last build (a content hash stored beside the build),
// so `npm start` on a fresh clone serves a current UI without a separate build step.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, WEB_DIST } from './config.ts';

const WEB_ROOT = path.join(PROJECT_ROOT, 'web');
const STAMP = path.join(WEB_DIST, '.source-hash');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

export function webSourceHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...listFiles(path.join(WEB_ROOT, 'src')),
    path.join(WEB_ROOT, 'index.html'),
    path.join(WEB_ROOT, 'vite.config.ts'),
    path.join(PROJECT_ROOT, 'package-lock.json'),
  ].filter((f) => existsSync(f) && statSync(f).isFile());
  for (const f of files) hash.update(path.relative(PROJECT_ROOT, f)).update('\0').update(readFileSync(f));
  return hash.digest('hex');
}

export async function ensureWebBuilt(log: (m: string) => void): Promise<void> {
  const current = webSourceHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === current) return;
  log('building the web app (sources changed since the last build)');
  const { build } = await import('vite');
  await build({
    configFile: path.join(WEB_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: WEB_DIST },
  });
  writeFileSync(STAMP, `${current}\n`);
}
