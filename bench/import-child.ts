// Runs one households import in a process of its own, so its peak memory (VmHWM) is the import's alone.
// Usage: tsx bench/import-child.ts DATABASE_URL FILE PERIOD → one JSON line on stdout.
import { readFile } from 'node:fs/promises';
import { createKnex } from '../server/db/knex.ts';
import { importHouseholds } from '../server/imports/households/import-households.ts';

const [url, file, period] = process.argv.slice(2) as [string, string, string];
const knex = createKnex({ url, poolMax: 4 });
try {
  const started = performance.now();
  const result = await importHouseholds(knex, { regionCode: '33.74', periodCode: period, filePath: file });
  const ms = performance.now() - started;
  const status = await readFile('/proc/self/status', 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  console.log(
    JSON.stringify({
      ms,
      rows: result.rowsRead,
      rejected: result.rowsRejected,
      unchanged: result.counts.rowsUnchanged,
      peakRssMB: Math.round(hwmKb / 1024),
      timings: result.timings,
    }),
  );
} finally {
  await knex.destroy();
}
