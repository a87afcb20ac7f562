// The parse worker hands a table over in batches, one batch ahead of the rows being checked: the rows must
// arrive complete and in the file's order across batch edges, and a consumer that stops early must stop it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTableInWorker } from '../../server/imports/worker/run-parse-worker.ts';

describe('parse worker', () => {
  let dir: string;
  let file: string;
  // Over two batches of 2,000 rows and a part of a third, so every batch edge is crossed.
  const ROWS = 4321;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sidaksos-parse-worker-'));
    file = path.join(dir, 'rows.csv');
    const lines = ['no,nama'];
    for (let i = 1; i <= ROWS; i++) lines.push(`${i},Warga ${i}`);
    await writeFile(file, `${lines.join('\n')}\n`);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every row once, in the order of the file, across batch edges', async () => {
    const table = await openTableInWorker(file, 'rows.csv');
    const seen: Array<[number, string]> = [];
    for await (const row of table.rows) seen.push([row.rowNumber, String(row.cells.nama)]);
    expect(seen).toHaveLength(ROWS);
    seen.forEach(([rowNumber, name], i) => {
      expect(rowNumber).toBe(i + 2); // line 1 is the header
      expect(name).toBe(`Warga ${i + 1}`);
    });
    expect(table.fraction()).toBe(1);
  });

  it('stops the worker when the reader stops early, and a later file is read in full', async () => {
    const early = await openTableInWorker(file, 'rows.csv');
    let n = 0;
    for await (const row of early.rows) if (row.rowNumber > 0 && ++n === 2500) break;
    expect(n).toBe(2500);
    // The worker slots are shared: a worker left running would hold one.
    const later = await Promise.all([openTableInWorker(file, 'a.csv'), openTableInWorker(file, 'b.csv')]);
    for (const table of later) {
      let count = 0;
      for await (const row of table.rows) if (row.rowNumber > 0) count++;
      expect(count).toBe(ROWS);
    }
  });
});
