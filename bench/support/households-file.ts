// Writes a synthetic households-import CSV of any size, streaming (flat memory): households of 1–6 members
// in the real kelurahan codes, points near each kelurahan's interior point, valid NIKs. Deterministic.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeNik } from '../../server/domain/nik.ts';
import { HOUSEHOLD_COLUMNS } from '../../server/imports/households/household-template.ts';
import { createRandom } from '../../server/lib/random.ts';

export interface KelurahanPoint {
  code: string;
  lat: number;
  lon: number;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Writes about `rows` member rows (whole households); returns the exact number of rows written. */
export async function writeHouseholdsCsv(
  path: string,
  rows: number,
  kelurahan: KelurahanPoint[],
  seed = 1,
): Promise<number> {
  const rnd = createRandom(seed);
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${HOUSEHOLD_COLUMNS.map((c) => c.name).join(',')}\n`);
  let written = 0;
  let household = 0;
  while (written < rows) {
    household++;
    const kel = kelurahan[household % kelurahan.length]!;
    const kecamatan = kel.code.slice(0, 8);
    const kk = `${kecamatan.replace(/\./g, '')}${pad(household % 1_000_000, 10)}`;
    const size = 1 + Math.floor(rnd.next() * 6);
    // Within about 150 m of the kelurahan's interior point.
    const lat = (kel.lat + (rnd.next() - 0.5) * 0.0027).toFixed(6);
    const lon = (kel.lon + (rnd.next() - 0.5) * 0.0027).toFixed(6);
    const desil = 1 + Math.floor(rnd.next() * 10);
    for (let i = 0; i < size && written < rows; i++) {
      const sex = i === 1 ? 'P' : rnd.next() < 0.5 ? 'L' : 'P';
      const year = i < 2 ? 1960 + Math.floor(rnd.next() * 30) : 1995 + Math.floor(rnd.next() * 28);
      const month = 1 + Math.floor(rnd.next() * 12);
      const day = 1 + Math.floor(rnd.next() * 28);
      const birth = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
      // Serial from the household number keeps NIKs unique within a kecamatan and birth date.
      const nik = makeNik(kecamatan, birth, sex, ((household * 7 + i) % 9999) + 1);
      const disability = rnd.next() < 0.03 ? 'fisik:sedang' : '';
      await write(
        [
          kk,
          kel.code,
          `Jl. Bench ${household}`,
          1 + (household % 12),
          1 + (household % 8),
          lat,
          lon,
          desil,
          'DTSEN',
          20 + Math.floor(rnd.next() * 80),
          '',
          desil <= 3 && rnd.next() < 0.3 ? 'ya' : 'tidak',
          nik,
          `Warga Bench ${household}-${i + 1}`,
          sex,
          `${pad(day, 2)}/${pad(month, 2)}/${year}`,
          i === 0 ? 'kepala_keluarga' : i === 1 ? 'istri' : 'anak',
          disability,
        ].join(',') + '\n',
      );
      written++;
    }
  }
  out.end();
  await once(out, 'finish');
  return written;
}
