// The real Semarang polygons shipped in the repository's geodata/ folder (see geodata/SOURCE.md). Tests that
// need other boundary shapes (Shapefiles in UTM, renamed fields, partial files) build them from these files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export function geodataFile(file: string): string {
  const full = path.join(PROJECT_ROOT, 'geodata', file);
  if (!existsSync(full)) throw new Error(`${full} is missing from the repository's geodata/ folder.`);
  return full;
}
