// Real Kemendagri codes and names of a region's kecamatan and kelurahan, from the idn-area-data package.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface AreaName {
  code: string;
  name: string;
}
export interface KelurahanName extends AreaName {
  kecamatanCode: string;
}
export interface RegionAreas {
  regionCode: string;
  regionName: string;
  kecamatan: AreaName[];
  kelurahan: KelurahanName[];
}

const require = createRequire(import.meta.url);

function dataFile(name: string): string {
  const pkg = require.resolve('idn-area-data/package.json');
  return path.join(path.dirname(pkg), 'data', name);
}

/** Rows of a simple idn-area-data CSV (no quoted commas in these files), filtered by code prefix. */
function rowsWithPrefix(file: string, prefix: string): string[][] {
  return readFileSync(dataFile(file), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.split(','));
}

/** The kecamatan and kelurahan (villages) of a region, sorted by code. */
export function regionAreas(regionCode: string): RegionAreas {
  const regency = rowsWithPrefix('regencies.csv', `${regionCode},`)[0];
  if (!regency) throw new Error(`Region ${regionCode} is not in idn-area-data`);
  const kecamatan = rowsWithPrefix('districts.csv', `${regionCode}.`).map(([code, , name]) => ({
    code: code!,
    name: name!,
  }));
  const kelurahan = rowsWithPrefix('villages.csv', `${regionCode}.`).map(([code, kecamatanCode, name]) => ({
    code: code!,
    kecamatanCode: kecamatanCode!,
    name: name!,
  }));
  const byCode = (a: AreaName, b: AreaName) => a.code.localeCompare(b.code);
  return {
    regionCode,
    regionName: regency[2]!,
    kecamatan: kecamatan.sort(byCode),
    kelurahan: kelurahan.sort(byCode),
  };
}
