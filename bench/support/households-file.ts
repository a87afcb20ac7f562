// Writes a synthetic households-import CSV of any size, streaming (flat memory): households of 1–6 members
// in the real kelurahan codes, points inside their own official kelurahan (clear of its edges, like the demo
// registry's), valid NIKs. Deterministic.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeNik } from '../../server/domain/nik.ts';
import { HOUSEHOLD_COLUMNS } from '../../server/imports/households/household-template.ts';
import { readKelurahan } from '../../geodata/semarang.ts';
import { PointPlacer } from '../../server/demo/point-placer.ts';
import { createRandom } from '../../server/lib/random.ts';

/** The shipped official kelurahan, which the bench database loads as its active boundary set. */
function officialKelurahan(): { codes: string[]; placer: PointPlacer } {
  const shapes = readKelurahan().features.map((f) => ({
    code: f.properties.code,
    geometry:
      f.geometry.type === 'Polygon'
        ? { type: 'MultiPolygon' as const, coordinates: [f.geometry.coordinates] }
        : f.geometry,
  }));
  return { codes: shapes.map((s) => s.code), placer: new PointPlacer(shapes) };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Writes about `rows` member rows (whole households); returns the exact number of rows written. */
export async function writeHouseholdsCsv(path: string, rows: number, seed = 1): Promise<number> {
  const rnd = createRandom(seed);
  const { codes, placer } = officialKelurahan();
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`${HOUSEHOLD_COLUMNS.map((c) => c.name).join(',')}\n`);
  let written = 0;
  let household = 0;
  while (written < rows) {
    household++;
    const code = codes[household % codes.length]!;
    const kecamatan = code.slice(0, 8);
    const kk = `${kecamatan.replace(/\./g, '')}${pad(household % 1_000_000, 10)}`;
    const size = 1 + Math.floor(rnd.next() * 6);
    const [x, y] = placer.pointIn(rnd, code);
    const lat = y.toFixed(6);
    const lon = x.toFixed(6);
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
          code,
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
