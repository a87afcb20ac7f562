// The real Semarang polygons that tests may read (never copied into the repository): ../shared/geodata beside
// the checkout, or SIDAKSOS_SHARED_DIR. Missing files fail the test with a message, never skip it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export function sharedGeodata(file: string): string {
  const dir = process.env.SIDAKSOS_SHARED_DIR ?? path.join(PROJECT_ROOT, '..', 'shared');
  const full = path.join(dir, 'geodata', file);
  if (!existsSync(full)) {
    throw new Error(
      `${full} is missing: tests read the real boundaries from ../shared/geodata (or SIDAKSOS_SHARED_DIR).`,
    );
  }
  return full;
}
