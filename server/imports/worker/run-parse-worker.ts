// Runs the parsing of an uploaded file in a worker thread with a capped heap (node:worker_threads with
// resourceLimits; one short-lived thread per import, so no pool library is needed: uploads in flight are
// already capped per user). The main thread keeps answering requests while a file is parsed, and a file that
// crashes its parser or needs more memory than the cap fails its own import with a sentence — the server and
// the other imports carry on.
import { Worker } from 'node:worker_threads';
import { BoundaryFileError, type BoundaryFile } from '../boundaries/read-boundary-file.ts';
import { FileFormatError, type OpenedTable, type TableRow } from '../table-reader.ts';
import type { ParseTask, WorkerReply } from './parse-protocol.ts';

/** Heap a parse worker may use unless told otherwise (IMPORT_WORKER_MEMORY_MB). */
export const DEFAULT_WORKER_MEMORY_MB = 512;
const ROWS_PER_BATCH = 2000;
/**
 * Parse workers alive at once, across all imports of this process: each may take its heap cap, so they are
 * counted (per-user caps alone would let many users together exhaust the machine). Later imports wait, in order.
 */
export const MAX_PARSE_WORKERS = 2;
let workersAlive = 0;
const waiting: Array<() => void> = [];

async function takeWorkerSlot(): Promise<() => void> {
  if (workersAlive >= MAX_PARSE_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  else workersAlive++;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    const next = waiting.shift();
    if (next) next();
    else workersAlive--;
  };
}
const WORKER_URL = new URL('./parse-worker.mjs', import.meta.url);

/** Errors the worker reports that are the file's fault, by their name; anything else is a parser crash. */
const FILE_ERRORS = new Set(['FileFormatError', 'BoundaryFileError', 'ZipLimitError', 'ShapefileCheckError']);

interface Channel {
  next(): Promise<WorkerReply>;
  post(m: unknown): void;
  stop(): Promise<void>;
}

async function start(task: ParseTask, memoryMb: number, fail: (message: string) => Error): Promise<Channel> {
  const release = await takeWorkerSlot();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, {
      workerData: task,
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: memoryMb,
        maxYoungGenerationSizeMb: Math.max(16, Math.round(memoryMb / 8)),
      },
      stdout: false,
      stderr: false,
    });
  } catch (err) {
    release();
    throw err;
  }
  const queue: WorkerReply[] = [];
  let waiting: { resolve: (m: WorkerReply) => void; reject: (e: Error) => void } | undefined;
  let broken: Error | undefined;
  const breakWith = (e: Error) => {
    broken ??= e;
    waiting?.reject(broken);
    waiting = undefined;
  };
  worker.on('message', (m: WorkerReply) => {
    if (waiting) {
      waiting.resolve(m);
      waiting = undefined;
    } else queue.push(m);
  });
  worker.on('error', (err: Error & { code?: string }) =>
    breakWith(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? fail(
            `needs more than ${memoryMb} MB of memory to read, so its import was stopped; split it into smaller files`,
          )
        : fail(`could not be read: its reader crashed (${err.message}); check that it is the file you meant`),
    ),
  );
  worker.on('exit', (code) => {
    release();
    breakWith(fail(`could not be read: its reader stopped (exit code ${code})`));
  });
  return {
    next: () => {
      const m = queue.shift();
      if (m) return Promise.resolve(m);
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    post: (m) => worker.postMessage(m),
    stop: async () => {
      broken ??= new Error('stopped');
      await worker.terminate();
    },
  };
}

/** A reply that is an error becomes the error the importers know (the file's fault) or a parser-crash sentence. */
function unwrap(m: WorkerReply, fail: (message: string) => Error): WorkerReply {
  if (m.type !== 'error') return m;
  if (FILE_ERRORS.has(m.errorName)) throw fail(m.message);
  throw fail(`could not be read (${m.message}); the file is damaged or not what its name says`);
}

/** Messages that already say what is wrong pass as they are; the others get the file's name in front. */
const sentence = (shown: string, message: string) =>
  /^[A-Z]/.test(message) || message.startsWith(shown) ? message : `${shown} ${message}.`;

/** openTable, parsed in a worker: the same rows, in batches from the worker thread. */
export async function openTableInWorker(
  path: string,
  shown: string,
  memoryMb: number = DEFAULT_WORKER_MEMORY_MB,
): Promise<OpenedTable & { close: () => Promise<void> }> {
  const fail = (message: string) => new FileFormatError(sentence(shown, message));
  const channel = await start({ task: 'table', path, shown, batch: ROWS_PER_BATCH }, memoryMb, fail);
  let first: WorkerReply;
  try {
    first = unwrap(await channel.next(), fail);
  } catch (err) {
    await channel.stop();
    throw err;
  }
  if (first.type !== 'info') {
    await channel.stop();
    throw fail('could not be read: its reader answered out of order');
  }
  let fraction = 0;
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      channel.post({ type: 'next' });
      for (;;) {
        const m = unwrap(await channel.next(), fail);
        if (m.type !== 'rows') throw fail('could not be read: its reader answered out of order');
        // One batch ahead: the worker parses the next batch while this thread checks these rows. Asking only
        // after they were used kept the two in turn (at 500k rows, 4.8 s waiting for rows + 4.4 s checking
        // them); a single request in flight still lets a slow database slow the reader.
        if (!m.done) channel.post({ type: 'next' });
        fraction = m.fraction;
        yield* m.rows;
        if (m.done) return;
      }
    } finally {
      await channel.stop();
    }
  }
  return { info: first.info, rows: rows(), fraction: () => fraction, close: () => channel.stop() };
}

/** readBoundaryFile, run in a worker. */
export async function readBoundaryFileInWorker(
  path: string,
  maxBytes: number,
  shown: string,
  memoryMb: number = DEFAULT_WORKER_MEMORY_MB,
): Promise<BoundaryFile> {
  const fail = (message: string) => new BoundaryFileError(sentence(shown, message));
  const channel = await start({ task: 'boundary', path, shown, maxBytes }, memoryMb, fail);
  try {
    const m = unwrap(await channel.next(), fail);
    if (m.type !== 'boundary') throw fail('could not be read: its reader answered out of order');
    return m.result;
  } finally {
    await channel.stop();
  }
}
