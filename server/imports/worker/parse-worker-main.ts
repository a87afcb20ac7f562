// The body of the parse worker: reads an uploaded file (a households or enrolment table, or a boundary file)
// inside a thread with a capped heap, and hands rows or features to the main thread. Tables go in batches on
// request (the main thread asks for the next one as each arrives: one in flight), so memory stays flat and a
// slow database slows the reader instead of filling a queue. Any error, however deep in a parser, becomes one
// message; running out of heap ends the thread, never the server.
import { parentPort, workerData } from 'node:worker_threads';
import { readBoundaryFile } from '../boundaries/read-boundary-file.ts';
import { openTable } from '../table-reader.ts';
import { inspectZip } from '../zip-entries.ts';
import type { ParseTask, WorkerReply } from './parse-protocol.ts';

const port = parentPort!;
const task = workerData as ParseTask;
const send = (m: WorkerReply) => port.postMessage(m);

function errorReply(err: unknown): WorkerReply {
  const e = err as Error;
  return { type: 'error', errorName: e?.name ?? 'Error', message: e?.message ?? String(err) };
}

async function table(path: string, shown: string, batch: number): Promise<void> {
  const head = Buffer.alloc(4);
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  await handle.read(head, 0, 4, 0).finally(() => handle.close());
  // An XLSX is a ZIP: its entries' declared sizes are checked before exceljs inflates any of them.
  if (head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) (await inspectZip(path, shown)).zip.close();
  const opened = await openTable(path);
  send({ type: 'info', info: opened.info });
  const iterator = opened.rows[Symbol.asyncIterator]();
  port.on('message', (m: { type: 'next' }) => {
    if (m.type !== 'next') return;
    void (async () => {
      const rows = [];
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          send({ type: 'rows', rows, fraction: 1, done: true });
          return;
        }
        rows.push(next.value);
        if (rows.length >= batch) {
          send({ type: 'rows', rows, fraction: opened.fraction(), done: false });
          return;
        }
      }
    })().catch((err: unknown) => send(errorReply(err)));
  });
}

async function main(): Promise<void> {
  if (task.task === 'table') await table(task.path, task.shown, task.batch);
  else {
    const result = await readBoundaryFile(task.path, task.maxBytes, task.shown);
    send({ type: 'boundary', result });
  }
}

main().catch((err: unknown) => send(errorReply(err)));
