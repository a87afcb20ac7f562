// Where uploaded import files wait for their job: a private folder under the data directory (0700, files 0600),
// never the machine's shared temp folder, where other users could read NIKs. Files are named by the process that
// wrote them, so a start-up sweep can delete what a dead process left behind without touching the files of a
// live one (tests and several instances on one data directory run side by side).
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class UploadFolder {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'uploads');
  }

  /** Creates the folder (or tightens an existing one) to owner-only access. */
  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
  }

  /** Deletes files whose writing process is gone; returns how many. */
  async sweepOrphans(): Promise<number> {
    let swept = 0;
    for (const name of await readdir(this.dir)) {
      const pid = Number(/^(\d+)\./.exec(name)?.[1]);
      if (pid === process.pid || (Number.isInteger(pid) && alive(pid))) continue;
      await rm(path.join(this.dir, name), { force: true, recursive: true });
      swept++;
    }
    return swept;
  }

  /** Streams an upload into a new 0600 file; on any error the partial file is deleted before rethrowing. */
  async save(stream: Readable, extension: string): Promise<string> {
    const ext = /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '';
    const target = path.join(this.dir, `${process.pid}.${randomUUID()}${ext}`);
    try {
      await pipeline(stream, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
      return target;
    } catch (err) {
      await rm(target, { force: true });
      throw err;
    }
  }

  /** Deletes an upload; never throws (a missing file is already what we want). */
  async remove(file: string | undefined): Promise<void> {
    if (file) await rm(file, { force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
