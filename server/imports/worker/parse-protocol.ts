// Messages between the main thread and the parse worker (structured-cloned: plain data, Dates allowed).
import type { BoundaryFile } from '../boundaries/read-boundary-file.ts';
import type { TableInfo, TableRow } from '../table-reader.ts';

export type ParseTask =
  | { task: 'table'; path: string; shown: string; batch: number }
  | { task: 'boundary'; path: string; shown: string; maxBytes: number };

export type WorkerReply =
  | { type: 'info'; info: TableInfo }
  | { type: 'rows'; rows: TableRow[]; fraction: number; done: boolean }
  | { type: 'boundary'; result: BoundaryFile }
  | { type: 'error'; errorName: string; message: string };
